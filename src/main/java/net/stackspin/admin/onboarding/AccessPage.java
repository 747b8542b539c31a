package net.stackspin.admin.onboarding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import net.stackspin.admin.kratos.CourierMessage;
import net.stackspin.admin.kratos.IdentityAccess;
import net.stackspin.admin.kratos.IdentitySession;
import net.stackspin.admin.kratos.KratosCourier;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.KratosSessionsAdmin;

import org.springframework.stereotype.Service;

/** Gathers what the "Access & recovery" tab shows of one identity. */
@Service
class AccessPage {

	/** The newest courier messages per address; older ones rarely matter. */
	static final int MESSAGES_PER_ADDRESS = 20;

	private final KratosCredentials credentials;

	private final KratosSessionsAdmin sessions;

	private final KratosCourier courier;

	AccessPage(KratosCredentials credentials, KratosSessionsAdmin sessions, KratosCourier courier) {
		this.credentials = credentials;
		this.sessions = sessions;
		this.courier = courier;
	}

	public record View(IdentityAccess access, net.stackspin.admin.kratos.InvitationNote invitation,
			List<IdentitySession> sessions, List<CourierMessage> messages) {

		public boolean anyActiveSession() {
			return this.sessions.stream().anyMatch(IdentitySession::active);
		}

	}

	View load(String identityId) {
		IdentityAccess access = this.credentials.identityAccess(identityId);
		List<IdentitySession> sessions = this.sessions.sessions(identityId);
		List<CourierMessage> messages = new ArrayList<>();
		for (String address : addresses(access)) {
			messages.addAll(this.courier.messagesTo(address, MESSAGES_PER_ADDRESS));
		}
		messages.sort(Comparator.comparing(CourierMessage::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
		return new View(access, InvitationService.lastInvitation(access), sessions, messages);
	}

	/** The recovery addresses, or the e-mail trait when Kratos lists none. */
	static Set<String> addresses(IdentityAccess access) {
		Set<String> addresses = new LinkedHashSet<>(access.recoveryAddresses());
		if (addresses.isEmpty() && !access.identity().email().isBlank()) {
			addresses.add(access.identity().email());
		}
		return addresses;
	}

}

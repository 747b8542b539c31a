package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One identity as an export writes it: what the list shows plus roles and the invitation
 * note, never credentials.
 *
 * @param summary the identity as the list shows it (naming, state, times)
 * @param traits the traits as Kratos stored them (types kept)
 * @param addresses how many verifiable addresses it has
 * @param verifiedAddresses how many of them are verified
 * @param roles the entries of {@code metadata_admin.roles}
 * @param invitationValidUntil {@code metadata_admin.invitation.valid_until}, or null when
 * no invitation was noted
 */
public record ExportedIdentity(IdentitySummary summary, JsonNode traits, int addresses, int verifiedAddresses,
		List<String> roles, Instant invitationValidUntil, boolean invited) {

	public ExportedIdentity {
		roles = List.copyOf(roles);
	}

	/** Whether every verifiable address is verified (false when it has none). */
	public boolean allVerified() {
		return this.addresses > 0 && this.verifiedAddresses == this.addresses;
	}

}

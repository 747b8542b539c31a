package net.stackspin.admin.kratos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * An identity's sessions through the admin API: list them with their devices, end one,
 * end all. Raw JSON: the generated {@code Session} throws on sign-in methods it does not
 * know (kratos.md §2.2).
 */
public class KratosSessionsAdmin {

	/** More sessions than anyone has devices; the page shows the newest. */
	static final int MAX_SESSIONS = 250;

	private final KratosJson admin;

	private final KratosCalls calls;

	KratosSessionsAdmin(KratosClients clients, MeterRegistry meters) {
		this.admin = new KratosJson(clients.admin());
		this.calls = new KratosCalls(meters);
	}

	/** The identity's sessions, active and ended; empty is normal. */
	public List<IdentitySession> sessions(String identityId) {
		String uuid = KratosAdminClient.requireUuid(identityId);
		JsonNode list;
		try {
			list = this.calls
				.run("list_identity_sessions", () -> this.admin.get("admin/identities/" + uuid + "/sessions",
						Map.of("page_size", Integer.toString(MAX_SESSIONS)), Map.of()))
				.body();
		}
		catch (KratosRequestRejectedException ex) {
			throw (ex.getStatus() == 404) ? new IdentityNotFoundException(uuid) : ex;
		}
		List<IdentitySession> sessions = new ArrayList<>();
		for (JsonNode session : list) {
			sessions.add(session(session));
		}
		return sessions;
	}

	/**
	 * Ends one session of this identity.
	 * @return {@code false} if the identity has no such session
	 */
	public boolean revoke(String identityId, String sessionId) {
		boolean own = sessions(identityId).stream().anyMatch((s) -> s.id().equals(sessionId));
		if (!own) {
			return false; // never end another identity's session through this one's page
		}
		try {
			this.calls.run("disable_session", () -> this.admin.delete("admin/sessions/" + sessionId, Map.of()));
			return true;
		}
		catch (KratosRequestRejectedException ex) {
			if (ex.getStatus() == 404) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Ends every session of the identity.
	 * @return {@code false} if it had none
	 */
	public boolean revokeAll(String identityId) {
		String uuid = KratosAdminClient.requireUuid(identityId);
		try {
			this.calls.run("delete_identity_sessions",
					() -> this.admin.delete("admin/identities/" + uuid + "/sessions", Map.of()));
			return true;
		}
		catch (KratosRequestRejectedException ex) {
			if (ex.getStatus() == 404) {
				return false; // Kratos answers 404 when there was nothing to end
			}
			throw ex;
		}
	}

	static IdentitySession session(JsonNode session) {
		List<String> methods = new ArrayList<>();
		for (JsonNode method : session.path("authentication_methods")) {
			methods.add(method.path("method").asString(""));
		}
		List<IdentitySession.Device> devices = new ArrayList<>();
		for (JsonNode device : session.path("devices")) {
			devices.add(new IdentitySession.Device(device.path("ip_address").asString(""),
					device.path("user_agent").asString(""), device.path("location").asString("")));
		}
		return new IdentitySession(session.path("id").asString(), session.path("active").asBoolean(false),
				KratosJson.instant(session, "authenticated_at"), KratosJson.instant(session, "expires_at"),
				session.path("authenticator_assurance_level").asString(""), methods, devices);
	}

}

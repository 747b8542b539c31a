package net.stackspin.admin.kratos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * An identity's ways in, through the admin API: its credentials and recovery addresses,
 * resetting a second factor, recovery codes, and the panel's notes in
 * {@code metadata_admin}. Raw JSON (kratos.md §2), so unknown credential types cannot
 * break the page.
 */
public class KratosCredentials {

	private final KratosJson admin;

	private final KratosCalls calls;

	KratosCredentials(KratosClients clients, MeterRegistry meters) {
		this.admin = new KratosJson(clients.admin());
		this.calls = new KratosCalls(meters);
	}

	/** The identity with its credentials; {@link IdentityNotFoundException} if none. */
	public IdentityAccess identityAccess(String identityId) {
		String uuid = KratosAdminClient.requireUuid(identityId);
		// the password's config tells whether one was ever set (an invited identity has
		// the
		// credential, keyed on its e-mail, but no hash); the hash is read for that only
		JsonNode identity = getIdentity(uuid, Map.of("include_credential", "password"));
		List<String> addresses = new ArrayList<>();
		for (JsonNode address : identity.path("recovery_addresses")) {
			addresses.add(address.path("value").asString());
		}
		List<IdentityAccess.Credential> credentials = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : identity.path("credentials").properties()) {
			List<String> identifiers = new ArrayList<>();
			for (JsonNode identifier : entry.getValue().path("identifiers")) {
				identifiers.add(identifier.asString());
			}
			JsonNode config = entry.getValue().path("config");
			boolean set = !"password".equals(entry.getKey()) || !config.path("hashed_password").asString("").isEmpty()
					|| config.path("use_password_migration_hook").asBoolean(false);
			credentials.add(new IdentityAccess.Credential(entry.getKey(), identifiers,
					KratosJson.instant(entry.getValue(), "created_at"), set));
		}
		return new IdentityAccess(KratosJson.summary(identity), addresses, credentials,
				KratosJson.object(identity.path("metadata_admin")));
	}

	/**
	 * Removes a second factor (TOTP, WebAuthn MFA keys or lookup codes).
	 * @return {@code false} if the identity did not have it
	 * @throws IllegalArgumentException for a first factor, which Kratos never removes
	 */
	public boolean removeSecondFactor(String identityId, String type) {
		if (!IdentityAccess.SECOND_FACTORS.contains(type)) {
			throw new IllegalArgumentException("not a second factor: " + type);
		}
		String uuid = KratosAdminClient.requireUuid(identityId);
		getIdentity(uuid); // a deleted identity is "not found", not "had no such factor"
		try {
			this.calls.run("delete_identity_credentials",
					() -> this.admin.delete("admin/identities/" + uuid + "/credentials/" + type, Map.of()));
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
	 * A six-digit recovery code with the page to enter it on. The code is a credential:
	 * show it to whom it is for, never log it.
	 */
	public RecoveryCode createRecoveryCode(String identityId, Duration lifetime) {
		String uuid = KratosAdminClient.requireUuid(identityId);
		Map<String, Object> body = Map.of("identity_id", uuid, "expires_in", lifetime.toSeconds() + "s");
		try {
			JsonNode code = this.calls
				.run("create_recovery_code", () -> this.admin.post("admin/recovery/code", Map.of(), Map.of(), body))
				.body();
			return new RecoveryCode(code.path("recovery_code").asString(), code.path("recovery_link").asString(),
					KratosJson.instant(code, "expires_at"));
		}
		catch (KratosRequestRejectedException ex) {
			if (ex.getStatus() == 404 || ex.getReason().contains("does not exist")) {
				throw new IdentityNotFoundException(uuid);
			}
			throw ex;
		}
	}

	/**
	 * Sets {@code metadata_admin.<key>}, keeping everything else there (the roles!).
	 */
	public void putAdminMetadata(String identityId, String key, Map<String, Object> value) {
		String uuid = KratosAdminClient.requireUuid(identityId);
		JsonNode identity = getIdentity(uuid);
		Map<String, Object> patch;
		if (identity.path("metadata_admin").isObject()) {
			patch = Map.of("op", "add", "path", "/metadata_admin/" + key.replace("~", "~0").replace("/", "~1"), "value",
					value);
		}
		else {
			patch = Map.of("op", "add", "path", "/metadata_admin", "value", Map.of(key, value));
		}
		try {
			this.calls.run("patch_identity", () -> this.admin.patch("admin/identities/" + uuid, List.of(patch)));
		}
		catch (KratosRequestRejectedException ex) {
			throw (ex.getStatus() == 404) ? new IdentityNotFoundException(uuid) : ex;
		}
	}

	private JsonNode getIdentity(String uuid) {
		return getIdentity(uuid, Map.of());
	}

	private JsonNode getIdentity(String uuid, Map<String, String> query) {
		try {
			return this.calls.run("get_identity", () -> this.admin.get("admin/identities/" + uuid, query, Map.of()))
				.body();
		}
		catch (KratosRequestRejectedException ex) {
			throw (ex.getStatus() == 404) ? new IdentityNotFoundException(uuid) : ex;
		}
	}

}

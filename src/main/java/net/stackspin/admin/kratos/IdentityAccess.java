package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the "Access & recovery" page needs of one identity: who it is, how it can sign in,
 * where recovery mail goes, and the panel's notes in {@code metadata_admin}.
 *
 * @param identity the identity
 * @param recoveryAddresses the addresses Kratos sends recovery mail to
 * @param credentials the credential types it has, first and second factors
 * @param metadataAdmin its {@code metadata_admin} object (empty when it has none)
 */
public record IdentityAccess(IdentitySummary identity, List<String> recoveryAddresses, List<Credential> credentials,
		Map<String, Object> metadataAdmin) {

	/** Credential types an administrator may reset: Kratos deletes them on request. */
	public static final Set<String> SECOND_FACTORS = Set.of("totp", "webauthn", "lookup_secret");

	public IdentityAccess {
		recoveryAddresses = List.copyOf(recoveryAddresses);
		credentials = List.copyOf(credentials);
		metadataAdmin = (metadataAdmin != null) ? Map.copyOf(metadataAdmin) : Map.of();
	}

	/**
	 * One credential type of the identity.
	 *
	 * @param type Kratos's type, e.g. {@code password}, {@code totp}
	 * @param identifiers what it is keyed on (an e-mail for a password; empty for TOTP)
	 * @param createdAt when it was set up
	 * @param set whether it can be used: {@code false} for the password of an invited
	 * user who has not chosen one yet
	 */
	public record Credential(String type, List<String> identifiers, Instant createdAt, boolean set) {

		public boolean secondFactor() {
			return SECOND_FACTORS.contains(this.type);
		}

	}

	public boolean has(String type) {
		return this.credentials.stream().anyMatch((c) -> c.type().equals(type));
	}

	/** The roles in its {@code metadata_admin.roles}; empty when it has none. */
	public List<String> roles() {
		return KratosAdminClient.roles(this.metadataAdmin);
	}

	/** Whether the owner has set a password (invited users have none yet). */
	public boolean hasPassword() {
		return this.credentials.stream().anyMatch((c) -> c.type().equals("password") && c.set());
	}

}

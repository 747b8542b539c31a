package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the panel shows about one identity on its detail page. Credentials are named
 * by type only; their configuration (hashes, secrets) never leaves Kratos.
 *
 * @param summary id, schema, traits, state, verified, created and updated
 * @param stateChangedAt when the state last changed, if Kratos knows
 * @param verifiableAddresses the addresses Kratos can verify, with their status
 * @param recoveryAddresses the addresses recovery messages go to
 * @param credentialTypes the sign-in methods set up, e.g. {@code password}, {@code totp}
 * @param metadataPublic {@code metadata_public} as maps, lists and scalars; may be null
 * @param metadataAdmin {@code metadata_admin} as maps, lists and scalars; may be null
 * @param roles the roles in {@code metadata_admin.roles}
 */
public record IdentityDetail(IdentitySummary summary, Instant stateChangedAt, List<Address> verifiableAddresses,
		List<Address> recoveryAddresses, List<String> credentialTypes, Object metadataPublic, Object metadataAdmin,
		List<String> roles) {

	public IdentityDetail {
		verifiableAddresses = List.copyOf(verifiableAddresses);
		recoveryAddresses = List.copyOf(recoveryAddresses);
		credentialTypes = List.copyOf(credentialTypes);
		roles = List.copyOf(roles);
	}

	public String id() {
		return this.summary.id();
	}

	public Map<String, Object> traits() {
		return this.summary.traits();
	}

	public IdentityState state() {
		return this.summary.state();
	}

	public Instant updatedAt() {
		return this.summary.updatedAt();
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

	/**
	 * One address of an identity.
	 *
	 * @param value the address, e.g. an e-mail
	 * @param via how it is reached, e.g. {@code email}
	 * @param verified whether its owner proved it is theirs (always false for recovery
	 * addresses, which Kratos does not verify)
	 */
	public record Address(String value, String via, boolean verified) {
	}

}

package net.stackspin.admin.kratos;

import java.util.List;
import java.util.Map;

/**
 * What the panel sends to Kratos to create an identity.
 *
 * @param schemaId the identity schema; {@code null} for Kratos's default
 * @param traits the traits, validated by Kratos against the schema
 * @param state active or inactive
 * @param adminRoles the roles kept in {@code metadata_admin.roles} (e.g. "admin")
 */
public record NewIdentity(String schemaId, Map<String, Object> traits, IdentityState state, List<String> adminRoles) {

	public NewIdentity {
		traits = Map.copyOf(traits);
		state = (state != null) ? state : IdentityState.ACTIVE;
		adminRoles = (adminRoles != null) ? List.copyOf(adminRoles) : List.of();
	}

	public static NewIdentity withTraits(Map<String, Object> traits) {
		return new NewIdentity(null, traits, IdentityState.ACTIVE, List.of());
	}

}

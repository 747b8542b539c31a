package net.stackspin.admin.kratos;

import java.util.List;

/**
 * An identity and the roles in its {@code metadata_admin.roles}, read in one call.
 *
 * @param identity the identity as lists show it
 * @param adminRoles its roles (panel roles and any others), empty when it has none
 */
public record IdentityWithRoles(IdentitySummary identity, List<String> adminRoles) {

	public IdentityWithRoles {
		adminRoles = List.copyOf(adminRoles);
	}

}

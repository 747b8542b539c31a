package net.stackspin.admin.testing;

import java.util.List;
import java.util.Map;

import net.stackspin.admin.auth.AdminRole;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;

/** Real identities in the test Kratos, each with its own e-mail and a password. */
public final class TestIdentities {

	/** Long enough and unlike any test e-mail, so Kratos's password policy accepts it. */
	public static final String PASSWORD = "Correct-Horse-Battery-Staple-42";

	private TestIdentities() {
	}

	public static IdentitySummary admin(KratosAdminClient kratos, String email) {
		return create(kratos, email, IdentityState.ACTIVE, List.of(AdminRole.KRATOS_ROLE));
	}

	public static IdentitySummary user(KratosAdminClient kratos, String email) {
		return create(kratos, email, IdentityState.ACTIVE, List.of());
	}

	public static IdentitySummary create(KratosAdminClient kratos, String email, IdentityState state,
			List<String> roles) {
		return kratos.createIdentityWithPassword(new NewIdentity(null,
				Map.of("email", email, "name", Map.of("first", "Test", "last", "Person")), state, roles), PASSWORD);
	}

}

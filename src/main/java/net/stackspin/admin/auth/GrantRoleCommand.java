package net.stackspin.admin.auth;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosIdentities;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code --grant-role=ROLE --identity=EMAIL}: gives an existing identity a panel role
 * ({@code viewer}, {@code helpdesk} or {@code admin}), replacing the panel role it had
 * and keeping every other entry of {@code metadata_admin.roles}. For operators granting a
 * colleague access without the panel; the person signs in with their own password. Safe
 * to run again. Like the panel, it never demotes the last active administrator (exit
 * {@value #EXIT_LAST_ADMIN}), and it says so when the identity is deactivated (the role
 * is granted, but nobody signs in with it until the identity is activated).
 */
@Component
class GrantRoleCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String OPTION = "grant-role";

	static final String IDENTITY_OPTION = "identity";

	/** The exit code when the change would leave no active administrator. */
	static final int EXIT_LAST_ADMIN = 3;

	private final KratosAdminClient kratos;

	/** The actor label of this command's audit events (no panel user runs it). */
	static final String ACTOR = "command:--grant-role";

	private final AuditTrail audit;

	private final PrintStream out;

	private int exitCode;

	private final KratosIdentities identities;

	GrantRoleCommand(KratosAdminClient kratos, KratosIdentities identities, AuditTrail audit) {
		this.kratos = kratos;
		this.identities = identities;
		this.audit = audit;
		this.out = System.out;
	}

	/**
	 * What the command did.
	 *
	 * @param refused whether it refused: the identity is the last active administrator
	 */
	record Outcome(IdentitySummary identity, PanelRole role, boolean changed, boolean refused) {
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!args.containsOption(OPTION)) {
			return;
		}
		Optional<PanelRole> role = PanelRole.of(first(args, OPTION));
		String email = first(args, IDENTITY_OPTION);
		if (role.isEmpty() || email.isEmpty()) {
			System.err.println("Usage: --grant-role=viewer|helpdesk|admin --identity=EMAIL");
			this.exitCode = 2;
			return;
		}
		try {
			Optional<Outcome> outcome = grant(email, role.get());
			if (outcome.isEmpty()) {
				System.err.println("No identity has the e-mail " + email
						+ ". Create it in the panel, or use --bootstrap-admin for a first administrator.");
				this.exitCode = 1;
				return;
			}
			Outcome done = outcome.get();
			if (done.refused()) {
				this.audit.event("identity.update")
					.actor(null, ACTOR, null)
					.target(done.identity().id(), email.toLowerCase(java.util.Locale.ROOT))
					.changed(List.of("role"))
					.value("role", done.role().kratosName())
					.outcome("refused")
					.record();
				System.err.println(done.identity().email() + " (identity " + done.identity().id()
						+ ") is the last active administrator: the panel would have none. Nothing was changed; "
						+ "grant another identity the admin role first.");
				this.exitCode = EXIT_LAST_ADMIN;
				return;
			}
			if (done.changed()) {
				this.audit.event("identity.update")
					.actor(null, ACTOR, null)
					.target(done.identity().id(), email.toLowerCase(java.util.Locale.ROOT))
					.changed(List.of("role"))
					.value("role", done.role().kratosName())
					.record();
			}
			this.out.println(done.identity().email() + " (identity " + done.identity().id() + "): panel role "
					+ done.role().kratosName() + (done.changed() ? " granted" : " already held"));
			if (done.identity().state() == IdentityState.INACTIVE) {
				this.out.println("Note: the identity is deactivated: it cannot sign in with this role until an "
						+ "administrator activates it.");
			}
			this.out.flush();
		}
		catch (KratosException ex) {
			System.err.println("Could not grant the role: " + ex.getMessage());
			this.exitCode = 1;
		}
	}

	/**
	 * @return empty if no identity has this e-mail
	 */
	Optional<Outcome> grant(String email, PanelRole role) {
		return this.kratos.findByIdentifier(email).map((identity) -> {
			if (role != PanelRole.ADMIN && identity.state() != IdentityState.INACTIVE
					&& this.kratos.adminRoles(identity.id()).contains(PanelRole.ADMIN.kratosName())
					&& !this.identities.anotherActiveHolderOf(PanelRole.ADMIN.kratosName(), identity.id())) {
				return new Outcome(identity, role, false, true);
			}
			return new Outcome(identity, role,
					this.kratos.setExclusiveRole(identity.id(), role.kratosName(), PanelRole.kratosNames()), false);
		});
	}

	private static String first(ApplicationArguments args, String option) {
		List<String> values = args.getOptionValues(option);
		return (values == null || values.isEmpty()) ? "" : values.get(0).trim();
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}

package net.stackspin.admin.auth;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code --grant-role=ROLE --identity=EMAIL}: gives an existing identity a panel role
 * ({@code viewer}, {@code helpdesk} or {@code admin}), replacing the panel role it had
 * and keeping every other entry of {@code metadata_admin.roles}. For operators granting a
 * colleague access without the panel; the person signs in with their own password. Safe
 * to run again.
 */
@Component
class GrantRoleCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String OPTION = "grant-role";

	static final String IDENTITY_OPTION = "identity";

	private final KratosAdminClient kratos;

	/** The actor label of this command's audit events (no panel user runs it). */
	static final String ACTOR = "command:--grant-role";

	private final AuditTrail audit;

	private final PrintStream out;

	private int exitCode;

	GrantRoleCommand(KratosAdminClient kratos, AuditTrail audit) {
		this.kratos = kratos;
		this.audit = audit;
		this.out = System.out;
	}

	/** What the command did. */
	record Outcome(IdentitySummary identity, PanelRole role, boolean changed) {
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
		return this.kratos.findByIdentifier(email)
			.map((identity) -> new Outcome(identity, role,
					this.kratos.setExclusiveRole(identity.id(), role.kratosName(), PanelRole.kratosNames())));
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

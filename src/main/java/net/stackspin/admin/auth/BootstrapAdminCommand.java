package net.stackspin.admin.auth;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.kratos.RecoveryLink;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code --bootstrap-admin=EMAIL}: makes sure an administrator with this e-mail exists
 * (creating the identity if needed, granting the admin role, activating it) and prints a
 * recovery link through which that person sets a password. Safe to run again: it never
 * duplicates anything and never prints or logs a password; the link is printed to the
 * terminal only.
 */
@Component
class BootstrapAdminCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String OPTION = "bootstrap-admin";

	private final KratosAdminClient kratos;

	private final Duration linkLifetime;

	/** The actor label of this command's audit events (no panel user runs it). */
	static final String ACTOR = "command:--bootstrap-admin";

	private final AuditTrail audit;

	private final PrintStream out;

	private int exitCode;

	BootstrapAdminCommand(KratosAdminClient kratos, BootstrapProperties properties, AuditTrail audit) {
		this.kratos = kratos;
		this.audit = audit;
		this.linkLifetime = properties.recoveryLinkLifetime();
		this.out = System.out;
	}

	/** What the command did. */
	record Outcome(IdentitySummary identity, boolean created, boolean roleGranted, boolean activated,
			RecoveryLink link) {
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!args.containsOption(OPTION)) {
			return;
		}
		List<String> values = args.getOptionValues(OPTION);
		String email = (values.isEmpty()) ? "" : values.get(0).trim();
		if (!looksLikeEmail(email)) {
			System.err.println("--bootstrap-admin needs an e-mail address, e.g. --bootstrap-admin=admin@example.org");
			this.exitCode = 2;
			return;
		}
		try {
			Outcome outcome = bootstrap(email);
			audit(outcome, email);
			print(outcome);
		}
		catch (KratosException ex) {
			System.err.println("Could not create the first administrator: " + ex.getMessage());
			this.exitCode = 1;
		}
	}

	Outcome bootstrap(String email) {
		IdentitySummary identity = this.kratos.findByIdentifier(email).orElse(null);
		boolean created = identity == null;
		if (created) {
			identity = this.kratos.createIdentity(new NewIdentity(null, Map.of("email", email), IdentityState.ACTIVE,
					List.of(AdminRole.KRATOS_ROLE)));
		}
		boolean granted = created || this.kratos.grantRole(identity.id(), AdminRole.KRATOS_ROLE);
		boolean activated = identity.state() == IdentityState.INACTIVE;
		if (activated) {
			this.kratos.setState(identity.id(), IdentityState.ACTIVE);
		}
		RecoveryLink link = this.kratos.createRecoveryLink(identity.id(), this.linkLifetime);
		return new Outcome(identity, created, granted, activated, link);
	}

	/** What changed, as the panel's own actions record it; never the link. */
	private void audit(Outcome outcome, String email) {
		String id = outcome.identity().id();
		String label = email.toLowerCase(Locale.ROOT);
		if (outcome.created()) {
			this.audit.event("identity.create")
				.actor(null, ACTOR, null)
				.target(id, label)
				.changed(List.of("email", "state", "role"))
				.value("state", "active")
				.value("role", AdminRole.KRATOS_ROLE)
				.record();
		}
		else if (outcome.roleGranted() || outcome.activated()) {
			AuditTrail.Event update = this.audit.event("identity.update").actor(null, ACTOR, null).target(id, label);
			if (outcome.roleGranted()) {
				update.changed(List.of("role")).value("role", AdminRole.KRATOS_ROLE);
			}
			if (outcome.activated()) {
				update.changed(List.of("state")).value("state", "active");
			}
			update.record();
		}
		this.audit.event("identity.recovery_link").actor(null, ACTOR, null).target(id, label).record();
	}

	private void print(Outcome outcome) {
		this.out.println();
		this.out.println("Stackspin administrator " + outcome.identity().email() + " (identity "
				+ outcome.identity().id() + "):");
		this.out.println("  identity:   " + (outcome.created() ? "created" : "already existed"));
		this.out.println("  admin role: " + (outcome.roleGranted() ? "granted" : "already held"));
		if (outcome.activated()) {
			this.out.println("  state:      was deactivated, now active");
		}
		this.out.println();
		this.out
			.println("To choose a password, open this link before " + outcome.link().expiresAt() + " (it works once):");
		this.out.println();
		this.out.println("  " + outcome.link().url());
		this.out.println();
		this.out.println("Then sign in to the panel with " + outcome.identity().email() + " and that password.");
		this.out.flush();
	}

	private static boolean looksLikeEmail(String email) {
		int at = email.indexOf('@');
		return at > 0 && at < email.length() - 1 && email.chars().noneMatch(Character::isWhitespace);
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}

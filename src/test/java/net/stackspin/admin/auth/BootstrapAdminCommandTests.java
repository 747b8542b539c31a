package net.stackspin.admin.auth;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.stackspin.admin.AdminApplication;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.testing.KratosFlows;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --bootstrap-admin=EMAIL} and {@code --grant-role=ROLE --identity=EMAIL} run as
 * the one-shot commands they are in production (no web server), against the real Kratos;
 * the link it prints is followed through Kratos's recovery and settings flows, and the
 * new password then signs the person in.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminCommandTests extends KratosIntegrationTest {

	private static final Pattern LINK = Pattern.compile("(http://\\S+/self-service/recovery\\?\\S+)");

	private static final Pattern IDENTITY = Pattern.compile("\\(identity ([0-9a-f-]{36})\\)");

	@Test
	void bootstrapWhenNewEmailThenCreatesAdminAndPrintsWorkingRecoveryLink(CapturedOutput output) {
		String email = uniqueEmail("first-admin");
		assertThat(runCommand("--bootstrap-admin=" + email)).isZero();
		assertThat(output.getOut()).contains("identity:   created").contains("admin role: granted");

		try (ConfigurableApplicationContext context = kratosOnlyContext()) {
			KratosAdminClient kratos = context.getBean(KratosAdminClient.class);
			IdentitySummary identity = kratos.findByIdentifier(email).orElseThrow();
			assertThat(identity.id()).isEqualTo(find(IDENTITY, output.getOut()));
			assertThat(kratos.adminRoles(identity.id())).contains(AdminRole.KRATOS_ROLE);
			assertThat(identity.state()).isEqualTo(IdentityState.ACTIVE);

			new KratosFlows(KRATOS.publicUrl()).completeRecoveryLink(find(LINK, output.getOut()),
					TestIdentities.PASSWORD);
			KratosPublicClient.SignedIn signedIn = context.getBean(KratosPublicClient.class)
				.signInWithPassword(email, TestIdentities.PASSWORD);
			assertThat(signedIn.session().identityId()).isEqualTo(identity.id());
		}
		assertThat(output.getAll()).doesNotContain(TestIdentities.PASSWORD);
		String id = find(IDENTITY, output.getOut());
		assertThat(output.getOut())
			.containsPattern("action=identity.create outcome=success actor=\"command:--bootstrap-admin\" target=\""
					+ Pattern.quote(email) + "\" target_id=" + id + " changed=email,state,role role=admin state=active")
			.containsPattern(
					"action=identity.recovery_link outcome=success actor=\"command:--bootstrap-admin\" .*target_id="
							+ id);
		assertThat(auditLines(output)).noneMatch((line) -> line.contains("/self-service/recovery"));
	}

	@Test
	void bootstrapWhenRunTwiceThenNothingDuplicatedAndANewLinkEachTime(CapturedOutput output) {
		String email = uniqueEmail("twice");
		assertThat(runCommand("--bootstrap-admin=" + email)).isZero();
		String first = find(LINK, output.getOut());
		assertThat(runCommand("--bootstrap-admin=" + email)).isZero();
		assertThat(output.getOut()).contains("identity:   already existed").contains("admin role: already held");
		String second = find(LINK, output.getOut().substring(output.getOut().indexOf(first) + first.length()));
		assertThat(second).isNotEqualTo(first);
		try (ConfigurableApplicationContext context = kratosOnlyContext()) {
			KratosAdminClient kratos = context.getBean(KratosAdminClient.class);
			assertThat(kratos.findByIdentifier(email)).isPresent();
			assertThat(kratos.adminRoles(kratos.findByIdentifier(email).orElseThrow().id()))
				.containsOnlyOnce(AdminRole.KRATOS_ROLE);
		}
	}

	@Test
	void bootstrapWhenExistingDeactivatedUserThenGrantsRoleAndActivatesKeepingProfile(CapturedOutput output) {
		String email = uniqueEmail("promoted");
		try (ConfigurableApplicationContext context = kratosOnlyContext()) {
			KratosAdminClient kratos = context.getBean(KratosAdminClient.class);
			IdentitySummary user = TestIdentities.create(kratos, email, IdentityState.INACTIVE, List.of());
			assertThat(runCommand("--bootstrap-admin=" + email)).isZero();
			assertThat(output.getOut()).contains("admin role: granted").contains("was deactivated, now active");
			IdentitySummary after = kratos.getIdentity(user.id());
			assertThat(after.state()).isEqualTo(IdentityState.ACTIVE);
			assertThat(after.displayName()).isEqualTo("Test Person");
			assertThat(kratos.adminRoles(user.id())).contains(AdminRole.KRATOS_ROLE);
		}
	}

	@Test
	void bootstrapWhenNotAnEmailThenUsageAndExitCode2(CapturedOutput output) {
		assertThat(runCommand("--bootstrap-admin=not an email")).isEqualTo(2);
		assertThat(output.getErr()).contains("--bootstrap-admin needs an e-mail address");
	}

	@Test
	void bootstrapWhenKratosDownThenClearMessageAndExitCode1(CapturedOutput output) {
		int code = SpringApplication.exit(AdminApplication.commandApplication()
			.run(kratosArgs("http://127.0.0.1:9", "--bootstrap-admin=a@example.org")));
		assertThat(code).isEqualTo(1);
		assertThat(output.getErr()).contains("Could not create the first administrator");
	}

	@Test
	void grantRoleReplacesThePanelRoleAndKeepsOtherRoles(CapturedOutput output) {
		String email = uniqueEmail("colleague");
		try (ConfigurableApplicationContext context = kratosOnlyContext()) {
			KratosAdminClient kratos = context.getBean(KratosAdminClient.class);
			IdentitySummary colleague = TestIdentities.create(kratos, email, IdentityState.ACTIVE, List.of("billing"));
			assertThat(runCommand("--grant-role=helpdesk", "--identity=" + email)).isZero();
			assertThat(output.getOut())
				.contains(email + " (identity " + colleague.id() + "): panel role helpdesk granted");
			assertThat(kratos.adminRoles(colleague.id())).containsExactly("billing", "helpdesk");
			assertThat(output.getOut())
				.containsPattern("action=identity.update outcome=success actor=\"command:--grant-role\" .*target_id="
						+ colleague.id() + " changed=role role=helpdesk");

			assertThat(runCommand("--grant-role=viewer", "--identity=" + email)).isZero();
			assertThat(kratos.adminRoles(colleague.id())).containsExactly("billing", "viewer");
			assertThat(runCommand("--grant-role=viewer", "--identity=" + email)).isZero();
			assertThat(output.getOut()).contains("panel role viewer already held");
			assertThat(kratos.adminRoles(colleague.id())).containsExactly("billing", "viewer");

			assertThat(runCommand("--grant-role=admin", "--identity=" + email)).isZero();
			assertThat(kratos.adminRoles(colleague.id())).containsExactly("billing", "admin");
			assertThat(kratos.getIdentity(colleague.id()).displayName()).isEqualTo("Test Person");
		}
	}

	@Test
	void grantRoleToADeactivatedIdentitySaysItCannotSignIn(CapturedOutput output) {
		String email = uniqueEmail("deactivated-colleague");
		try (ConfigurableApplicationContext context = kratosOnlyContext()) {
			KratosAdminClient kratos = context.getBean(KratosAdminClient.class);
			IdentitySummary colleague = TestIdentities.create(kratos, email, IdentityState.INACTIVE, List.of());
			assertThat(runCommand("--grant-role=admin", "--identity=" + email)).isZero();
			assertThat(output.getOut()).contains("panel role admin granted")
				.contains("the identity is deactivated: it cannot sign in with this role until an administrator "
						+ "activates it");
			assertThat(kratos.adminRoles(colleague.id())).containsExactly("admin");
		}
	}

	@Test
	void grantRoleWhenNoSuchIdentityThenExitCode1AndNothingCreated(CapturedOutput output) {
		String email = uniqueEmail("nobody");
		assertThat(runCommand("--grant-role=helpdesk", "--identity=" + email)).isEqualTo(1);
		assertThat(output.getErr()).contains("No identity has the e-mail " + email);
		try (ConfigurableApplicationContext context = kratosOnlyContext()) {
			assertThat(context.getBean(KratosAdminClient.class).findByIdentifier(email)).isEmpty();
		}
	}

	@Test
	void grantRoleWhenUnknownRoleOrNoIdentityThenUsageAndExitCode2(CapturedOutput output) {
		assertThat(runCommand("--grant-role=root", "--identity=a@example.org")).isEqualTo(2);
		assertThat(runCommand("--grant-role=helpdesk")).isEqualTo(2);
		assertThat(output.getErr()).contains("Usage: --grant-role=viewer|helpdesk|admin --identity=EMAIL");
	}

	@Test
	void grantRoleWhenKratosDownThenClearMessageAndExitCode1(CapturedOutput output) {
		int code = SpringApplication.exit(AdminApplication.commandApplication()
			.run(kratosArgs("http://127.0.0.1:9", "--grant-role=viewer", "--identity=a@example.org")));
		assertThat(code).isEqualTo(1);
		assertThat(output.getErr()).contains("Could not grant the role");
	}

	@Test
	void grantRoleIsRunAsAOneShotCommand() {
		assertThat(AdminApplication.isCommand("--grant-role=helpdesk", "--identity=a@example.org")).isTrue();
		assertThat(AdminApplication.isCommand("--identity=a@example.org")).isFalse();
	}

	private static int runCommand(String... args) {
		// the command exactly as AdminApplication.main builds it
		return SpringApplication.exit(AdminApplication.commandApplication().run(kratosArgs(KRATOS.adminUrl(), args)));
	}

	private static String[] kratosArgs(String adminUrl, String... args) {
		return Stream
			.concat(Stream.of("--stackspin.kratos.admin-url=" + adminUrl,
					"--stackspin.kratos.public-url=" + KRATOS.publicUrl()), Stream.of(args))
			.toArray(String[]::new);
	}

	private static ConfigurableApplicationContext kratosOnlyContext() {
		return new SpringApplicationBuilder(AdminApplication.class).web(WebApplicationType.NONE)
			.run(kratosArgs(KRATOS.adminUrl()));
	}

	private static List<String> auditLines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("net.stackspin.admin.audit")).toList();
	}

	private static String find(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
		return matcher.group(1);
	}

}

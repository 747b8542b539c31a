package net.stackspin.admin.deploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.testing.KratosServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code api-examples.sh} against the real test Kratos: every example call works, one
 * after the other, on an identity the test creates.
 */
class ApiExamplesScriptTests {

	static final KratosServer KRATOS = KratosServer.shared();

	static final Path PROJECT = Tools.project();

	static final Pattern ID = Pattern.compile("\"id\": ?\"([0-9a-f-]{36})\"");

	@Test
	void examplesWhenRunInTurnThenCreateFindRecoverDeactivateAndDelete() {
		String email = "script-" + UUID.randomUUID().toString().substring(0, 13) + "@example.org";

		Tools.Result created = script("create", email, "Ada", "Lovelace");
		assertThat(created.exitCode()).as(created.output()).isZero();
		assertThat(created.output()).contains("$ curl -X POST " + KRATOS.adminUrl() + "/admin/identities", email,
				"Lovelace");
		Matcher id = ID.matcher(created.output());
		assertThat(id.find()).as(created.output()).isTrue();
		String identity = id.group(1);

		Tools.Result found = script("search", email);
		assertThat(found.exitCode()).as(found.output()).isZero();
		assertThat(found.output()).contains(identity, email);

		Tools.Result listed = script("list", "250");
		assertThat(listed.exitCode()).as(listed.output()).isZero();
		assertThat(listed.output()).contains("page_size=250", "\"schema_id\"");

		Tools.Result link = script("recovery-link", identity, "15m");
		assertThat(link.exitCode()).as(link.output()).isZero();
		assertThat(link.output()).contains("recovery_link", KRATOS.publicUrl(), "expires_at");

		Tools.Result deactivated = script("set-state", identity, "inactive");
		assertThat(deactivated.exitCode()).as(deactivated.output()).isZero();
		assertThat(script("search", email).output()).containsPattern("\"state\": ?\"inactive\"");

		Tools.Result deleted = script("delete", identity);
		assertThat(deleted.exitCode()).as(deleted.output()).isZero();
		assertThat(deleted.output()).contains("deleted " + identity);
		assertThat(script("search", email).output()).doesNotContain(identity);
	}

	@Test
	void demoWhenRunThenEveryCallSucceedsAndLeavesNothingBehind() {
		Tools.Result demo = script("demo");
		assertThat(demo.exitCode()).as(demo.output()).isZero();
		assertThat(demo.output()).contains("== create", "== search", "== list", "== recovery link", "== deactivate",
				"== delete", "deleted ");
		Matcher email = Pattern.compile("== create (\\S+@example.org)").matcher(demo.output());
		assertThat(email.find()).isTrue();
		Tools.Result after = script("search", email.group(1));
		assertThat(after.exitCode()).isZero();
		assertThat(after.output()).doesNotContain("\"id\"");
	}

	@Test
	void examplesWhenKratosUnreachableOrInputWrongThenClearError() {
		Tools.Result down = Tools.run(PROJECT,
				Map.of("KRATOS_ADMIN_URL", "http://127.0.0.1:" + KratosServer.freePort()), "bash", "api-examples.sh",
				"list");
		assertThat(down.exitCode()).isEqualTo(2);
		assertThat(down.output()).contains("is Kratos's admin API at http://127.0.0.1:");

		Tools.Result notEmail = script("search", "not-an-email");
		assertThat(notEmail.exitCode()).isEqualTo(2);
		assertThat(notEmail.output()).contains("not an e-mail address");

		Tools.Result defaults = Tools.run(PROJECT, Map.of(), "bash", "api-examples.sh", "--help");
		assertThat(defaults.exitCode()).isZero();
		assertThat(defaults.output()).contains("http://localhost:8000", "KRATOS_ADMIN_URL");
	}

	private static Tools.Result script(String... args) {
		String[] command = new String[args.length + 2];
		command[0] = "bash";
		command[1] = "api-examples.sh";
		System.arraycopy(args, 0, command, 2, args.length);
		return Tools.run(PROJECT, Map.of("KRATOS_ADMIN_URL", KRATOS.adminUrl()), command);
	}

}

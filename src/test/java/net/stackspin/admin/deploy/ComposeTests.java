package net.stackspin.admin.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.kratos.TestKratosClients;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code docker/compose.yaml} started with podman-compose as a newcomer would start it,
 * with the panel's image built by {@link Podman} and, as no image registry is reachable
 * here, the stand-ins of {@code docker/stand-in-images.sh} for Ory's Kratos image (the
 * same Kratos v1.3.1, built from its Go module) and for Mailpit (the project's mail
 * catcher). Published ports are free ones instead of the defaults. Checks the migration
 * one-shot, Kratos, the panel (sign-in over HTTP through the compose network), the
 * bootstrap one-shot's link, and the mail catcher's page.
 */
class ComposeTests {

	static final Map<String, String> ENV = new LinkedHashMap<>();

	static String project;

	static Thread cleanup;

	@BeforeAll
	static void composeUp() {
		String panelImage = Podman.image();
		Tools.Result standIns = Podman.run(Tools.project(), Duration.ofMinutes(20), "bash",
				"docker/stand-in-images.sh");
		assertThat(standIns.exitCode()).as(standIns.output()).isZero();
		// "export KRATOS_IMAGE=... MAILPIT_IMAGE=..."
		String exports = standIns.output().strip().lines().reduce((a, b) -> b).orElseThrow();
		for (String assignment : exports.replaceFirst("^export ", "").split(" ")) {
			String[] pair = assignment.split("=", 2);
			ENV.put(pair[0], pair[1]);
		}
		ENV.put("PANEL_IMAGE", panelImage);
		for (String port : List.of("KRATOS_ADMIN_PORT", "KRATOS_PUBLIC_PORT", "MAIL_PORT", "PANEL_PORT")) {
			ENV.put(port, Integer.toString(KratosServer.freePort()));
		}
		ENV.put("ADMIN_EMAIL", "compose-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org");
		project = "stackspin-admin-test-" + UUID.randomUUID().toString().substring(0, 8);
		cleanup = Podman.atExit(composeCommand("down", "--volumes", "--timeout", "1").toArray(String[]::new));
		Tools.Result up = compose(Duration.ofMinutes(10), "up", "--detach");
		assertThat(up.exitCode()).as(up.output()).isZero();
	}

	@AfterAll
	static void composeDown() {
		if (project != null) {
			compose(Duration.ofMinutes(3), "down", "--volumes", "--timeout", "5");
			Podman.cancel(cleanup);
		}
	}

	@Test
	void composeWhenUpThenMigratedKratosPanelWithSignInBootstrapLinkAndMailCatcher() throws Exception {
		String panel = "http://127.0.0.1:" + ENV.get("PANEL_PORT");
		String kratosAdmin = "http://127.0.0.1:" + ENV.get("KRATOS_ADMIN_PORT");
		String kratosPublic = "http://127.0.0.1:" + ENV.get("KRATOS_PUBLIC_PORT");
		awaitStatus(panel + "/login", 200, Duration.ofMinutes(4));

		// the one-shots: migrations before Kratos served, then the first administrator
		assertThat(container("kratos-migrate", "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 0");
		assertThat(logs("kratos-migrate")).contains("Successfully applied SQL migrations");
		awaitExited("bootstrap-admin", Duration.ofMinutes(4));
		assertThat(container("bootstrap-admin", "{{.State.ExitCode}}")).isEqualTo("0");
		assertThat(logs("bootstrap-admin")).contains("Stackspin administrator " + ENV.get("ADMIN_EMAIL"),
				"identity:   created",
				"http://localhost:" + ENV.get("KRATOS_PUBLIC_PORT") + "/self-service/recovery?flow=");

		// Kratos's admin API on its published localhost port; the panel reaches it by its
		// service name
		KratosAdminClient kratos = TestKratosClients.admin(kratosAdmin, kratosPublic);
		assertThat(kratos.findByIdentifier(ENV.get("ADMIN_EMAIL"))).isPresent();
		String email = "compose-signin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		TestIdentities.admin(kratos, email);
		HttpSession browser = new HttpSession();
		browser.get(panel + "/login");
		HttpResponse<String> signedIn = browser.postForm(panel + "/login",
				Map.of("email", email, "password", TestIdentities.PASSWORD));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		HttpResponse<String> identities = browser.get(panel + "/identities");
		assertThat(identities.statusCode()).isEqualTo(200);
		assertThat(identities.body()).contains(email, ENV.get("ADMIN_EMAIL"));

		// the image's beans are fixed at build time (Spring AOT); what compose turns on
		// is read
		// at run time: the self-service pages (they start a Kratos flow) and SMTP
		HttpResponse<String> selfService = browser.get(panel + "/self-service/login");
		assertThat(selfService.statusCode()).isEqualTo(302);
		assertThat(selfService.headers().firstValue("location").orElseThrow())
			.isEqualTo("http://localhost:" + ENV.get("KRATOS_PUBLIC_PORT") + "/self-service/login/browser");
		String invited = kratos
			.createIdentity(
					new NewIdentity(null, Map.of("email", "compose-invited-" + email), IdentityState.ACTIVE, List.of()))
			.id();
		assertThat(browser.get(panel + "/identities/" + invited + "/access").body()).contains("Resend invitation")
			.doesNotContain("No SMTP server is configured");

		// the panel's own health check inside its container, and the mail catcher's page
		Tools.Result health = Podman.podman(Duration.ofMinutes(1), "healthcheck", "run", containerName("panel"));
		assertThat(health.exitCode()).as(health.output()).isZero();
		HttpResponse<String> mail = get("http://127.0.0.1:" + ENV.get("MAIL_PORT") + "/");
		assertThat(mail.statusCode()).isEqualTo(200);
		assertThat(mail.body()).contains("message(s)");
	}

	private static List<String> composeCommand(String... args) {
		List<String> command = new ArrayList<>(List.of("env"));
		ENV.forEach((name, value) -> command.add(name + "=" + value));
		command.addAll(List.of("podman-compose", "--podman-run-args=--runtime=" + Podman.RUNTIME, "-p", project, "-f",
				"docker/compose.yaml"));
		command.addAll(List.of(args));
		return command;
	}

	private static Tools.Result compose(Duration timeout, String... args) {
		List<String> command = composeCommand(args);
		Tools.Result result = Podman.run(Tools.project(), timeout, command.toArray(String[]::new));
		if (result.output().contains("podman-compose: No such file") || result.exitCode() == 127) {
			fail("podman-compose is not installed: `pip install podman-compose` (.ci/run does). "
					+ "It runs docker/compose.yaml with podman.\n" + result.output());
		}
		return result;
	}

	private static String containerName(String service) {
		return project + "_" + service + "_1";
	}

	private static String container(String service, String format) {
		Tools.Result result = Podman.podman(Duration.ofMinutes(1), "inspect", "--format", format,
				containerName(service));
		assertThat(result.exitCode()).as(result.output()).isZero();
		return result.output().strip();
	}

	private static String logs(String service) {
		return Podman.podman(Duration.ofMinutes(1), "logs", containerName(service)).output();
	}

	private static void awaitExited(String service, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (container(service, "{{.State.Status}}").equals("exited")) {
				return;
			}
			sleep(500);
		}
		fail(service + " did not finish within " + timeout + ":\n" + Podman.tail(logs(service)));
	}

	private static void awaitStatus(String url, int status, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			try {
				if (get(url).statusCode() == status) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(500);
		}
		fail(url + " did not answer " + status + " within " + timeout + "; panel log:\n" + Podman.tail(logs("panel")));
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return ContainerImageTests.HTTP.send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

package net.stackspin.admin.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.stackspin.admin.auth.AdminRole;
import net.stackspin.admin.kratos.TestKratosClients;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The panel's image built from {@code docker/Dockerfile} with podman and run the way the
 * Helm chart runs it: read-only root file system with a tmpfs on /tmp, every capability
 * dropped, no new privileges, against the test Kratos (host network, so the container
 * reaches it on 127.0.0.1). Checks readiness on the management port, the image's
 * HEALTHCHECK, sign-in over HTTP, {@code --bootstrap-admin} through {@code podman exec},
 * the user the process runs as, what the image carries, and a graceful stop on SIGTERM
 * (last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageTests extends KratosIntegrationTest {

	static final String LABEL = "net.stackspin.admin.test=container-image";

	/** spring.lifecycle.timeout-per-shutdown-phase in application.yaml. */
	static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static String container;

	static int panelPort;

	static int managementPort;

	static Duration startUp;

	static Thread cleanup;

	@BeforeAll
	static void runImage() {
		String image = Podman.image();
		panelPort = KratosServer.freePort();
		managementPort = KratosServer.freePort();
		container = "stackspin-admin-test-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", container, "--label", LABEL,
				"--runtime", Podman.RUNTIME, "--network=host", "--read-only", "--tmpfs", "/tmp", "--cap-drop=ALL",
				"--security-opt", "no-new-privileges"));
		Map.of("SERVER_PORT", Integer.toString(panelPort), "MANAGEMENT_SERVER_PORT", Integer.toString(managementPort),
				"STACKSPIN_KRATOS_ADMIN_URL", KRATOS.adminUrl(), "STACKSPIN_KRATOS_PUBLIC_URL", KRATOS.publicUrl(),
				// plain HTTP on 127.0.0.1: the cookies cannot be HTTPS-only here
				"STACKSPIN_SECURITY_COOKIE_SECURE", "false",
				// set at run time only: the AOT-processed image must still build the
				// audit store
				"STACKSPIN_AUDIT_DATABASE_URL", "jdbc:h2:file:/tmp/audit;MODE=PostgreSQL")
			.forEach((name, value) -> run.addAll(List.of("--env", name + "=" + value)));
		run.add(image);
		cleanup = Podman.atExit("podman", "rm", "--force", "--time", "1", container);
		Instant started = Instant.now();
		Tools.Result result = Podman.podman(Duration.ofMinutes(2), run.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.output()).isZero();
		awaitReady(Duration.ofMinutes(3));
		startUp = Duration.between(started, Instant.now());
		System.out.println("ContainerImageTests: image ready " + startUp.toMillis() + " ms after podman run");
	}

	@AfterAll
	static void removeContainer() {
		if (container != null) {
			Podman.podman(Duration.ofMinutes(1), "rm", "--force", "--time", "1", container);
			Podman.cancel(cleanup);
		}
	}

	@Test
	@Order(1)
	void runningWhenProbedThenReadyOnManagementPortAndHealthCheckPasses() throws Exception {
		HttpResponse<String> readiness = http("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
		// the panel's port serves the pages, not the anonymous probes' details
		assertThat(http("http://127.0.0.1:" + panelPort + "/login").statusCode()).isEqualTo(200);

		// the image's own HEALTHCHECK command, as the engine runs it
		Tools.Result health = Podman.podman(Duration.ofMinutes(1), "healthcheck", "run", container);
		assertThat(health.exitCode()).as(health.output()).isZero();
		String status = inspect("{{.State.Health.Status}}");
		assertThat(status).isEqualTo("healthy");
	}

	@Test
	@Order(2)
	void adminWhenSigningInOverHttpThenSeesTheIdentityList() {
		String email = uniqueEmail("image-admin");
		TestIdentities.admin(TestKratosClients.admin(KRATOS), email);
		HttpSession browser = new HttpSession();
		String panel = "http://127.0.0.1:" + panelPort;

		assertThat(browser.get(panel + "/login").statusCode()).isEqualTo(200);
		HttpResponse<String> signedIn = browser.postForm(panel + "/login",
				Map.of("email", email, "password", TestIdentities.PASSWORD));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("location").orElseThrow()).doesNotContain("error");

		HttpResponse<String> identities = browser.get(panel + "/identities");
		assertThat(identities.statusCode()).isEqualTo(200);
		assertThat(identities.body()).contains("Signed in as Test Person", email);

		// the audit database, configured only when the container started, keeps the
		// sign-in
		HttpResponse<String> activity = browser.get(panel + "/activity?action=sign_in&actor=" + email);
		assertThat(activity.statusCode()).isEqualTo(200);
		assertThat(activity.body()).doesNotContain("history-log-only", "history-unavailable")
			.contains("data-action=\"sign_in\"", "<span>" + email + "</span>");
	}

	@Test
	@Order(3)
	void bootstrapAdminWhenExecutedInTheContainerThenCreatesTheAdministratorAndPrintsALink() {
		String email = uniqueEmail("image-bootstrap");
		Tools.Result bootstrap = Podman.podman(Duration.ofMinutes(3), "exec", container, "java", "-jar", "/app/app.jar",
				"--bootstrap-admin=" + email);
		assertThat(bootstrap.exitCode()).as(bootstrap.output()).isZero();
		assertThat(bootstrap.output()).contains("Stackspin administrator " + email, "identity:   created",
				"admin role: granted", KRATOS.publicUrl() + "/self-service/recovery?flow=");
		assertThat(TestKratosClients.admin(KRATOS).findByIdentifier(email))
			.hasValueSatisfying((identity) -> assertThat(TestKratosClients.admin(KRATOS).adminRoles(identity.id()))
				.contains(AdminRole.KRATOS_ROLE));
		// its other answers (bad address, run twice) are BootstrapAdminCommandTests's
	}

	@Test
	@Order(3)
	void bootstrapAdminWhenRunAsTheImagesCommandThenRunsWithoutTheAotProcessedWebApplication() {
		// as compose's bootstrap-admin service: the ENTRYPOINT (AOT on) with the
		// command's
		// argument; a command runs without AOT, whose beans would start the web servers
		String email = uniqueEmail("image-command");
		Tools.Result bootstrap = Podman.podman(Duration.ofMinutes(3), "run", "--rm", "--runtime", Podman.RUNTIME,
				"--network=host", "--read-only", "--tmpfs", "/tmp", "--cap-drop=ALL", "--env",
				"STACKSPIN_KRATOS_ADMIN_URL=" + KRATOS.adminUrl(), "--env",
				"STACKSPIN_KRATOS_PUBLIC_URL=" + KRATOS.publicUrl(), "--env", "SERVER_PORT=" + panelPort, "--env",
				"MANAGEMENT_SERVER_PORT=" + managementPort, Podman.image(), "--bootstrap-admin=" + email);
		assertThat(bootstrap.exitCode()).as(bootstrap.output()).isZero();
		assertThat(bootstrap.output()).contains("Stackspin administrator " + email, "identity:   created")
			.doesNotContain("Tomcat", "AOT-processed");
	}

	@Test
	@Order(3)
	void startUpWhenLoggedThenAotProcessedWithItsClassArchiveAndRunTimeSwitchesHonoured() throws Exception {
		String logs = Podman.podman(Duration.ofMinutes(1), "logs", container).output();
		// the ENTRYPOINT's choices for a fast start (docs/architecture.md, "Start-up");
		// the
		// JVM warns when it cannot map the archive
		assertThat(logs).contains("Starting AOT-processed AdminApplication").doesNotContain("shared archive");
		// beans fixed at build time, switches read at run time: self-service is off
		// unless configured
		assertThat(http("http://127.0.0.1:" + panelPort + "/self-service/login").statusCode()).isEqualTo(404);
	}

	@Test
	@Order(4)
	void processWhenInspectedThenUid10001WithoutCapabilitiesOnAReadOnlyRoot() throws IOException {
		String pid = inspect("{{.State.Pid}}");
		String status = Files.readString(Path.of("/proc", pid, "status"));
		assertThat(Files.readString(Path.of("/proc", pid, "cmdline"))).contains("java", "/app/app.jar");
		assertThat(status).containsPattern("(?m)^Uid:\\s+10001\\s+10001\\s+10001\\s+10001$")
			.containsPattern("(?m)^Gid:\\s+10001\\s+10001\\s+10001\\s+10001$")
			.containsPattern("(?m)^CapEff:\\s+0+$")
			.containsPattern("(?m)^CapPrm:\\s+0+$")
			.containsPattern("(?m)^NoNewPrivs:\\s+1$");

		Tools.Result write = Podman.podman(Duration.ofMinutes(1), "exec", container, "sh", "-c",
				"touch /app/written 2>&1; echo rc=$?; touch /tmp/written && echo tmp-ok");
		assertThat(write.output()).contains("Read-only file system").doesNotContain("rc=0").contains("tmp-ok");
	}

	@Test
	@Order(5)
	void imageWhenInspectedThenJreOnlyWithClassDataSharingAndItsSizeRecorded() {
		// no build tools and no sources in the runtime image
		Tools.Result tools = Podman.podman(Duration.ofMinutes(1), "exec", container, "sh", "-c",
				"for t in javac jar mvn gcc apt-get; do command -v $t; done; ls -d /src /root/.m2 2>/dev/null; "
						+ "ls /app/app.jar /app/app.jsa");
		assertThat(tools.output().strip().lines()).containsExactly("/app/app.jar", "/app/app.jsa")
			.as("only the JRE and the application; no JDK, Maven, compiler, package manager or sources");
		long size = Long
			.parseLong(Podman.podman(Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Size}}", Podman.IMAGE)
				.output()
				.strip());
		System.out.println("ContainerImageTests: image size " + size / 1_000_000 + " MB");
		// Debian's essential packages with its JRE (about 300 MB), the application (about
		// 45 MB) and its CDS archive (about 60 MB): 398 MB when this was written
		assertThat(size).isBetween(100_000_000L, 450_000_000L);
	}

	@Test
	@Order(99)
	void containerWhenStoppedThenShutsDownGracefullyWithinTheTimeout() {
		Instant stopping = Instant.now();
		Tools.Result stop = Podman.podman(Duration.ofMinutes(2), "stop", "--time",
				Long.toString(SHUTDOWN_TIMEOUT.toSeconds() + 10), container);
		Duration stopped = Duration.between(stopping, Instant.now());
		assertThat(stop.exitCode()).as(stop.output()).isZero();
		assertThat(stopped).isLessThan(SHUTDOWN_TIMEOUT);
		// 143: the JVM ended on SIGTERM after its shutdown hooks (137 would be SIGKILL)
		assertThat(inspect("{{.State.ExitCode}}")).isEqualTo("143");
		String logs = Podman.podman(Duration.ofMinutes(1), "logs", container).output();
		assertThat(logs).contains("Commencing graceful shutdown", "Graceful shutdown complete");
	}

	private static void awaitReady(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		String url = "http://127.0.0.1:" + managementPort + "/actuator/health/readiness";
		while (Instant.now().isBefore(deadline)) {
			if (!"running".equals(inspect("{{.State.Status}}"))) {
				fail("the container stopped during start-up:\n"
						+ Podman.tail(Podman.podman(Duration.ofMinutes(1), "logs", container).output()));
			}
			try {
				HttpResponse<String> response = http(url);
				if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
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
			sleep(100);
		}
		fail("the container was not ready within " + timeout + ":\n"
				+ Podman.tail(Podman.podman(Duration.ofMinutes(1), "logs", container).output()));
	}

	private static String inspect(String format) {
		Tools.Result result = Podman.podman(Duration.ofMinutes(1), "inspect", "--format", format, container);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return result.output().strip();
	}

	private static HttpResponse<String> http(String url) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
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

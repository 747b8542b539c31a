package net.stackspin.admin.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import net.stackspin.admin.kratos.KratosAdminClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The panel as the Helm chart runs it: pages on one port, actuator on a separate
 * management port. Prometheus scrapes anonymously there (and sees the panel's own
 * metrics); the main port never serves metrics or actuator to anyone anonymous; probes
 * work on the management port; {@code /actuator/info} carries build and git facts for an
 * administrator.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "stackspin.security.cookie-secure=false")
class ObservabilityIntegrationTests extends KratosIntegrationTest {

	static final int MANAGEMENT_PORT = KratosServer.freePort();

	@DynamicPropertySource
	static void managementPort(DynamicPropertyRegistry registry) {
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
	}

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void prometheusWhenAnonymousOnManagementPortThenPanelMetricsServed() throws Exception {
		// a failed sign-in and a Kratos call, so the panel's own meters exist
		HttpSession browser = new HttpSession();
		browser.get(panel("/login"));
		browser.postForm(panel("/login"), Map.of("email", uniqueEmail("nobody"), "password", "wrong-password-123"));

		HttpResponse<String> scrape = get(management("/actuator/prometheus"));
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).satisfiesAnyOf((t) -> assertThat(t).startsWith("text/plain"),
					(t) -> assertThat(t).startsWith("application/openmetrics-text")));
		assertThat(scrape.body()).contains("stackspin_signin_total{", "outcome=")
			.contains("stackspin_kratos_requests_seconds_bucket{")
			.contains("operation=")
			.contains("jvm_memory_used_bytes");
	}

	@Test
	void actuatorWhenAnonymousOnMainPortThenNothingButRefusals() throws Exception {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/info", "/actuator/health/readiness" }) {
			HttpResponse<String> response = get(panel(path));
			// no actuator on the main port at all; anything unknown there needs an admin
			assertThat(response.statusCode()).as(path).isIn(401, 404);
			assertThat(response.body()).as(path).doesNotContain("jvm_", "stackspin_", "\"status\":\"UP\"");
		}
		// other management endpoints stay closed to anonymous callers on the management
		// port too
		assertThat(get(management("/actuator/info")).statusCode()).isEqualTo(401);
	}

	@Test
	void probesWhenOnManagementPortThenUp() throws Exception {
		HttpResponse<String> liveness = get(management("/actuator/health/liveness"));
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");
		HttpResponse<String> readiness = get(management("/actuator/health/readiness"));
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void infoWhenAdministratorThenBuildAndGitFacts() throws Exception {
		String email = uniqueEmail("info-admin");
		TestIdentities.admin(this.kratos, email);
		HttpSession admin = new HttpSession();
		admin.get(panel("/login"));
		HttpResponse<String> signIn = admin.postForm(panel("/login"),
				Map.of("email", email, "password", TestIdentities.PASSWORD));
		assertThat(signIn.statusCode()).isEqualTo(302);

		HttpResponse<String> info = admin.getJson(management("/actuator/info"));
		assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
		assertThat(info.body()).contains("\"build\"", "\"artifact\":\"stackspin-admin\"", "\"version\":\"")
			.contains("\"git\"", "\"commit\"", "\"java\"");
	}

	private String panel(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static String management(String path) {
		return "http://127.0.0.1:" + MANAGEMENT_PORT + path;
	}

	private HttpResponse<String> get(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "*/*").GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}

package net.stackspin.admin.auth;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.AdminApplication;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the panel behind an imaginary load balancer without sticky sessions:
 * two independent application contexts with their own HTTP servers and caches, sharing
 * nothing but Kratos. A browser that signs in on one is signed in on the other; a form
 * rendered by one is accepted by the other; signing out on one ends the session on both.
 * Told they are two replicas ({@code stackspin.deployment.replicas}) but given no
 * PostgreSQL to share a lock in, each warns once at start that saves can be lost.
 */
@ExtendWith(OutputCaptureExtension.class)
class StatelessReplicasTests extends KratosIntegrationTest {

	/** The key every replica shares (a test value; production sets its own). */
	static final String FLASH_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8M=";

	/** The CSRF and device-cookie key every replica shares (a test value). */
	static final String SIGNING_KEY = "c2lnbmluZy1rZXktZm9yLXRoZS1yZXBsaWNhLXRlc3RzLTEyMzQ1Njc4OTA=";

	static ConfigurableApplicationContext replicaA;

	static ConfigurableApplicationContext replicaB;

	/** What the two replicas logged while starting. */
	static String startLog;

	@BeforeAll
	static void startTwoReplicas(CapturedOutput output) {
		replicaA = replica();
		replicaB = replica();
		startLog = output.getAll();
	}

	@Test
	void twoReplicasWithoutASharedLockEachWarnOnceAtStart() {
		List<String> warnings = startLog.lines().filter((line) -> line.contains("without a lock they share")).toList();
		assertThat(warnings).as(startLog).hasSize(2).allSatisfy((line) -> {
			assertThat(line).contains("WARN")
				.contains("one of 2 replicas")
				.contains("no audit database")
				.contains("updates are lost")
				.contains("stackspin.audit.database-url");
		});
	}

	@AfterAll
	static void stopReplicas() {
		replicaA.close();
		replicaB.close();
	}

	@Test
	void sessionAndCsrfTokenFromOneReplicaWorkOnTheOther() {
		String email = uniqueEmail("replicas");
		TestIdentities.admin(replicaA.getBean(KratosAdminClient.class), email);
		HttpSession browser = new HttpSession();

		browser.get(url(replicaA, "/login"));
		HttpResponse<String> signedIn = browser.postForm(url(replicaA, "/login"),
				Map.of("email", email, "password", TestIdentities.PASSWORD));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		String token = browser.cookie(SignInIntegrationTests.COOKIE);
		assertThat(token).isNotBlank();

		HttpResponse<String> onB = browser.get(url(replicaB, "/identities"));
		assertThat(onB.statusCode()).isEqualTo(200);
		assertThat(onB.body()).contains("Signed in as Test Person");

		// an action on A redirects to B: the flash message travels in the sealed cookie,
		// and
		// neither replica creates a servlet session
		String doomedEmail = uniqueEmail("doomed");
		String doomed = TestIdentities.user(replicaA.getBean(KratosAdminClient.class), doomedEmail).id();
		browser.get(url(replicaA, "/identities/" + doomed + "/delete"));
		HttpResponse<String> deleted = browser.postForm(url(replicaA, "/identities/" + doomed + "/delete"), Map.of());
		assertThat(deleted.statusCode()).isEqualTo(302);
		String location = deleted.headers().firstValue("location").orElseThrow();
		HttpResponse<String> shownOnB = browser.get(url(replicaB, location.replaceFirst("^https?://[^/]+", "")));
		assertThat(shownOnB.body()).contains("User " + doomedEmail + " deleted.");
		assertThat(browser.get(url(replicaA, "/identities")).body())
			.doesNotContain("User " + doomedEmail + " deleted.");
		assertThat(browser.cookie("JSESSIONID")).isNull();

		// the sign-out form rendered by A, posted to B
		browser.get(url(replicaA, "/identities"));
		HttpResponse<String> signedOut = browser.postForm(url(replicaB, "/logout"), Map.of());
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(signedOut.headers().firstValue("location").orElseThrow()).endsWith("/login?logout");
		assertThat(replicaA.getBean(KratosPublicClient.class).sessionForToken(token)).isEmpty();

		HttpSession stolenCookie = new HttpSession();
		stolenCookie.setCookie(SignInIntegrationTests.COOKIE, token);
		assertThat(stolenCookie.get(url(replicaA, "/identities")).statusCode()).isEqualTo(302);
	}

	private static ConfigurableApplicationContext replica() {
		return new SpringApplicationBuilder(AdminApplication.class).run("--server.port=0", "--management.server.port=",
				"--stackspin.kratos.admin-url=" + KRATOS.adminUrl(),
				"--stackspin.kratos.public-url=" + KRATOS.publicUrl(), "--stackspin.security.cookie-secure=false",
				"--stackspin.security.session-check-interval=0s", "--stackspin.security.flash-key=" + FLASH_KEY,
				"--stackspin.security.signing-key=" + SIGNING_KEY, "--stackspin.deployment.replicas=2");
	}

	private static String url(ConfigurableApplicationContext replica, String path) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		return "http://localhost:" + port + path;
	}

}

package net.stackspin.admin.onboarding;

import java.net.http.HttpResponse;
import java.util.Map;

import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, as a browser: an administrator signs in through /login, creates a
 * recovery code with the page's own form (CSRF token included), is redirected back and
 * sees the code once; reloading shows it no more, and the response may not be cached.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "stackspin.security.cookie-secure=false")
class AccessEndToEndTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void recoveryCodeWhenCreatedThroughTheFormThenShownOnceAfterTheRedirect() {
		String adminEmail = uniqueEmail("e2e-admin");
		TestIdentities.admin(this.kratos, adminEmail);
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("e2e-user"));
		String base = "http://localhost:" + this.port;
		HttpSession browser = new HttpSession();
		browser.get(base + "/login");
		HttpResponse<String> signedIn = browser.postForm(base + "/login",
				Map.of("email", adminEmail, "password", TestIdentities.PASSWORD));
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);

		String page = base + "/identities/" + user.id() + "/access";
		HttpResponse<String> before = browser.get(page);
		assertThat(before.statusCode()).isEqualTo(200);
		assertThat(before.body()).contains("id=\"create-recovery-code\"").doesNotContain("one-time-secret");

		HttpResponse<String> created = browser.postForm(page + "/recovery-code", Map.of("lifetime", "15m"));
		assertThat(created.statusCode()).isEqualTo(302);
		assertThat(created.headers().firstValue("location").orElseThrow())
			.endsWith("/identities/" + user.id() + "/access");

		HttpResponse<String> shown = browser.get(page);
		assertThat(shown.statusCode()).isEqualTo(200);
		assertThat(shown.headers().firstValue("cache-control").orElse("")).contains("no-store");
		String code = Mails.firstMatch(shown.body(), "id=\"secret-value\"[^>]*value=\"(\\d{6})\"");
		assertThat(shown.body()).contains("Shown only this once");

		HttpResponse<String> reloaded = browser.get(page);
		assertThat(reloaded.body()).doesNotContain("one-time-secret").doesNotContain("value=\"" + code + "\"");
	}

}

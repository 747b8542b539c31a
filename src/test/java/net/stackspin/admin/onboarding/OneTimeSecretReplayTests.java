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
 * "Shown once" is once: the sealed flash cookie that carries a recovery link, copied
 * before it was shown, shows nothing when replayed after the first view, nor when planted
 * into another administrator's session. Over real HTTP with real Kratos sessions.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "stackspin.security.cookie-secure=false")
class OneTimeSecretReplayTests extends KratosIntegrationTest {

	private static final String FLASH_COOKIE = "stackspin_flash";

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void recoveryLinkFlashWhenReplayedAfterTheFirstViewThenShowsNothing() {
		HttpSession admin = signedInAdmin("replay-admin");
		String page = accessPage(TestIdentities.user(this.kratos, uniqueEmail("replay-user")));

		String flash = createRecoveryLink(admin, page);
		HttpResponse<String> shown = admin.get(page);
		assertThat(shown.body()).contains("id=\"one-time-secret\"").contains("/self-service/recovery");
		assertThat(admin.cookie(FLASH_COOKIE)).as("the cookie is deleted when shown").isNull();

		admin.setCookie(FLASH_COOKIE, flash);
		HttpResponse<String> replayed = admin.get(page);
		assertThat(replayed.statusCode()).isEqualTo(200);
		assertThat(replayed.body()).doesNotContain("one-time-secret").doesNotContain("/self-service/recovery");
	}

	@Test
	void recoveryLinkFlashWhenPlantedInAnotherAdminsSessionThenShowsNothing() {
		HttpSession creator = signedInAdmin("creator-admin");
		HttpSession other = signedInAdmin("other-admin");
		String page = accessPage(TestIdentities.user(this.kratos, uniqueEmail("planted-user")));

		String flash = createRecoveryLink(creator, page);
		other.setCookie(FLASH_COOKIE, flash);
		HttpResponse<String> planted = other.get(page);
		assertThat(planted.statusCode()).isEqualTo(200);
		assertThat(planted.body()).doesNotContain("one-time-secret").doesNotContain("/self-service/recovery");

		// the session that asked for it still gets it, once
		assertThat(creator.get(page).body()).contains("id=\"one-time-secret\"");
	}

	private String createRecoveryLink(HttpSession admin, String page) {
		assertThat(admin.get(page).statusCode()).isEqualTo(200);
		HttpResponse<String> created = admin.postForm(page + "/recovery-link", Map.of("lifetime", "15m"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		String flash = admin.cookie(FLASH_COOKIE);
		assertThat(flash).isNotBlank();
		assertThat(created.headers().allValues("set-cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith(FLASH_COOKIE + "=").contains("Max-Age=60"));
		return flash;
	}

	private String accessPage(IdentitySummary user) {
		return base() + "/identities/" + user.id() + "/access";
	}

	private HttpSession signedInAdmin(String prefix) {
		String email = uniqueEmail(prefix);
		TestIdentities.admin(this.kratos, email);
		HttpSession browser = new HttpSession();
		browser.get(base() + "/login");
		HttpResponse<String> signedIn = browser.postForm(base() + "/login",
				Map.of("email", email, "password", TestIdentities.PASSWORD));
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		return browser;
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}

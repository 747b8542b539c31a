package net.stackspin.admin.selfservice;

import java.net.http.HttpResponse;

import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.SelfServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the self-service pages on, the sign-in page leads to the recovery flow ("forgot
 * your password?"), which the real Kratos starts. (Off, there is no link:
 * {@code SignInDutchIntegrationTests}.)
 */
class ForgotPasswordLinkTests extends SelfServiceIntegrationTest {

	@Test
	void theSignInPageLinksToTheRecoveryFlow() {
		HttpSession browser = new HttpSession();
		String login = browser.get(panel("/login")).body();
		assertThat(login).contains("id=\"forgot-password\" href=\"/self-service/recovery\"")
			.contains("Forgot your password?");

		HttpResponse<String> recovery = browser.get(panel("/self-service/recovery"));
		assertThat(recovery.statusCode()).isEqualTo(302);
		assertThat(recovery.headers().firstValue("Location")).get()
			.asString()
			.contains("/self-service/recovery/browser");
	}

}

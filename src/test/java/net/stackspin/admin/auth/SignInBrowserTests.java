package net.stackspin.admin.auth;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.Browser;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser signs in and out: cookies, CSRF, redirects and the CSP work together in
 * Chromium, not only in MockMvc.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "stackspin.security.cookie-secure=false")
class SignInBrowserTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void adminSignsInSeesIdentitiesAndSignsOut() {
		String email = uniqueEmail("browser-admin");
		TestIdentities.admin(this.kratos, email);
		try (Browser browser = Browser.start()) {
			browser.open("http://localhost:" + this.port + "/identities");
			assertThat(browser.currentUrl()).contains("/login");
			browser.type(By.id("email"), email)
				.type(By.id("password"), TestIdentities.PASSWORD)
				.click(By.id("sign-in"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().contains("/identities"));
			assertThat(browser.pageText()).contains("Signed in as Test Person");
			assertThat(browser.find(By.id("signed-in-as")).getAttribute("title")).isEqualTo(email);
			browser.click(By.id("sign-out"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().contains("/login"));
			browser.open("http://localhost:" + this.port + "/identities");
			assertThat(browser.currentUrl()).contains("/login");
		}
	}

}

package net.stackspin.admin.onboarding;

import net.stackspin.admin.kratos.IdentitySummary;
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
 * In a real (headless) browser under the panel's CSP: the recovery code appears once
 * after the form is sent, and the copy button's script (static/js/copy.js) runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "stackspin.security.cookie-secure=false")
class AccessBrowserTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void recoveryCodeWhenCreatedThenShownOnceAndTheCopyButtonWorks() {
		String adminEmail = uniqueEmail("browser-admin");
		TestIdentities.admin(this.kratos, adminEmail);
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("browser-user"));
		String page = "http://localhost:" + this.port + "/identities/" + user.id() + "/access";
		try (Browser browser = Browser.start()) {
			browser.open(page);
			browser.type(By.id("email"), adminEmail)
				.type(By.id("password"), TestIdentities.PASSWORD)
				.click(By.id("sign-in"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/access"));
			assertThat(browser.pageText()).contains("No sessions: the user is not signed in anywhere.");

			browser.click(By.id("create-recovery-code"));
			browser.waitFor().until((driver) -> !driver.findElements(By.id("one-time-secret")).isEmpty());
			String code = browser.find(By.id("secret-value")).getAttribute("value");
			assertThat(code).matches("\\d{6}");
			browser.click(By.cssSelector("button[data-copy]"));
			browser.waitFor()
				.until((driver) -> driver.findElement(By.cssSelector("button[data-copy]")).getText().equals("Copied"));

			browser.open(page);
			assertThat(browser.pageText()).doesNotContain(code).doesNotContain("Shown only this once");
		}
	}

}

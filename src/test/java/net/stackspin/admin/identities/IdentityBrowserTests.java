package net.stackspin.admin.identities;

import net.stackspin.admin.kratos.IdentityState;
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
 * A real browser manages a user from start to end: sign in, create, find by search, edit
 * the name, delete.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "stackspin.security.cookie-secure=false")
class IdentityBrowserTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void adminCreatesFindsEditsAndDeletesAUser() {
		String admin = uniqueEmail("browser-manager");
		TestIdentities.admin(this.kratos, admin);
		String user = uniqueEmail("browser-user");
		String base = "http://localhost:" + this.port;
		try (Browser browser = Browser.start()) {
			browser.open(base + "/identities");
			browser.type(By.id("email"), admin)
				.type(By.id("password"), TestIdentities.PASSWORD)
				.click(By.id("sign-in"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/identities"));

			browser.click(By.id("new-identity"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/identities/new"));
			browser.type(By.id("traits.email"), user)
				.type(By.id("traits.name.first"), "Katherine")
				.type(By.id("traits.name.last"), "Johnson")
				.click(By.id("save"));
			browser.waitFor().until((driver) -> driver.getPageSource().contains("User " + user + " created."));
			assertThat(browser.find(By.id("identity-heading")).getText()).isEqualTo(user);
			assertThat(browser.find(By.id("identity-name")).getText()).isEqualTo("Katherine Johnson");

			browser.open(base + "/identities");
			browser.type(By.id("q"), user).click(By.id("search"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().contains("q="));
			browser.click(By.linkText(user));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().matches(".*/identities/[0-9a-f-]{36}$"));

			browser.click(By.id("edit"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/edit"));
			browser.find(By.id("traits.name.first")).clear();
			browser.type(By.id("traits.name.first"), "Kathy").click(By.id("save"));
			browser.waitFor().until((driver) -> driver.getPageSource().contains("Saved (1 field(s) changed)."));
			assertThat(browser.find(By.id("identity-name")).getText()).isEqualTo("Kathy Johnson");

			browser.click(By.id("delete"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/delete"));
			assertThat(browser.pageText()).contains("Delete Kathy Johnson (" + user + ")?");
			browser.click(By.id("confirm-delete"));
			browser.waitFor().until((driver) -> driver.getPageSource().contains("User " + user + " deleted."));
		}
		assertThat(this.kratos.findByIdentifier(user)).isEmpty();
	}

	@Test
	void adminSelectsAllOnThePageWithTheHeaderCheckboxAndDeactivatesThem() {
		String admin = uniqueEmail("browser-bulk-admin");
		TestIdentities.admin(this.kratos, admin);
		String prefix = "bulk-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
		IdentitySummary first = TestIdentities.user(this.kratos, prefix + "one@example.org");
		IdentitySummary second = TestIdentities.user(this.kratos, prefix + "two@example.org");
		String base = "http://localhost:" + this.port;
		try (Browser browser = Browser.start()) {
			browser.open(base + "/identities");
			browser.type(By.id("email"), admin)
				.type(By.id("password"), TestIdentities.PASSWORD)
				.click(By.id("sign-in"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/identities"));
			browser.open(base + "/identities?q=" + prefix);
			// JavaScript shows the header checkbox; it ticks every row
			browser.waitFor().until((driver) -> driver.findElement(By.id("select-all")).isDisplayed());
			browser.click(By.id("select-all"));
			assertThat(browser.driver().findElements(By.cssSelector("input.bulk-select"))).hasSize(2)
				.allMatch(org.openqa.selenium.WebElement::isSelected);
			new org.openqa.selenium.support.ui.Select(browser.find(By.id("bulk-action"))).selectByValue("deactivate");
			browser.click(By.id("bulk-submit"));
			browser.waitFor().until((driver) -> driver.getPageSource().contains("id=\"confirm-bulk\""));
			assertThat(browser.find(By.id("bulk-selected")).getText()).contains(first.email(), second.email());
			browser.click(By.id("confirm-bulk"));
			browser.waitFor().until((driver) -> driver.getPageSource().contains("id=\"bulk-results\""));
			assertThat(browser.find(By.id("bulk-summary")).getText()).isEqualTo("Done for 2 of 2 users.");
		}
		assertThat(this.kratos.getIdentity(first.id()).state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(this.kratos.getIdentity(second.id()).state()).isEqualTo(IdentityState.INACTIVE);
	}

}

package net.stackspin.admin.selfservice;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.kratos.RecoveryLink;
import net.stackspin.admin.kratos.SignInRefusedException;
import net.stackspin.admin.onboarding.InvitationService;
import net.stackspin.admin.testing.Browser;
import net.stackspin.admin.testing.SelfServiceIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import net.stackspin.admin.testing.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An end user in Chromium, with the real Kratos and its courier sending to GreenMail: a
 * recovery link or an e-mailed code leads through the panel's pages to a password the
 * user can sign in with.
 */
class SelfServiceBrowserTests extends SelfServiceIntegrationTest {

	private static final String NEW_PASSWORD = "A-brand-new-Passphrase-for-2026";

	private static final Pattern WELCOME_LINK = Pattern
		.compile("(http\\S+/self-service/recovery\\?flow=[0-9a-f-]{36}&(?:amp;)?token=[A-Za-z0-9]+)");

	private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosPublicClient kratosPublic;

	@Autowired
	InvitationService invitations;

	@BeforeAll
	static void mail() {
		TestMail.shared();
	}

	@Test
	void recoveryLinkLandsOnSettingsWhereTheUserSetsAPassword() {
		String email = uniqueEmail("link-user");
		IdentitySummary user = newUserWithoutPassword(email);
		RecoveryLink link = this.kratos.createRecoveryLink(user.id(), Duration.ofHours(1));
		try (Browser browser = Browser.start()) {
			browser.open(link.url());
			browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/settings?flow=")));
			assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Your account");
			assertThat(browser.pageText()).doesNotContain("Users").doesNotContain("Sign out");
			// TOTP enrolment renders, its QR code a data: image the CSP lets through
			WebElement qr = browser.find(By.id("ss-totp-totp_qr"));
			assertThat(qr.getAttribute("src")).startsWith("data:image/png;base64,");
			assertThat((Long) ((JavascriptExecutor) browser.driver()).executeScript("return arguments[0].naturalWidth",
					qr))
				.isPositive();
			setPassword(browser, NEW_PASSWORD);
		}
		assertThat(this.kratosPublic.signInWithPassword(email, NEW_PASSWORD).session().email()).isEqualTo(email);
	}

	@Test
	void welcomeMailLinkLandsOnSettingsWhereTheNewUserSetsAPassword() {
		String email = uniqueEmail("welcome-user");
		IdentitySummary user = newUserWithoutPassword(email);
		assertThat(this.invitations.invite(user.id()).mailed()).isTrue();
		String mail = TestMail.body(TestMail.awaitMessage(email, "Welcome", Duration.ofSeconds(30)));
		Matcher link = WELCOME_LINK.matcher(mail);
		assertThat(link.find()).as("a recovery link in the welcome mail").isTrue();
		try (Browser browser = Browser.start()) {
			browser.open(link.group(1).replace("&amp;", "&"));
			browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/settings?flow=")));
			setPassword(browser, NEW_PASSWORD);
		}
		assertThat(this.kratosPublic.signInWithPassword(email, NEW_PASSWORD).session().email()).isEqualTo(email);
	}

	@Test
	void recoveryCodeByEmailThroughTheRecoveryPage() {
		String email = uniqueEmail("code-user");
		newUserWithoutPassword(email);
		try (Browser browser = Browser.start()) {
			requestCode(browser, email);
			String code = codeFromMail(email);
			browser.type(By.cssSelector("input[name=code]"), code);
			browser.click(By.cssSelector("#form-code button[name=method]"));
			browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/settings?flow=")));
			setPassword(browser, NEW_PASSWORD);
		}
		assertThat(this.kratosPublic.signInWithPassword(email, NEW_PASSWORD).session().email()).isEqualTo(email);
	}

	@Test
	void wrongCodeIsShownAtTheCodeField() {
		String email = uniqueEmail("wrong-code");
		newUserWithoutPassword(email);
		try (Browser browser = Browser.start()) {
			requestCode(browser, email);
			codeFromMail(email);
			browser.type(By.cssSelector("input[name=code]"), "000000");
			browser.click(By.cssSelector("#form-code button[name=method]"));
			WebElement error = browser.find(By.cssSelector("#ss-code-code-messages [data-message-id='4060006']"));
			assertThat(error.getText()).contains("The recovery code is invalid");
			assertThat(browser.find(By.cssSelector("input[name=code]")).getAttribute("class")).contains("is-invalid");
			assertThat(browser.currentUrl()).startsWith(panel("/self-service/recovery?flow="));
		}
		assertThatThrownBy(() -> this.kratosPublic.signInWithPassword(email, NEW_PASSWORD))
			.isInstanceOf(SignInRefusedException.class);
	}

	@Test
	void expiredLinkOffersANewRecovery() throws InterruptedException {
		String email = uniqueEmail("expired-link");
		IdentitySummary user = newUserWithoutPassword(email);
		RecoveryLink link = this.kratos.createRecoveryLink(user.id(), Duration.ofSeconds(1));
		Thread.sleep(2500);
		try (Browser browser = Browser.start()) {
			browser.open(link.url());
			browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/recovery?flow=")));
			assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Recover your account");
			assertThat(browser.find(By.id("flow-restarted")).getText()).contains("has expired or was already used");
			assertThat(browser.find(By.cssSelector("input[name=email]")).isDisplayed()).isTrue();
			// the page really offers a new recovery: a fresh code arrives
			browser.type(By.cssSelector("input[name=email]"), email);
			browser.click(By.cssSelector("#form-code button[name=method]"));
			browser.find(By.cssSelector("input[name=code]"));
			assertThat(codeFromMail(email)).hasSize(6);
		}
	}

	@Test
	void tamperedLinkOffersANewRecovery() {
		String email = uniqueEmail("bad-link");
		IdentitySummary user = newUserWithoutPassword(email);
		String link = this.kratos.createRecoveryLink(user.id(), Duration.ofHours(1)).url();
		try (Browser browser = Browser.start()) {
			browser.open(link.replaceFirst("token=[^&]+", "token=not-the-token"));
			browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/recovery?flow=")));
			assertThat(browser.find(By.id("flow-messages")).getText()).containsIgnoringCase("invalid");
			assertThat(browser.find(By.cssSelector("input[name=email]")).isDisplayed()).isTrue();
		}
	}

	@Test
	void endUserSignsInThroughTheLoginPageAndLandsOnTheirAccount() {
		String email = uniqueEmail("login-user");
		TestIdentities.user(this.kratos, email);
		try (Browser browser = Browser.start()) {
			browser.open(panel("/self-service/login"));
			browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/login?flow=")));
			browser.type(By.cssSelector("input[name=identifier]"), email)
				.type(By.cssSelector("input[name=password]"), "not-the-password-at-all")
				.click(By.cssSelector("#form-password button[name=method]"));
			assertThat(browser.find(By.cssSelector("[data-message-id='4000006']")).getText())
				.contains("credentials are invalid");
			browser.type(By.cssSelector("input[name=password]"), TestIdentities.PASSWORD)
				.click(By.cssSelector("#form-password button[name=method]"));
			// Kratos's default return URL is the user's own settings page
			browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/settings?flow=")));
			assertThat(browser.find(By.cssSelector("input[name='traits.email']")).getAttribute("value"))
				.isEqualTo(email);
		}
	}

	private IdentitySummary newUserWithoutPassword(String email) {
		return this.kratos.createIdentity(
				new NewIdentity(null, Map.of("email", email, "name", Map.of("first", "Grace", "last", "Hopper")),
						IdentityState.ACTIVE, java.util.List.of()));
	}

	private static void requestCode(Browser browser, String email) {
		browser.open(panel("/self-service/recovery"));
		browser.waitFor().until((d) -> d.getCurrentUrl().startsWith(panel("/self-service/recovery?flow=")));
		browser.type(By.cssSelector("input[name=email]"), email);
		browser.click(By.cssSelector("#form-code button[name=method]"));
		browser.find(By.cssSelector("input[name=code]"));
		assertThat(browser.find(By.id("flow-messages")).getText()).contains("recovery code has been sent");
	}

	private static String codeFromMail(String email) {
		MimeMessage mail = TestMail.awaitMessage(email, "Recover", Duration.ofSeconds(30));
		Matcher code = CODE.matcher(TestMail.body(mail));
		assertThat(code.find()).as("a six-digit code in the mail").isTrue();
		return code.group(1);
	}

	private static void setPassword(Browser browser, String password) {
		browser.type(By.cssSelector("#form-password input[name=password]"), password);
		browser.click(By.cssSelector("#form-password button[name=method]"));
		browser.waitFor()
			.until((d) -> d.getPageSource().contains("data-message-id=\"1050001\"")
					|| d.getPageSource().contains("invalid-feedback"));
		assertThat(browser.find(By.id("flow-messages")).getText()).contains("Your changes have been saved");
	}

}

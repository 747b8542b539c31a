package net.stackspin.admin.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.audit.AuditEvent;
import net.stackspin.admin.kratos.IdentitySession;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.testing.Browser;
import net.stackspin.admin.testing.HydraServer;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.RecordedAudit;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on through the real Ory Hydra v2.3.0, with the real Kratos v1.3.1 as its
 * login provider, in Chromium: panel → Hydra → the login app's Kratos login form
 * (password) → Hydra → the panel's users list; refusal without a panel role; sign-out
 * through Hydra's end-session endpoint; lock-out after revocation and deactivation.
 *
 * <p>
 * This class starts a Kratos of its own (besides the shared one of the test JVM): its
 * {@code oauth2_provider.url} must point at this Hydra and its login UI at the login app,
 * which the shared Kratos's other tests must not see.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "stackspin.security.cookie-secure=false", "stackspin.security.session-check-interval=1s",
				"stackspin.security.oidc.client-id=" + OidcSignInBrowserTests.CLIENT_ID,
				"stackspin.security.oidc.client-secret=" + OidcSignInBrowserTests.CLIENT_SECRET })
@Import(RecordedAudit.class)
class OidcSignInBrowserTests {

	static final String CLIENT_ID = "stackspin-admin-test";

	static final String CLIENT_SECRET = "a-client-secret-only-for-these-tests";

	private static final HydraServer HYDRA = HydraServer.prepare();

	private static final KratosServer KRATOS = KratosServer.startIsolated(Map.of("OAUTH2_PROVIDER_URL",
			HYDRA.adminUrl(), "SELFSERVICE_FLOWS_LOGIN_UI_URL", HYDRA.kratosLoginUiUrl()));

	static {
		HYDRA.start(KRATOS);
		HYDRA.createClient(CLIENT_ID, CLIENT_SECRET, panel("/login/oauth2/code/sso"), panel("/login?logout"));
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", KRATOS::adminUrl);
		registry.add("stackspin.kratos.public-url", KRATOS::publicUrl);
		registry.add("server.port", KRATOS::panelPort);
		registry.add("stackspin.security.oidc.issuer-url", HYDRA::issuer);
	}

	@AfterAll
	static void stop() {
		// the Spring context (and its port) stays cached; the servers are this class's
		HYDRA.close();
		KRATOS.stop();
	}

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosSessionsAdmin kratosSessions;

	@Autowired
	RecordedAudit.Events audit;

	@Test
	void adminSignsInThroughHydraAndKratosAndSignsOutThroughHydra() {
		String email = uniqueEmail("sso-admin");
		IdentitySummary admin = TestIdentities.admin(this.kratos, email);
		try (Browser browser = Browser.start()) {
			browser.open(panel("/identities?q=sso"));
			awaitUrl(browser, panel("/login"), false);
			browser.click(By.id("sso-sign-in"));
			signInAtKratos(browser, email, TestIdentities.PASSWORD);
			awaitUrl(browser, panel("/identities?q=sso"), true);
			assertThat(browser.find(By.id("signed-in-as")).getText()).contains("Test Person");
			assertThat(ssoSignIns(admin.id())).singleElement()
				.satisfies((event) -> assertThat(event.outcome()).isNotEqualTo("refused"));
			assertThat(activeSessions(admin.id())).hasSize(1);

			browser.click(By.id("sign-out"));
			// Hydra sends the browser back with the query re-encoded (?logout=)
			awaitUrl(browser, panel("/login?logout"), false);
			assertThat(browser.find(By.cssSelector("[role=status]")).getText()).isEqualTo("You are signed out.");
			// Hydra ended the Kratos session behind it
			assertThat(activeSessions(admin.id())).isEmpty();
			browser.open(panel("/identities"));
			awaitUrl(browser, panel("/login"), false);
			// and signing in again needs the password again
			browser.click(By.id("sso-sign-in"));
			browser.find(By.id("password"));
		}
	}

	@Test
	void personWithoutAPanelRoleIsRefusedWithTheFormsMessageInDutch() {
		String email = uniqueEmail("sso-user");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		try (Browser browser = Browser.start()) {
			// in Dutch, to walk the dance in the panel's second language too
			browser.open(panel("/login?lang=nl"));
			assertThat(browser.find(By.id("sso-sign-in")).getText()).isEqualTo("Aanmelden met single sign-on");
			browser.click(By.id("sso-sign-in"));
			signInAtKratos(browser, email, TestIdentities.PASSWORD);
			awaitUrl(browser, panel("/login"), true);
			assertThat(browser.find(By.id("sign-in-error")).getText())
				.isEqualTo("Dit account heeft geen rol in dit paneel (kijker, helpdesk of beheerder).");
			browser.open(panel("/identities"));
			awaitUrl(browser, panel("/login?continue="), false);
		}
		assertThat(ssoSignIns(user.id())).singleElement().satisfies((event) -> {
			assertThat(event.outcome()).isEqualTo("refused");
			assertThat(event.values()).containsEntry("reason", "not_admin");
		});
	}

	@Test
	void revokingTheSessionsLocksOutWithinTheCheckInterval() throws InterruptedException {
		String email = uniqueEmail("sso-revoked");
		IdentitySummary admin = TestIdentities.admin(this.kratos, email);
		try (Browser browser = Browser.start()) {
			signInThroughSso(browser, email);
			this.kratos.revokeSessions(admin.id());
			lockedOutWithinTheInterval(browser);
		}
	}

	@Test
	void deactivatingTheIdentityLocksOutWithinTheCheckInterval() throws InterruptedException {
		String email = uniqueEmail("sso-deactivated");
		IdentitySummary admin = TestIdentities.admin(this.kratos, email);
		try (Browser browser = Browser.start()) {
			signInThroughSso(browser, email);
			this.kratos.setState(admin.id(), IdentityState.INACTIVE);
			lockedOutWithinTheInterval(browser);
		}
	}

	private void signInThroughSso(Browser browser, String email) {
		browser.open(panel("/login"));
		browser.click(By.id("sso-sign-in"));
		signInAtKratos(browser, email, TestIdentities.PASSWORD);
		awaitUrl(browser, panel("/identities"), true);
		// still in within the interval's first check
		browser.open(panel("/identities"));
		assertThat(browser.currentUrl()).isEqualTo(panel("/identities"));
	}

	private static void lockedOutWithinTheInterval(Browser browser) throws InterruptedException {
		// the check interval is 1 s: the first request after it asks Kratos again
		Thread.sleep(1500);
		browser.open(panel("/identities"));
		awaitUrl(browser, panel("/login?continue="), false);
	}

	private static void signInAtKratos(Browser browser, String email, String password) {
		awaitUrl(browser, HYDRA.kratosLoginUiUrl(), false);
		browser.type(By.id("identifier"), email);
		browser.type(By.id("password"), password);
		browser.click(By.cssSelector("button[name=method][value=password]"));
	}

	/**
	 * Waits for the browser to reach the URL (or one starting with it), saying where it
	 * is otherwise.
	 */
	private static void awaitUrl(Browser browser, String url, boolean exact) {
		try {
			browser.waitFor().until((d) -> exact ? d.getCurrentUrl().equals(url) : d.getCurrentUrl().startsWith(url));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError(
					"expected " + url + " but the browser is at " + browser.currentUrl() + ":\n" + browser.pageText(),
					ex);
		}
	}

	private List<IdentitySession> activeSessions(String identityId) {
		return this.kratosSessions.sessions(identityId).stream().filter(IdentitySession::active).toList();
	}

	private List<AuditEvent> ssoSignIns(String identityId) {
		return this.audit.events()
			.stream()
			.filter((event) -> "sign_in".equals(event.action()) && "sso".equals(event.values().get("method"))
					&& event.actor() != null && identityId.equals(event.actor().id()))
			.toList();
	}

	private static String panel(String path) {
		return KRATOS.panelUrl() + path;
	}

	private static String uniqueEmail(String prefix) {
		return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 13) + "@example.org";
	}

}

package net.stackspin.admin.selfservice;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.SelfServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages over real HTTP with the real Kratos: public, restarted when the flow is gone,
 * posting only to Kratos, and no door into the admin area.
 */
class SelfServicePagesIntegrationTests extends SelfServiceIntegrationTest {

	@Test
	void withoutAFlowThePageStartsOneAtKratos() {
		HttpResponse<String> page = new HttpSession().get(panel("/self-service/recovery"));
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("location"))
			.contains(KRATOS.publicUrl() + "/self-service/recovery/browser");
	}

	@Test
	void kratosFlowRendersWithTheBrowsersCookiesAndPostsToKratos() {
		HttpSession browser = new HttpSession();
		HttpResponse<String> started = browser.get(KRATOS.publicUrl() + "/self-service/recovery/browser");
		assertThat(started.statusCode()).isEqualTo(303);
		String location = started.headers().firstValue("location").orElseThrow();
		assertThat(location).startsWith(panel("/self-service/recovery?flow="));
		HttpResponse<String> page = browser.get(location);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		String flowId = location.substring(location.indexOf("flow=") + 5);
		assertThat(page.body())
			.contains("action=\"" + KRATOS.publicUrl() + "/self-service/recovery?flow=" + flowId + "\"")
			.contains("name=\"csrf_token\"")
			.contains("name=\"email\"")
			.doesNotContain("name=\"_csrf\"")
			.doesNotContain("/identities")
			.doesNotContain("/logout");
		assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
			.contains("form-action 'self' " + KRATOS.publicUrl() + ";")
			.contains("script-src 'self';")
			.contains("img-src 'self' data:;")
			.contains("frame-ancestors 'none'");
		assertThat(page.headers().firstValue("x-frame-options")).contains("DENY");
		assertThat(page.headers().firstValue("cache-control").orElseThrow()).contains("no-store");
	}

	@Test
	void aFlowOfAnotherBrowserIsRestartedWithANotice() {
		HttpSession owner = new HttpSession();
		String location = owner.get(KRATOS.publicUrl() + "/self-service/recovery/browser")
			.headers()
			.firstValue("location")
			.orElseThrow();
		HttpSession stranger = new HttpSession();
		HttpResponse<String> page = stranger.get(location);
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("location"))
			.contains(KRATOS.publicUrl() + "/self-service/recovery/browser");
		assertThat(stranger.cookie(RestartNotice.COOKIE)).isEqualTo("recovery");
		// Kratos starts a new flow for the stranger: the page says why it started again
		String fresh = stranger.get(KRATOS.publicUrl() + "/self-service/recovery/browser")
			.headers()
			.firstValue("location")
			.orElseThrow();
		HttpResponse<String> restarted = stranger.get(fresh);
		assertThat(restarted.statusCode()).isEqualTo(200);
		assertThat(restarted.body()).contains("id=\"flow-restarted\"").contains("has expired or was already used");
		assertThat(stranger.cookie(RestartNotice.COOKIE)).isNull();
	}

	@Test
	void aSecondRefusalInARowEndsOnTheErrorPageInsteadOfLooping() {
		HttpSession browser = new HttpSession();
		browser.setCookie(RestartNotice.COOKIE, "settings");
		HttpResponse<String> page = browser.get(panel("/self-service/settings?flow=" + UUID.randomUUID()));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"cookies-hint\"").contains("href=\"/self-service/recovery\"");
	}

	@Test
	void settingsWithoutAKratosSessionRestartWhichLeadsToSignIn() {
		HttpResponse<String> page = new HttpSession().get(panel("/self-service/settings?flow=" + UUID.randomUUID()));
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("location"))
			.contains(KRATOS.publicUrl() + "/self-service/settings/browser");
		HttpResponse<String> kratos = new HttpSession().get(KRATOS.publicUrl() + "/self-service/settings/browser");
		// Kratos sends a browser without a session to its login flow, which comes to the
		// login page
		assertThat(kratos.headers().firstValue("location").orElseThrow())
			.startsWith(KRATOS.publicUrl() + "/self-service/login/browser");
	}

	@Test
	void malformedFlowIdsAreRestartedWithoutAskingKratos() {
		HttpResponse<String> page = new HttpSession().get(panel("/self-service/login?flow=../../admin/identities"));
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("location")).contains(KRATOS.publicUrl() + "/self-service/login/browser");
	}

	@Test
	void kratosErrorsAreShownWithAWayBack() {
		HttpResponse<String> page = new HttpSession().get(panel("/self-service/error?id=stub:500"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("This is a stub error.").contains("href=\"/self-service/recovery\"");
		HttpResponse<String> unknown = new HttpSession().get(panel("/self-service/error?id=" + UUID.randomUUID()));
		assertThat(unknown.body()).contains("This error is no longer known.");
	}

	@Test
	void thePagesAcceptNoPostsAndTheAdminAreaStaysClosed() {
		HttpSession browser = new HttpSession();
		assertThat(browser.postForm(panel("/self-service/recovery"), Map.of("email", "x@example.org")).statusCode())
			.isEqualTo(403);
		HttpResponse<String> admin = browser.get(panel("/identities"));
		assertThat(admin.statusCode()).isEqualTo(302);
		assertThat(admin.headers().firstValue("location").orElseThrow()).contains("/login");
		HttpResponse<String> login = browser.get(panel("/login"));
		assertThat(login.headers().firstValue("content-security-policy").orElseThrow()).contains("form-action 'self';")
			.doesNotContain(KRATOS.publicUrl());
	}

}

package net.stackspin.admin.testing;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an end user's browser does with Kratos's public API, driven over HTTP as JSON:
 * browser login (to get Kratos's own session cookie) and completing a recovery link by
 * setting a new password through the settings flow.
 */
public final class KratosFlows {

	public static final String KRATOS_SESSION_COOKIE = "ory_kratos_session";

	private static final Pattern FLOW_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final Pattern CSRF = Pattern.compile(
			"\"name\"\\s*:\\s*\"csrf_token\"\\s*,\\s*\"type\"\\s*:\\s*\"hidden\"\\s*,\\s*\"value\"\\s*:\\s*\"([^\"]+)\"");

	private final String publicUrl;

	public KratosFlows(String publicUrl) {
		this.publicUrl = publicUrl;
	}

	/**
	 * Signs in like a browser would; the returned session holds Kratos's session cookie.
	 */
	public HttpSession browserLogin(String email, String password) {
		HttpSession browser = new HttpSession();
		HttpResponse<String> flow = browser.getJson(this.publicUrl + "/self-service/login/browser");
		assertThat(flow.statusCode()).as(flow.body()).isEqualTo(200);
		String body = """
				{"method":"password","identifier":"%s","password":"%s","csrf_token":"%s"}""".formatted(email, password,
				csrf(flow.body()));
		HttpResponse<String> login = browser
			.postJson(this.publicUrl + "/self-service/login?flow=" + flowId(flow.body()), body);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(browser.cookie(KRATOS_SESSION_COOKIE)).isNotBlank();
		return browser;
	}

	/**
	 * Opens a recovery link (Kratos signs the user in and starts a settings flow), then
	 * sets the password in that settings flow.
	 */
	public void completeRecoveryLink(String recoveryLink, String newPassword) {
		completeRecoveryLink(recoveryLink, newPassword, false);
	}

	/**
	 * As {@link #completeRecoveryLink(String, String)}, and when {@code openSettingsPage}
	 * the browser first opens the settings page Kratos redirects it to (the panel's
	 * self-service page, which must answer 200), as a person would.
	 */
	public void completeRecoveryLink(String recoveryLink, String newPassword, boolean openSettingsPage) {
		HttpSession browser = new HttpSession();
		HttpResponse<String> opened = browser.get(recoveryLink);
		assertThat(opened.statusCode()).as("recovery link answers with a redirect").isBetween(300, 399);
		String location = opened.headers().firstValue("location").orElseThrow();
		Matcher flow = Pattern.compile("[?&]flow=([0-9a-f-]{36})").matcher(location);
		assertThat(flow.find()).as("redirect to a settings flow: %s", location).isTrue();
		assertThat(browser.cookie(KRATOS_SESSION_COOKIE)).as("recovery signed the user in").isNotBlank();
		if (openSettingsPage) {
			HttpResponse<String> page = browser.get(location);
			assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		}
		HttpResponse<String> settings = browser
			.getJson(this.publicUrl + "/self-service/settings/flows?id=" + flow.group(1));
		assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
		String body = """
				{"method":"password","password":"%s","csrf_token":"%s"}""".formatted(newPassword,
				csrf(settings.body()));
		HttpResponse<String> saved = browser.postJson(this.publicUrl + "/self-service/settings?flow=" + flow.group(1),
				body);
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		assertThat(saved.body()).contains("\"state\":\"success\"");
	}

	private static String flowId(String json) {
		Matcher id = FLOW_ID.matcher(json);
		assertThat(id.find()).as("flow id in %s", json).isTrue();
		return id.group(1);
	}

	private static String csrf(String json) {
		Matcher token = CSRF.matcher(json);
		assertThat(token.find()).as("csrf_token node in %s", json).isTrue();
		return token.group(1);
	}

}

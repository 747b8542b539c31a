package net.stackspin.admin.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests an attacker crafts, over real HTTP to the panel as the Helm chart runs it
 * (forwarded headers on, {@code native}): a CSRF token from another session, a token in
 * the query string, a forged {@code X-Forwarded-For} and a forged {@code Host}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=native", "stackspin.security.cookie-secure=false",
				"stackspin.security.sign-in-failures-per-client=3", "management.server.port=" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestsIntegrationTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosPublicClient kratosPublic;

	@Test
	void csrfTokenAndCookieOfAnotherSessionAreRefused() {
		HttpSession admin = signedInAdmin();
		String sessionToken = admin.cookie(SignInIntegrationTests.COOKIE);

		// an anonymous visitor's pair, planted in the admin's browser
		HttpSession visitor = new HttpSession();
		visitor.get(url("/login"));
		String visitorToken = visitor.csrfToken();
		String visitorPreSession = visitor.cookie(SessionBoundCsrfTokens.PRE_SESSION_COOKIE);
		assertThat(visitorToken).isNotBlank();
		admin.setCookie(SessionBoundCsrfTokens.PRE_SESSION_COOKIE, visitorPreSession);
		if (visitor.cookie("XSRF-TOKEN") != null) { // where the token used to live
			admin.setCookie("XSRF-TOKEN", visitor.cookie("XSRF-TOKEN"));
		}
		assertThat(admin.postForm(url("/logout"), Map.of("_csrf", visitorToken)).statusCode()).isEqualTo(403);

		// another administrator's token
		HttpSession other = signedInAdmin();
		assertThat(admin.postForm(url("/logout"), Map.of("_csrf", other.csrfToken())).statusCode()).isEqualTo(403);
		assertThat(this.kratosPublic.sessionForToken(sessionToken)).as("still signed in").isPresent();

		// the admin's own token, from the page it was given with, works
		admin.get(url("/identities"));
		assertThat(admin.postForm(url("/logout"), Map.of()).statusCode()).isEqualTo(302);
		assertThat(this.kratosPublic.sessionForToken(sessionToken)).isEmpty();
	}

	@Test
	void csrfTokenInTheQueryStringIsRefused() {
		HttpSession admin = signedInAdmin();
		String token = admin.csrfToken();
		HttpResponse<String> logout = admin.postForm(url("/logout?_csrf=" + token), Map.of("_csrf", ""));
		assertThat(logout.statusCode()).isEqualTo(403);
		assertThat(this.kratosPublic.sessionForToken(admin.cookie(SignInIntegrationTests.COOKIE))).isPresent();
	}

	@Test
	void signInFormTokenIsBoundToItsPreSessionCookie() {
		HttpSession visitor = new HttpSession();
		visitor.get(url("/login"));
		HttpSession attacker = new HttpSession();
		attacker.get(url("/login"));
		String email = uniqueEmail("login-csrf");
		TestIdentities.admin(this.kratos, email);
		HttpResponse<String> forged = visitor.postForm(url("/login"),
				Map.of("email", email, "password", TestIdentities.PASSWORD, "_csrf", attacker.csrfToken()));
		assertThat(forged.statusCode()).isEqualTo(403);
	}

	/** Last: it uses up this client's sign-in attempts, which the other tests need. */
	@Test
	@Order(Integer.MAX_VALUE)
	void forwardedForFromAnUntrustedPeerIsIgnoredByTheClientLimit() {
		HttpSession attacker = new HttpSession();
		attacker.get(url("/login"));
		for (int i = 0; i < 3; i++) {
			attacker.header("X-Forwarded-For", "203.0.113." + (i + 1));
			HttpResponse<String> refused = attacker.postForm(url("/login"),
					Map.of("email", uniqueEmail("nobody"), "password", "wrong-password-" + i));
			assertThat(refused.statusCode()).isEqualTo(401);
		}
		attacker.header("X-Forwarded-For", "203.0.113.99");
		HttpResponse<String> limited = attacker.postForm(url("/login"),
				Map.of("email", uniqueEmail("nobody"), "password", "wrong-password"));
		assertThat(limited.statusCode()).as("the fourth address is the same client").isEqualTo(429);
	}

	@Test
	void redirectsNeverNameTheHostTheRequestClaims() throws IOException {
		String response = raw("GET /identities?size=50 HTTP/1.1\r\nHost: evil.example\r\nAccept: text/html\r\n"
				+ "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 302");
		String location = response.lines()
			.filter((line) -> line.regionMatches(true, 0, "Location:", 0, 9))
			.findFirst()
			.orElseThrow();
		assertThat(location).doesNotContain("evil.example").contains(": /login?continue=");
	}

	private HttpSession signedInAdmin() {
		String email = uniqueEmail("hostile");
		TestIdentities.admin(this.kratos, email);
		HttpSession browser = new HttpSession();
		browser.get(url("/login"));
		assertThat(browser.postForm(url("/login"), Map.of("email", email, "password", TestIdentities.PASSWORD))
			.statusCode()).isEqualTo(302);
		assertThat(browser.get(url("/identities")).statusCode()).isEqualTo(200);
		return browser;
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}

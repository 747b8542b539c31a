package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two sealed cookies of single sign-on: the authorization request between the
 * redirect and the callback, and the panel session.
 */
class OidcCookiesTests {

	private static final SigningKey KEY = SigningKey.of(Base64.getEncoder().encodeToString(new byte[32]));

	private static final SigningKey OTHER_KEY = SigningKey
		.of(Base64.getEncoder().encodeToString("another-key-another-key-another-".getBytes()));

	private static final AuthProperties PROPERTIES = new AuthProperties("stackspin_admin_session", true,
			Duration.ofSeconds(30), 100, 5, 20, Duration.ofMinutes(1), new AuthProperties.Sso(false, "x"), null, null,
			SecondFactorPolicy.OPTIONAL);

	@Test
	void theAuthorizationRequestComesBackOnlyWithItsOwnState() {
		OidcAuthorizationRequests requests = new OidcAuthorizationRequests(KEY, true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		requests.saveAuthorizationRequest(authorizationRequest("the-state"), new MockHttpServletRequest(), response);
		Cookie cookie = response.getCookie(OidcAuthorizationRequests.COOKIE);
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSecure()).isTrue();
		assertThat(cookie.getValue()).doesNotContain("the-state").doesNotContain("nonce");

		assertThat(requests.loadAuthorizationRequest(callback(cookie, "another-state"))).isNull();
		assertThat(requests.loadAuthorizationRequest(callback(null, "the-state"))).isNull();
		assertThat(
				new OidcAuthorizationRequests(OTHER_KEY, true).loadAuthorizationRequest(callback(cookie, "the-state")))
			.isNull();

		MockHttpServletRequest callback = callback(cookie, "the-state");
		MockHttpServletResponse removed = new MockHttpServletResponse();
		OAuth2AuthorizationRequest back = requests.removeAuthorizationRequest(callback, removed);
		assertThat(back.getState()).isEqualTo("the-state");
		assertThat(back.getRedirectUri()).isEqualTo("https://admin.example.org/login/oauth2/code/sso");
		assertThat(back.getScopes()).containsExactly("openid");
		assertThat(back.<String>getAttribute("nonce")).isEqualTo("the-nonce");
		assertThat(back.<String>getAttribute(OidcAuthorizationRequests.CONTINUE)).isEqualTo("/identities?q=a");
		assertThat(back.getAdditionalParameters()).containsEntry("nonce", "hashed-nonce");
		// read once: the cookie is deleted
		assertThat(removed.getCookie(OidcAuthorizationRequests.COOKIE).getMaxAge()).isZero();
		assertThat(callback.getAttribute(OidcAuthorizationRequests.COMPLETED)).isSameAs(back);
	}

	@Test
	void aTamperedAuthorizationCookieIsNoRequest() {
		OidcAuthorizationRequests requests = new OidcAuthorizationRequests(KEY, true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		requests.saveAuthorizationRequest(authorizationRequest("s"), new MockHttpServletRequest(), response);
		String value = response.getCookie(OidcAuthorizationRequests.COOKIE).getValue();
		String tampered = value.substring(0, value.length() - 2) + (value.endsWith("AA") ? "BB" : "AA");
		assertThat(requests
			.loadAuthorizationRequest(callback(new Cookie(OidcAuthorizationRequests.COOKIE, tampered), "s"))).isNull();
		assertThat(requests.loadAuthorizationRequest(
				callback(new Cookie(OidcAuthorizationRequests.COOKIE, "not base64 at all!"), "s")))
			.isNull();
	}

	@Test
	void theSessionCookieIsSealedAndOpensOnlyUnderItsKey() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-08T10:00:00Z"), ZoneOffset.UTC);
		OidcSessionCookie cookie = new OidcSessionCookie(KEY, PROPERTIES, clock);
		OidcSessionCookie.Session session = new OidcSessionCookie.Session("3f0a6f6e-5f43-4e0b-9d1a-6b7a2f0e9c11",
				"kratos-session-id", clock.instant().getEpochSecond(),
				clock.instant().plusSeconds(3600).getEpochSecond(), "aal1", List.of("password"),
				"header.payload.signature");
		MockHttpServletResponse response = new MockHttpServletResponse();
		cookie.write(response, session);
		Cookie written = response.getCookie("stackspin_admin_session");
		assertThat(written.getValue()).startsWith(OidcSessionCookie.PREFIX)
			.doesNotContain("3f0a6f6e")
			.doesNotContain("header.payload");
		assertThat(written.isHttpOnly()).isTrue();
		assertThat(written.getMaxAge()).isEqualTo(3600);

		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(written);
		assertThat(cookie.read(request)).contains(session);
		assertThat(new OidcSessionCookie(OTHER_KEY, PROPERTIES, clock).read(request)).isEmpty();
		assertThat(cookie.open(written.getValue().replace(OidcSessionCookie.PREFIX, "xyz."))).isNull();
		assertThat(session.expired(clock.instant().plusSeconds(3599))).isFalse();
		assertThat(session.expired(clock.instant().plusSeconds(3600))).isTrue();
	}

	@Test
	void aKratosTokenIsNoSsoSession() {
		assertThat(OidcSessionCookie.holdsSso("ory_st_abcdef")).isFalse();
		assertThat(OidcSessionCookie.holdsSso(null)).isFalse();
		assertThat(OidcSessionCookie.holdsSso("sso.x")).isTrue();
	}

	private static OAuth2AuthorizationRequest authorizationRequest(String state) {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://sso.example.org/oauth2/auth")
			.clientId("stackspin-admin")
			.redirectUri("https://admin.example.org/login/oauth2/code/sso")
			.scopes(java.util.Set.of("openid"))
			.state(state)
			.additionalParameters(Map.of("nonce", "hashed-nonce"))
			.attributes((attributes) -> {
				attributes.put("registration_id", "sso");
				attributes.put("nonce", "the-nonce");
				attributes.put(OidcAuthorizationRequests.CONTINUE, "/identities?q=a");
			})
			.build();
	}

	private static MockHttpServletRequest callback(Cookie cookie, String state) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/oauth2/code/sso");
		request.setParameter("state", state);
		request.setParameter("code", "a-code");
		if (cookie != null) {
			request.setCookies(cookie);
		}
		return request;
	}

}

package net.stackspin.admin.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * The authorization request between the redirect to the provider and its callback, in a
 * sealed, short-lived HttpOnly cookie instead of a servlet session, so the callback may
 * reach any replica. Only this browser holds it: a callback whose {@code state} is not
 * the one sealed in the browser's cookie is refused (login CSRF), and the cookie is
 * deleted when the callback reads it.
 */
class OidcAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE = "stackspin_sso_request";

	/**
	 * Where the panel sends the person after signing in (a {@link SafeRedirect} target).
	 */
	static final String CONTINUE = "continue";

	/** Request attribute: the request the callback completed, for the success handler. */
	static final String COMPLETED = OidcAuthorizationRequests.class.getName() + ".completed";

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BytesEncryptor sealer;

	private final boolean secure;

	OidcAuthorizationRequests(SigningKey key, boolean secure) {
		byte[] aes = Base64.getUrlDecoder().decode(key.sign("oidc-authorization-request", "aes-256-gcm"));
		this.sealer = new AesBytesEncryptor(new SecretKeySpec(aes, "AES"), KeyGenerators.secureRandom(16),
				AesBytesEncryptor.CipherAlgorithm.GCM);
		this.secure = secure;
	}

	/** What the cookie holds: the request's parts, all text. */
	record Stored(String authorizationUri, String clientId, String redirectUri, Set<String> scopes, String state,
			Map<String, String> additionalParameters, Map<String, String> attributes, String authorizationRequestUri,
			long expiresAt) {
	}

	@Override
	public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		if (state == null) {
			return null;
		}
		Stored stored = open(SessionCookie.read(request, COOKIE).orElse(null));
		if (stored == null || stored.expiresAt() < System.currentTimeMillis() || !MessageDigest
			.isEqual(state.getBytes(StandardCharsets.UTF_8), stored.state().getBytes(StandardCharsets.UTF_8))) {
			return null;
		}
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(stored.authorizationUri())
			.clientId(stored.clientId())
			.redirectUri(stored.redirectUri())
			.scopes(stored.scopes())
			.state(stored.state())
			.additionalParameters(Map.copyOf(stored.additionalParameters()))
			.attributes((attributes) -> attributes.putAll(stored.attributes()))
			.authorizationRequestUri(stored.authorizationRequestUri())
			.build();
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			clear(response);
			return;
		}
		Stored stored = new Stored(authorizationRequest.getAuthorizationUri(), authorizationRequest.getClientId(),
				authorizationRequest.getRedirectUri(), authorizationRequest.getScopes(),
				authorizationRequest.getState(), text(authorizationRequest.getAdditionalParameters()),
				text(authorizationRequest.getAttributes()), authorizationRequest.getAuthorizationRequestUri(),
				System.currentTimeMillis() + LIFETIME.toMillis());
		String value = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.sealer.encrypt(JSON.writeValueAsBytes(stored)));
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(value, LIFETIME).toString());
	}

	@Override
	public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest authorizationRequest = loadAuthorizationRequest(request);
		if (authorizationRequest != null) {
			clear(response);
			request.setAttribute(COMPLETED, authorizationRequest);
		}
		return authorizationRequest;
	}

	private void clear(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
	}

	private Stored open(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			Stored stored = JSON.readValue(this.sealer.decrypt(Base64.getUrlDecoder().decode(value)), Stored.class);
			return (stored.state() == null || stored.scopes() == null || stored.additionalParameters() == null
					|| stored.attributes() == null) ? null : stored;
		}
		catch (IllegalArgumentException | IllegalStateException | JacksonException ex) {
			return null; // tampered with, or sealed under another key
		}
	}

	private static Map<String, String> text(Map<String, Object> values) {
		Map<String, String> text = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			if (value != null) {
				text.put(name, value.toString());
			}
		});
		return text;
	}

	private ResponseCookie cookie(String value, Duration maxAge) {
		// Lax: the provider's redirect back is a top-level GET, which carries it
		return ResponseCookie.from(COOKIE, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

}

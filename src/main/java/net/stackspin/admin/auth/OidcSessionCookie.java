package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

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

/**
 * A panel session begun by single sign-on, kept in the panel's own session cookie (the
 * one that holds a Kratos token after a form sign-in), so CSRF tokens and flash messages
 * bind to it as they do to a form session. Its value is {@value #PREFIX} and the sealed
 * session: AES-GCM (Spring Security's {@link AesBytesEncryptor}) under a key derived from
 * {@code stackspin.security.signing-key}, so every replica opens it and the browser can
 * neither read nor forge it. It holds no Kratos credential: who signed in, when the panel
 * session ends, the methods the provider reported and the ID token for the provider's
 * sign-out.
 */
class OidcSessionCookie {

	/** Starts a sealed single sign-on session; never the start of a Kratos token. */
	static final String PREFIX = "sso.";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * What the cookie holds.
	 *
	 * @param subject the OIDC subject: the Kratos identity id
	 * @param kratosSession the id (not a credential) of the Kratos session it hangs on
	 * @param issuedAt when the panel session began
	 * @param expiresAt when it ends at the latest
	 * @param assuranceLevel the Kratos session's AAL at sign-in
	 * @param methods the authentication methods ({@code amr}) the provider reported
	 * @param idToken the ID token, sent back as {@code id_token_hint} at sign-out
	 */
	record Session(String subject, String kratosSession, long issuedAt, long expiresAt, String assuranceLevel,
			List<String> methods, String idToken) {

		Session {
			methods = (methods != null) ? List.copyOf(methods) : List.of();
		}

		boolean expired(Instant now) {
			return now.getEpochSecond() >= this.expiresAt;
		}

	}

	/** Holds the ID token between the panel's sign-out and the provider's. */
	static final String SIGN_OUT_COOKIE = "stackspin_sso_sign_out";

	private static final Duration SIGN_OUT_LIFETIME = Duration.ofMinutes(1);

	private final BytesEncryptor sealer;

	private final String name;

	private final boolean secure;

	private final Clock clock;

	OidcSessionCookie(SigningKey key, AuthProperties properties, Clock clock) {
		// a key of its own, derived with a purpose label: the signing key's other uses
		// (CSRF tokens, device cookies) never see it
		byte[] aes = Base64.getUrlDecoder().decode(key.sign("oidc-session-cookie", "aes-256-gcm"));
		this.sealer = new AesBytesEncryptor(new SecretKeySpec(aes, "AES"), KeyGenerators.secureRandom(16),
				AesBytesEncryptor.CipherAlgorithm.GCM);
		this.name = properties.cookieName();
		this.secure = properties.cookieSecure();
		this.clock = clock;
	}

	/** Whether a value of the panel's session cookie is a single sign-on session. */
	static boolean holdsSso(String cookieValue) {
		return cookieValue != null && cookieValue.startsWith(PREFIX);
	}

	/** The sealed session in this request's cookie, if it has one that opens. */
	Optional<Session> read(HttpServletRequest request) {
		return SessionCookie.read(request, this.name).filter(OidcSessionCookie::holdsSso).map(this::open);
	}

	/** Whether the request carries a single sign-on session cookie at all. */
	boolean present(HttpServletRequest request) {
		return SessionCookie.read(request, this.name).filter(OidcSessionCookie::holdsSso).isPresent();
	}

	void write(HttpServletResponse response, Session session) {
		Duration maxAge = Duration.between(this.clock.instant(), Instant.ofEpochSecond(session.expiresAt()));
		response.addHeader(HttpHeaders.SET_COOKIE,
				cookie(seal(session), maxAge.isNegative() ? Duration.ZERO : maxAge).toString());
	}

	void clear(HttpServletRequest request, HttpServletResponse response) {
		request.setAttribute(SessionCookie.CLEARED, Boolean.TRUE);
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
	}

	String seal(Session session) {
		return PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.sealer.encrypt(JSON.writeValueAsBytes(session)));
	}

	/**
	 * The session, or {@code null} if the value was tampered with or sealed under another
	 * key.
	 */
	Session open(String value) {
		if (!holdsSso(value)) {
			return null;
		}
		try {
			Session session = JSON.readValue(
					this.sealer.decrypt(Base64.getUrlDecoder().decode(value.substring(PREFIX.length()))),
					Session.class);
			return (session.subject() == null || session.kratosSession() == null) ? null : session;
		}
		catch (IllegalArgumentException | IllegalStateException | JacksonException ex) {
			return null;
		}
	}

	/**
	 * Keeps the ID token for a minute after the session cookie is gone, for the page that
	 * sends the browser on to the provider's end-session endpoint.
	 */
	void writeSignOut(HttpServletResponse response, String idToken) {
		Session signOut = new Session("sign-out", "sign-out", this.clock.instant().getEpochSecond(),
				this.clock.instant().plus(SIGN_OUT_LIFETIME).getEpochSecond(), null, List.of(), idToken);
		response.addHeader(HttpHeaders.SET_COOKIE,
				cookie(SIGN_OUT_COOKIE, seal(signOut), SIGN_OUT_LIFETIME).toString());
	}

	/** The ID token {@link #writeSignOut} kept, once: the cookie is deleted. */
	Optional<String> takeSignOut(HttpServletRequest request, HttpServletResponse response) {
		Optional<String> value = SessionCookie.read(request, SIGN_OUT_COOKIE);
		if (value.isEmpty()) {
			return Optional.empty();
		}
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(SIGN_OUT_COOKIE, "", Duration.ZERO).toString());
		return value.map(this::open).filter((session) -> !session.expired(this.clock.instant())).map(Session::idToken);
	}

	private ResponseCookie cookie(String value, Duration maxAge) {
		return cookie(this.name, value, maxAge);
	}

	private ResponseCookie cookie(String cookieName, String value, Duration maxAge) {
		return ResponseCookie.from(cookieName, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

}

package net.stackspin.admin.auth;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * CSRF tokens bound to the session that received them, kept nowhere: the token is the
 * HMAC ({@link SigningKey}, shared by the replicas) of the Kratos session token in the
 * panel's cookie, or, before signing in, of a random pre-session cookie. A token taken
 * from another session, or a token and cookie planted together, does not match the
 * session the browser actually carries. Only the holder of the server key can make a
 * token, so the cookie itself never holds one.
 */
final class SessionBoundCsrfTokens implements CsrfTokenRepository {

	static final String PRE_SESSION_COOKIE = "stackspin_admin_presession";

	static final String HEADER = "X-CSRF-TOKEN";

	static final String PARAMETER = "_csrf";

	private static final String PURPOSE = "csrf";

	private static final String NEW_PRE_SESSION = SessionBoundCsrfTokens.class.getName() + ".newPreSession";

	private final SigningKey key;

	private final SessionCookie sessionCookie;

	private final AuthProperties.Sso sso;

	private final boolean secure;

	SessionBoundCsrfTokens(SigningKey key, SessionCookie sessionCookie, AuthProperties properties) {
		this.key = key;
		this.sessionCookie = sessionCookie;
		this.sso = properties.sso();
		this.secure = properties.cookieSecure();
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return binding(request).map(this::token).orElseGet(() -> {
			String preSession = SigningKey.randomId();
			request.setAttribute(NEW_PRE_SESSION, preSession);
			return token("pre:" + preSession);
		});
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token == null) {
			// signing in or out: the pre-session ends
			if (SessionCookie.read(request, PRE_SESSION_COOKIE).isPresent()) {
				response.addHeader(HttpHeaders.SET_COOKIE, preSessionCookie("", 0).toString());
			}
			return;
		}
		Object preSession = request.getAttribute(NEW_PRE_SESSION);
		if (preSession != null) {
			response.addHeader(HttpHeaders.SET_COOKIE, preSessionCookie((String) preSession, -1).toString());
		}
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return binding(request).map(this::token).orElse(null);
	}

	/**
	 * What the token is bound to: the panel's session, Kratos's (single sign-on), or the
	 * pre-session. A session cookie the session filter found dead does not count.
	 */
	private Optional<String> binding(HttpServletRequest request) {
		if (request.getAttribute(SessionCookie.CLEARED) == null) {
			Optional<String> session = this.sessionCookie.read(request);
			if (session.isPresent()) {
				return Optional.of("session:" + session.get());
			}
			if (this.sso.enabled()) {
				Optional<String> kratos = SessionCookie.read(request, this.sso.cookieName());
				if (kratos.isPresent()) {
					return Optional.of("kratos:" + kratos.get());
				}
			}
		}
		return SessionCookie.read(request, PRE_SESSION_COOKIE).map((preSession) -> "pre:" + preSession);
	}

	private CsrfToken token(String binding) {
		return new DefaultCsrfToken(HEADER, PARAMETER, this.key.sign(PURPOSE, binding));
	}

	private ResponseCookie preSessionCookie(String value, long maxAgeSeconds) {
		return ResponseCookie.from(PRE_SESSION_COOKIE, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAgeSeconds)
			.build();
	}

}

package net.stackspin.admin.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/** The panel's session cookie: the Kratos session token, HttpOnly, SameSite=Lax. */
class SessionCookie {

	/**
	 * Request attribute set when the cookie's session turned out dead and is being
	 * cleared.
	 */
	static final String CLEARED = SessionCookie.class.getName() + ".cleared";

	private final String name;

	private final boolean secure;

	SessionCookie(AuthProperties properties) {
		this.name = properties.cookieName();
		this.secure = properties.cookieSecure();
	}

	Optional<String> read(HttpServletRequest request) {
		return read(request, this.name);
	}

	static Optional<String> read(HttpServletRequest request, String cookieName) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		for (Cookie cookie : cookies) {
			if (cookieName.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
				return Optional.of(cookie.getValue());
			}
		}
		return Optional.empty();
	}

	/** Sets the cookie to live as long as the Kratos session does. */
	void write(HttpServletResponse response, String token, Instant expiresAt) {
		Duration maxAge = (expiresAt != null) ? Duration.between(Instant.now(), expiresAt) : Duration.ofHours(8);
		response.addHeader(HttpHeaders.SET_COOKIE,
				cookie(token, maxAge.isNegative() ? Duration.ZERO : maxAge).toString());
	}

	void clear(HttpServletRequest request, HttpServletResponse response) {
		request.setAttribute(CLEARED, Boolean.TRUE);
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
	}

	private ResponseCookie cookie(String value, Duration maxAge) {
		return ResponseCookie.from(this.name, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

}

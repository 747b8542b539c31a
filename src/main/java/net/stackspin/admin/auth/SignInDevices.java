package net.stackspin.admin.auth;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The device cookie: a browser in which an administrator signed in gets a signed cookie
 * naming a random device id and binding it to that account. Sign-in attempts from it are
 * counted on their own ({@link SignInRateLimiter}), so an attacker who hammers a known
 * e-mail address from elsewhere does not lock its owner out. It grants nothing else: the
 * password is still checked by Kratos.
 */
class SignInDevices {

	static final String COOKIE = "stackspin_admin_device";

	private static final String PURPOSE = "sign-in-device";

	private static final Duration LIFETIME = Duration.ofDays(180);

	private final SigningKey key;

	private final boolean secure;

	SignInDevices(SigningKey key, boolean secure) {
		this.key = key;
		this.secure = secure;
	}

	/**
	 * The device id of this browser's cookie, if the cookie is genuine and was given for
	 * this account.
	 */
	Optional<String> deviceFor(HttpServletRequest request, String identifier) {
		return SessionCookie.read(request, COOKIE).flatMap((value) -> {
			int dot = value.indexOf('.');
			if (dot <= 0) {
				return Optional.empty();
			}
			String device = value.substring(0, dot);
			String signature = value.substring(dot + 1);
			return this.key.verify(PURPOSE, device + ":" + SignInIdentifier.key(identifier), signature)
					? Optional.of(device) : Optional.empty();
		});
	}

	/** Marks this browser as one in which the account signed in. */
	void remember(HttpServletRequest request, HttpServletResponse response, String identifier) {
		String device = deviceFor(request, identifier).orElseGet(SigningKey::randomId);
		String value = device + "." + this.key.sign(PURPOSE, device + ":" + SignInIdentifier.key(identifier));
		ResponseCookie cookie = ResponseCookie.from(COOKIE, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Strict")
			.path("/login")
			.maxAge(LIFETIME)
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

}

package net.stackspin.admin.selfservice;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.kratos.SelfServiceFlowType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Remembers, for one round trip through Kratos, that a page restarted its flow: Kratos's
 * fresh flow does not say why (an expired or used link, an old tab), so the page tells
 * the user it started again, and a second refusal in a row ends on the error page instead
 * of redirecting forever. A short-lived cookie, because Kratos drops any parameter on its
 * way back.
 */
final class RestartNotice {

	static final String COOKIE = "stackspin_self_service_restarted";

	private static final String PATH = "/self-service";

	private RestartNotice() {
	}

	static boolean isSet(HttpServletRequest request, SelfServiceFlowType type) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return false;
		}
		for (Cookie cookie : cookies) {
			if (COOKIE.equals(cookie.getName()) && type.path().equals(cookie.getValue())) {
				return true;
			}
		}
		return false;
	}

	static void set(HttpServletRequest request, HttpServletResponse response, SelfServiceFlowType type) {
		write(request, response, type.path(), Duration.ofMinutes(2));
	}

	static void clear(HttpServletRequest request, HttpServletResponse response) {
		write(request, response, "", Duration.ZERO);
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
		ResponseCookie cookie = ResponseCookie.from(COOKIE, value)
			.path(request.getContextPath() + PATH)
			.maxAge(maxAge)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

}

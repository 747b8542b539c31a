package net.stackspin.admin.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Reads the CSRF token from the request header or the form body, never from the query
 * string: a token in a URL ends up in logs, history and Referer headers. The token in the
 * page stays masked per response (BREACH), as Spring Security does by default.
 */
final class BodyOrHeaderCsrfTokens implements CsrfTokenRequestHandler {

	private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
		this.masked.handle(request, response, csrfToken);
	}

	@Override
	public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
		if (inQueryString(request.getQueryString(), csrfToken.getParameterName())) {
			return null;
		}
		return this.masked.resolveCsrfTokenValue(request, csrfToken);
	}

	static boolean inQueryString(String query, String parameter) {
		if (query == null || query.isEmpty()) {
			return false;
		}
		for (String pair : query.split("&")) {
			String name = pair.split("=", 2)[0];
			try {
				name = URLDecoder.decode(name, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				// undecodable: compare as it is
			}
			if (parameter.equals(name)) {
				return true;
			}
		}
		return false;
	}

}

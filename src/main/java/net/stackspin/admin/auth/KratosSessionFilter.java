package net.stackspin.admin.auth;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.kratos.KratosOutageLog;
import net.stackspin.admin.kratos.KratosUnavailableException;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates each request from its Kratos session: the panel's cookie, or (when single
 * sign-on is on) Kratos's own browser cookie. A cookie whose session is gone is cleared,
 * and the request goes on anonymously, to be sent to the sign-in page. When Kratos cannot
 * be asked, the request goes on anonymously too, marked {@link #KRATOS_UNAVAILABLE}:
 * public pages still work, and the entry point answers 503 instead of sending an
 * administrator to sign in again (the failure used to escape the filter as a 500).
 */
class KratosSessionFilter extends OncePerRequestFilter {

	/**
	 * Request attribute: the session could not be checked because Kratos is unavailable.
	 */
	static final String KRATOS_UNAVAILABLE = KratosSessionFilter.class.getName() + ".kratosUnavailable";

	private final AdminSessions sessions;

	private final SessionCookie cookie;

	private final AuthProperties.Sso sso;

	private final KratosOutageLog outageLog;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	KratosSessionFilter(AdminSessions sessions, SessionCookie cookie, AuthProperties.Sso sso,
			KratosOutageLog outageLog) {
		this.sessions = sessions;
		this.cookie = cookie;
		this.sso = sso;
		this.outageLog = outageLog;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.contexts.getContext().getAuthentication() == null) {
			try {
				resolve(request, response).ifPresent((checked) -> {
					SecurityContext context = this.contexts.createEmptyContext();
					context.setAuthentication(checked.authentication());
					this.contexts.setContext(context);
				});
			}
			catch (KratosUnavailableException ex) {
				this.outageLog.unavailable("session check", ex);
				request.setAttribute(KRATOS_UNAVAILABLE, Boolean.TRUE);
			}
		}
		chain.doFilter(request, response);
	}

	private Optional<AdminSessions.Checked> resolve(HttpServletRequest request, HttpServletResponse response) {
		// a single sign-on session is no Kratos token: OidcSessionFilter checks it
		Optional<String> token = this.cookie.read(request).filter((value) -> !OidcSessionCookie.holdsSso(value));
		if (token.isPresent()) {
			Optional<AdminSessions.Checked> checked = this.sessions.forToken(token.get());
			if (checked.isEmpty()) {
				this.cookie.clear(request, response);
			}
			return checked;
		}
		if (this.sso.enabled()) {
			return SessionCookie.read(request, this.sso.cookieName())
				.flatMap((value) -> this.sessions.forKratosCookie(this.sso.cookieName(), value));
		}
		return Optional.empty();
	}

}

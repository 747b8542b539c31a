package net.stackspin.admin.auth;

import java.io.IOException;
import java.time.Clock;
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
 * Authenticates each request that carries a single sign-on session
 * ({@link OidcSessionCookie}): checked against Kratos at most once per
 * {@code session-check-interval} ({@link OidcSessions#check}). A session that no longer
 * opens, has expired or failed its check is cleared, and the request goes on anonymously
 * (to the sign-in page). When Kratos cannot be asked, the request is marked as
 * {@link KratosSessionFilter} marks it, so the entry point answers 503.
 */
class OidcSessionFilter extends OncePerRequestFilter {

	private final OidcSessionCookie cookie;

	private final OidcSessions sessions;

	private final KratosOutageLog outageLog;

	private final Clock clock;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	OidcSessionFilter(OidcSessionCookie cookie, OidcSessions sessions, KratosOutageLog outageLog, Clock clock) {
		this.cookie = cookie;
		this.sessions = sessions;
		this.outageLog = outageLog;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.contexts.getContext().getAuthentication() == null && this.cookie.present(request)) {
			try {
				Optional<AdminSessions.Checked> checked = this.cookie.read(request)
					.filter((session) -> !session.expired(this.clock.instant()))
					.flatMap((session) -> this.sessions.check(session.subject(), session.kratosSession()));
				if (checked.isPresent()) {
					SecurityContext context = this.contexts.createEmptyContext();
					context.setAuthentication(checked.get().authentication());
					this.contexts.setContext(context);
				}
				else {
					this.cookie.clear(request, response);
				}
			}
			catch (KratosUnavailableException ex) {
				this.outageLog.unavailable("single sign-on session check", ex);
				request.setAttribute(KratosSessionFilter.KRATOS_UNAVAILABLE, Boolean.TRUE);
			}
		}
		chain.doFilter(request, response);
	}

}

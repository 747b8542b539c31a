package net.stackspin.admin.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.KratosUnavailableException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.servlet.FlashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.FlashMapManager;

/**
 * The end of the redirect dance: the provider vouched for a subject (the Kratos identity
 * id). {@link OidcSessions} decides whether it may use the panel; a panel session begins,
 * or the sign-in page says why not, with the same messages as the form.
 */
class OidcSignInHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(OidcSignInHandler.class);

	private final OidcSessions sessions;

	private final OidcSessionCookie cookie;

	private final CsrfTokenRepository csrfTokens;

	private final AuditTrail audit;

	private final OidcProperties properties;

	private final ObjectProvider<FlashMapManager> flashes;

	private final Clock clock;

	OidcSignInHandler(OidcSessions sessions, OidcSessionCookie cookie, CsrfTokenRepository csrfTokens, AuditTrail audit,
			OidcProperties properties, ObjectProvider<FlashMapManager> flashes, Clock clock) {
		this.flashes = flashes;
		this.sessions = sessions;
		this.cookie = cookie;
		this.csrfTokens = csrfTokens;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		// the provider's token is no panel authentication: the panel session below is
		SecurityContextHolder.clearContext();
		if (!(authentication.getPrincipal() instanceof OidcUser user)) {
			refuse(request, response, "login.sso.failed");
			return;
		}
		List<String> methods = (user.getIdToken().getClaimAsStringList("amr") != null)
				? user.getIdToken().getClaimAsStringList("amr") : List.of();
		OidcSessions.Result result;
		try {
			result = this.sessions.signIn(user.getSubject(), methods);
		}
		catch (KratosUnavailableException ex) {
			refuse(request, response, "login.kratosUnavailable");
			return;
		}
		if (result instanceof OidcSessions.Success success) {
			Instant now = this.clock.instant();
			Instant end = now.plus(this.properties.sessionLifetime());
			if (success.kratosSessionExpiresAt() != null && success.kratosSessionExpiresAt().isBefore(end)) {
				end = success.kratosSessionExpiresAt();
			}
			this.cookie.write(response,
					new OidcSessionCookie.Session(user.getSubject(), success.kratosSessionId(), now.getEpochSecond(),
							end.getEpochSecond(), success.assuranceLevel(), methods,
							user.getIdToken().getTokenValue()));
			// a token planted before sign-in must not outlive it
			this.csrfTokens.saveToken(null, request, response);
			response.sendRedirect(request.getContextPath() + SafeRedirect.target(target(request)));
			return;
		}
		refuse(request, response, (result instanceof OidcSessions.Inactive) ? "login.inactive"
				: (result instanceof OidcSessions.NoSession) ? "login.sso.noSession" : "login.notAdministrator");
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		// the provider said no (the person cancelled, a stale or forged callback, a
		// wrong client secret): nobody is known, the reason is Spring's error code
		String code = (exception instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException oauth)
				? oauth.getError().getErrorCode() : "authentication_failed";
		logger.warn("Single sign-on failed: " + code);
		this.audit.event("sign_in")
			.outcome("refused")
			.value("method", "sso")
			.value("reason", "sso_failed")
			.value("error", code)
			.record();
		refuse(request, response, "login.sso.failed");
	}

	private static String target(HttpServletRequest request) {
		if (request.getAttribute(OidcAuthorizationRequests.COMPLETED) instanceof OAuth2AuthorizationRequest completed
				&& completed.getAttribute(OidcAuthorizationRequests.CONTINUE) instanceof String target) {
			return target;
		}
		return null;
	}

	/**
	 * Back to the sign-in page, with the message the form would show (a flash message:
	 * this runs in the filter chain, before Spring MVC).
	 */
	private void refuse(HttpServletRequest request, HttpServletResponse response, String messageKey)
			throws IOException {
		FlashMap flash = new FlashMap();
		flash.put("signInError", messageKey);
		flash.setTargetRequestPath(request.getContextPath() + "/login");
		this.flashes.ifAvailable((flashes) -> flashes.saveOutputFlashMap(flash, request, response));
		response.sendRedirect(request.getContextPath() + "/login");
	}

}

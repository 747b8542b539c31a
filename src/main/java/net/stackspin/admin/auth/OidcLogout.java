package net.stackspin.admin.auth;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.KratosException;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signing out of a single sign-on session: the panel's cookie goes, then the browser goes
 * on to the provider's end-session endpoint (RP-initiated logout, with the ID token as
 * {@code id_token_hint}), which ends the provider's session (and, with Hydra, the Kratos
 * session behind it) and sends the browser back to the sign-in page. A form session signs
 * out as before ({@link KratosLogoutHandler}).
 */
class OidcLogout implements LogoutHandler, LogoutSuccessHandler {

	/** The page between the panel's sign-out and the provider's. */
	static final String SIGN_OUT_PATH = "/logout/sso";

	private static final String ID_TOKEN = OidcLogout.class.getName() + ".idToken";

	private final OidcSessionCookie cookie;

	private final OidcSessions sessions;

	private final OidcClientRegistrations registrations;

	private final AuditTrail audit;

	OidcLogout(OidcSessionCookie cookie, OidcSessions sessions, OidcClientRegistrations registrations,
			AuditTrail audit) {
		this.cookie = cookie;
		this.sessions = sessions;
		this.registrations = registrations;
		this.audit = audit;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		if (!this.cookie.present(request)) {
			return;
		}
		this.cookie.read(request).ifPresent((session) -> {
			request.setAttribute(ID_TOKEN, session.idToken());
			try {
				// the logout filter runs before the session filter: ask the (usually
				// cached) check who is leaving, before it is forgotten
				this.sessions.check(session.subject(), session.kratosSession())
					.filter((checked) -> checked.role().isPresent())
					.ifPresent((checked) -> this.audit.event("sign_out")
						.actor(checked.principal().identityId(), checked.principal().label(),
								checked.role().get().kratosName())
						.value("method", "sso")
						.record());
			}
			catch (KratosException ex) {
				// signed out all the same, just not audited by name
			}
			this.sessions.forget(session.subject(), session.kratosSession());
		});
		this.cookie.clear(request, response);
	}

	/**
	 * A single sign-on session goes on to the provider's sign-out, through a page of the
	 * panel ({@link OidcSignInController#signOut}): browsers apply the sign-out form's
	 * CSP {@code form-action 'self'} to its redirects, so a redirect straight to the
	 * provider would be blocked.
	 */
	@Override
	public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		if (request.getAttribute(ID_TOKEN) instanceof String idToken) {
			this.cookie.writeSignOut(response, idToken);
			response.sendRedirect(request.getContextPath() + SIGN_OUT_PATH);
			return;
		}
		response.sendRedirect(request.getContextPath() + "/login?logout");
	}

	/**
	 * The provider's end-session URL for this ID token, returning to the sign-in page;
	 * null when the provider has no such endpoint or cannot be asked.
	 */
	String endSessionUrl(HttpServletRequest request, String idToken) {
		String endSession = endSessionEndpoint();
		if (endSession == null) {
			return null;
		}
		String back = UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
			.replacePath(request.getContextPath() + "/login")
			.replaceQuery("logout")
			.build()
			.toUriString();
		return UriComponentsBuilder.fromUriString(endSession)
			.queryParam("id_token_hint", idToken)
			.queryParam("post_logout_redirect_uri", back)
			.encode()
			.toUriString();
	}

	/**
	 * The provider's end-session endpoint, or null when it has none or cannot be asked.
	 */
	private String endSessionEndpoint() {
		try {
			ClientRegistration registration = this.registrations.findByRegistrationId(OidcProperties.REGISTRATION_ID);
			Object endpoint = registration.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
			return (endpoint != null) ? endpoint.toString() : null;
		}
		catch (RuntimeException ex) {
			// provider unreachable: the panel session is over anyway
			return null;
		}
	}

}

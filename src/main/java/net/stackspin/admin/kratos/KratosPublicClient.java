package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.model.Identity;
import sh.ory.kratos.model.LoginFlow;
import sh.ory.kratos.model.PerformNativeLogoutBody;
import sh.ory.kratos.model.Session;
import sh.ory.kratos.model.SuccessfulNativeLogin;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;

/**
 * Kratos's public API as the panel uses it: sign an administrator in with e-mail and
 * password (the native API flow, no browser cookies involved), check a session, end it.
 */
public class KratosPublicClient {

	private final FrontendApi frontend;

	private final KratosCalls calls;

	KratosPublicClient(KratosClients clients, MeterRegistry meters) {
		this.frontend = new FrontendApi(clients.pub());
		this.calls = new KratosCalls(meters);
	}

	/** A signed-in session and its token. */
	public record SignedIn(String sessionToken, KratosSession session) {

		@Override
		public String toString() {
			return "SignedIn[session=" + this.session + "]"; // never the token
		}

	}

	/**
	 * Signs in with Kratos's password method.
	 * @throws SignInRefusedException with Kratos's message when the credentials are wrong
	 * or the identity may not sign in
	 */
	public SignedIn signInWithPassword(String identifier, String password) {
		LoginFlow flow = this.calls.run("create_login_flow",
				() -> this.frontend.createNativeLoginFlow(null, null, null, null, null, null, null, null));
		UpdateLoginFlowBody body = new UpdateLoginFlowBody(
				new UpdateLoginFlowWithPasswordMethod().method("password").identifier(identifier).password(password));
		try {
			SuccessfulNativeLogin login = this.calls.run("update_login_flow",
					() -> this.frontend.updateLoginFlow(flow.getId(), body, null, null));
			return new SignedIn(login.getSessionToken(), session(login.getSession()));
		}
		catch (KratosRequestRejectedException ex) {
			boolean inactive = ex.getReason().toLowerCase(java.util.Locale.ROOT).contains("disabled")
					|| ex.getReason().toLowerCase(java.util.Locale.ROOT).contains("inactive");
			throw new SignInRefusedException(ex.getReason(), inactive);
		}
	}

	/** The session behind a token, if Kratos still considers it active. */
	public Optional<KratosSession> sessionForToken(String sessionToken) {
		return whoami("to_session", sessionToken, null);
	}

	/** The session behind Kratos's own browser cookie (single sign-on), if active. */
	public Optional<KratosSession> sessionForCookie(String cookieName, String cookieValue) {
		return whoami("to_session_cookie", null, cookieName + "=" + cookieValue);
	}

	/**
	 * Ends the session of this token at Kratos. Ending an unknown or ended session is no
	 * error.
	 */
	public void revoke(String sessionToken) {
		try {
			this.calls.run("logout", () -> {
				this.frontend.performNativeLogout(new PerformNativeLogoutBody().sessionToken(sessionToken));
				return null;
			});
		}
		catch (KratosRequestRejectedException ex) {
			// already gone: the goal is reached
		}
	}

	private Optional<KratosSession> whoami(String operation, String token, String cookie) {
		try {
			Session session = this.calls.run(operation, () -> this.frontend.toSession(token, cookie, null));
			if (!Boolean.TRUE.equals(session.getActive()) || session.getIdentity() == null) {
				return Optional.empty();
			}
			return Optional.of(session(session));
		}
		catch (KratosRequestRejectedException ex) {
			return Optional.empty(); // 401/403: no valid session
		}
	}

	private static KratosSession session(Session session) {
		Identity identity = session.getIdentity();
		IdentitySummary summary = KratosAdminClient.summary(identity);
		String name = summary.displayName().isEmpty() ? summary.email() : summary.displayName();
		Instant expires = (session.getExpiresAt() != null) ? session.getExpiresAt().toInstant() : null;
		return new KratosSession(session.getId(), identity.getId(), summary.email(), name, expires, summary);
	}

}

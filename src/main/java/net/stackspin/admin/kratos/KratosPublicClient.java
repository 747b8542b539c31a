package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.model.AuthenticatorAssuranceLevel;
import sh.ory.kratos.model.Identity;
import sh.ory.kratos.model.LoginFlow;
import sh.ory.kratos.model.PerformNativeLogoutBody;
import sh.ory.kratos.model.Session;
import sh.ory.kratos.model.SuccessfulNativeLogin;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithLookupSecretMethod;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;
import sh.ory.kratos.model.UpdateLoginFlowWithTotpMethod;

/**
 * Kratos's public API as the panel uses it: sign an administrator in with e-mail and
 * password and, where the identity has one, a second factor (the native API flow at
 * {@code aal1}, then at {@code aal2}; no browser cookies involved), check a session, end
 * it.
 */
public class KratosPublicClient {

	private final FrontendApi frontend;

	private final KratosCalls calls;

	private final KratosJson json;

	KratosPublicClient(KratosClients clients, MeterRegistry meters) {
		this.frontend = new FrontendApi(clients.pub());
		this.json = new KratosJson(clients.pub());
		this.calls = new KratosCalls(meters);
	}

	/**
	 * Second factors the panel's sign-in can ask for (a security key needs a browser).
	 */
	public static final Set<String> CODE_FACTORS = Set.of("totp", "lookup_secret");

	/**
	 * A session and its token. Without a {@code session}, Kratos accepted the first
	 * factor but the session is not valid until a second factor is given: Kratos leaves
	 * the identity out of such an answer, so the panel does not know yet who signed in.
	 */
	public record SignedIn(String sessionToken, KratosSession session) {

		public boolean needsSecondFactor() {
			return this.session == null;
		}

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
			return signedIn(login);
		}
		catch (KratosRequestRejectedException ex) {
			throw refused(ex);
		}
	}

	/**
	 * The second factors Kratos offers for raising this session to {@code aal2}
	 * ({@code totp}, {@code lookup_secret}, {@code webauthn}), in Kratos's order.
	 * @throws SignInRefusedException when the session is gone
	 */
	public Set<String> secondFactors(String sessionToken) {
		return secondFactorFlow(sessionToken).methods();
	}

	/**
	 * Raises a session that has its first factor to {@code aal2} with a code of one of
	 * {@link #CODE_FACTORS}: an authenticator app's code or one backup code (which Kratos
	 * then marks used).
	 * @throws SignInRefusedException with Kratos's message when the code is wrong, or the
	 * session is gone
	 */
	public SignedIn signInWithSecondFactor(String sessionToken, String method, String code) {
		if (!CODE_FACTORS.contains(method)) {
			throw new IllegalArgumentException("not a code factor: " + method);
		}
		SecondFactorFlow flow = secondFactorFlow(sessionToken);
		Object factor = method.equals("totp") ? new UpdateLoginFlowWithTotpMethod().method("totp").totpCode(code)
				: new UpdateLoginFlowWithLookupSecretMethod().method("lookup_secret").lookupSecret(code);
		UpdateLoginFlowBody body = new UpdateLoginFlowBody(factor);
		try {
			SuccessfulNativeLogin login = this.calls.run("update_login_flow_aal2",
					() -> this.frontend.updateLoginFlow(flow.id(), body, sessionToken, null));
			return signedIn(login);
		}
		catch (KratosRequestRejectedException ex) {
			throw refused(ex);
		}
	}

	private record SecondFactorFlow(String id, Set<String> methods) {
	}

	/**
	 * An {@code aal2} login flow for the session, read as plain JSON: for an identity
	 * without a second factor Kratos v1.3.1 answers {@code "nodes": null}, which the
	 * generated model refuses.
	 */
	private SecondFactorFlow secondFactorFlow(String sessionToken) {
		KratosJson.Answer answer;
		try {
			answer = this.calls.run("create_login_flow_aal2", () -> this.json.get("self-service/login/api",
					Map.of("aal", "aal2"), Map.of("X-Session-Token", sessionToken)));
		}
		catch (KratosRequestRejectedException ex) {
			throw new SignInRefusedException(ex.getReason(), false, true);
		}
		Set<String> methods = new LinkedHashSet<>();
		for (JsonNode node : answer.body().path("ui").path("nodes")) {
			String group = node.path("group").asString("");
			if (group.equals("totp") || group.equals("lookup_secret") || group.equals("webauthn")) {
				methods.add(group);
			}
		}
		return new SecondFactorFlow(answer.body().path("id").asString(""), methods);
	}

	private static SignedIn signedIn(SuccessfulNativeLogin login) {
		Session session = login.getSession();
		// Kratos leaves the identity out while the session still needs a second factor
		boolean complete = session != null && session.getIdentity() != null && session.getIdentity().getId() != null;
		return new SignedIn(login.getSessionToken(), complete ? session(session) : null);
	}

	private static SignInRefusedException refused(KratosRequestRejectedException ex) {
		String reason = ex.getReason().toLowerCase(Locale.ROOT);
		boolean inactive = reason.contains("disabled") || reason.contains("inactive");
		return new SignInRefusedException(ex.getReason(), inactive);
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
		AuthenticatorAssuranceLevel aal = session.getAuthenticatorAssuranceLevel();
		boolean secondFactor = aal == AuthenticatorAssuranceLevel.AAL2 || aal == AuthenticatorAssuranceLevel.AAL3;
		return new KratosSession(session.getId(), identity.getId(), summary.email(), name, expires, summary,
				secondFactor);
	}

}

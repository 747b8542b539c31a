package net.stackspin.admin.auth;

import java.time.Duration;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.SignInRefusedException;

/**
 * Signs a panel user in: a reserved attempt ({@link SignInRateLimiter}), Kratos's
 * password check (public API), then the panel role (admin API). Only holders of a
 * {@link PanelRole} get a session; anybody else's fresh Kratos session is ended again at
 * once.
 */
class SignInService {

	private static final Log logger = LogFactory.getLog(SignInService.class);

	/** The outcome of one attempt; only {@link Success} carries a token. */
	sealed interface Result {

	}

	record Success(String sessionToken, AdminPrincipal principal, PanelRole role,
			java.time.Instant expiresAt) implements Result {

		@Override
		public String toString() {
			return "Success[" + this.principal + ", " + this.role + "]";
		}

	}

	/** Kratos refused the credentials; the message is Kratos's own. */
	record Refused(String kratosMessage) implements Result {
	}

	/** Kratos accepted the credentials of {@code identityId}, who holds no panel role. */
	record NotAdministrator(String identityId) implements Result {
	}

	record Inactive() implements Result {
	}

	record TooManyAttempts(Duration retryAfter) implements Result {
	}

	private final KratosPublicClient kratos;

	private final AdminSessions sessions;

	private final SignInRateLimiter limiter;

	private final MeterRegistry meters;

	private final AuditTrail audit;

	SignInService(KratosPublicClient kratos, AdminSessions sessions, SignInRateLimiter limiter, MeterRegistry meters,
			AuditTrail audit) {
		this.kratos = kratos;
		this.sessions = sessions;
		this.limiter = limiter;
		this.meters = meters;
		this.audit = audit;
	}

	/**
	 * @param device the id of this browser's valid device cookie for this account, or
	 * {@code null}
	 */
	Result signIn(String email, String password, String clientAddress, String device) {
		Result result = attempt(email, password, clientAddress, device);
		this.meters.counter("stackspin.signin", "outcome", outcome(result)).increment();
		audit(result, email);
		return result;
	}

	/**
	 * One {@code sign_in} event per attempt Kratos was asked about or the rate limit
	 * refused. A refusal names the actor by the identifier tried, normalised as the rate
	 * limit counts it (the password never goes anywhere); a panel role's holder by their
	 * id, label and role.
	 */
	private void audit(Result result, String identifier) {
		AuditTrail.Event event = this.audit.event("sign_in");
		if (result instanceof Success success) {
			AdminPrincipal principal = success.principal();
			event.actor(principal.identityId(), principal.label(), success.role().kratosName());
		}
		else {
			String id = (result instanceof NotAdministrator refused) ? refused.identityId() : null;
			event.actor(id, SignInIdentifier.key(identifier), null).outcome("refused").value("reason", outcome(result));
		}
		event.record();
	}

	private Result attempt(String email, String password, String client, String device) {
		SignInRateLimiter.Admission admission = this.limiter.admit(email, client, device);
		if (admission instanceof SignInRateLimiter.Refused refused) {
			logger.warn("Sign-in attempt refused by the rate limit (client " + client + ")");
			return new TooManyAttempts(refused.retryAfter());
		}
		SignInRateLimiter.Attempt attempt = (SignInRateLimiter.Attempt) admission;
		try {
			return check(email, password, client, attempt);
		}
		catch (RuntimeException ex) {
			attempt.abandoned(); // Kratos could not be asked: not the person's fault
			throw ex;
		}
	}

	private Result check(String email, String password, String client, SignInRateLimiter.Attempt attempt) {
		KratosPublicClient.SignedIn signedIn;
		try {
			signedIn = this.kratos.signInWithPassword(email, password);
		}
		catch (SignInRefusedException ex) {
			attempt.failed();
			if (ex.isInactiveIdentity()) {
				logger.warn("Sign-in refused: the identity is deactivated (client " + client + ")");
				return new Inactive();
			}
			return new Refused(ex.getMessage());
		}
		AdminPrincipal principal = this.sessions.principal(signedIn.session());
		Optional<PanelRole> role = this.sessions.role(principal.identityId());
		if (role.isEmpty()) {
			this.kratos.revoke(signedIn.sessionToken());
			attempt.failed();
			logger.warn("Sign-in refused: identity " + principal.identityId() + " holds no panel role (client " + client
					+ ")");
			return new NotAdministrator(principal.identityId());
		}
		attempt.succeeded();
		this.sessions.remember(signedIn.sessionToken(), signedIn.session(), role.get());
		logger.info("Panel user " + principal.identityId() + " (" + role.get().kratosName() + ") signed in (client "
				+ client + ")");
		return new Success(signedIn.sessionToken(), principal, role.get(), signedIn.session().expiresAt());
	}

	void signOut(String sessionToken) {
		// the logout filter runs before the session filter: ask the (usually cached)
		// session who is leaving, before it is forgotten
		Optional<AdminSessions.Checked> leaving = whoHolds(sessionToken);
		this.sessions.forget(sessionToken);
		this.kratos.revoke(sessionToken);
		leaving.filter((checked) -> checked.role().isPresent())
			.ifPresent((checked) -> this.audit.event("sign_out")
				.actor(checked.principal().identityId(), checked.principal().label(), checked.role().get().kratosName())
				.record());
	}

	private Optional<AdminSessions.Checked> whoHolds(String sessionToken) {
		try {
			return this.sessions.forToken(sessionToken);
		}
		catch (KratosException ex) {
			return Optional.empty(); // signed out all the same, just not audited by name
		}
	}

	private static String outcome(Result result) {
		if (result instanceof Success) {
			return "success";
		}
		if (result instanceof Refused) {
			return "invalid_credentials";
		}
		if (result instanceof NotAdministrator) {
			return "not_admin";
		}
		if (result instanceof Inactive) {
			return "inactive";
		}
		return "rate_limited";
	}

}

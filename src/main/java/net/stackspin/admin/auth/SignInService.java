package net.stackspin.admin.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.KratosUnavailableException;
import net.stackspin.admin.kratos.SignInRefusedException;

/**
 * Signs a panel user in: a reserved attempt ({@link SignInRateLimiter}), Kratos's
 * password check (public API), where the identity has one a second factor (a second
 * reserved attempt, Kratos's {@code aal2} login), then the panel role (admin API). Only
 * holders of a {@link PanelRole} get a session; anybody else's fresh Kratos session is
 * ended again at once. Every attempt leaves one {@code sign_in} event.
 */
class SignInService {

	private static final Log logger = LogFactory.getLog(SignInService.class);

	/** The outcome of one attempt; only {@link Success} carries a token. */
	sealed interface Result {

	}

	/**
	 * Signed in.
	 *
	 * @param secondFactorSetup the policy wants a second factor this person has not set
	 * up: the session opens only the page that says how
	 */
	record Success(String sessionToken, AdminPrincipal principal, PanelRole role, java.time.Instant expiresAt,
			boolean secondFactorSetup) implements Result {

		@Override
		public String toString() {
			return "Success[" + this.principal + ", " + this.role + "]";
		}

	}

	/**
	 * The password was right; Kratos wants a second factor before the session is valid.
	 *
	 * @param methods the second factors Kratos offers ({@code totp},
	 * {@code lookup_secret}, {@code webauthn})
	 */
	record SecondFactorNeeded(String sessionToken, List<String> methods) implements Result {

		@Override
		public String toString() {
			return "SecondFactorNeeded" + this.methods;
		}

	}

	/** Kratos refused the credentials; the message is Kratos's own. */
	record Refused(String kratosMessage) implements Result {
	}

	/** Kratos refused the second factor's code; the message is Kratos's own. */
	record WrongSecondFactor(String kratosMessage) implements Result {
	}

	/**
	 * The half-made session is gone (it expired, or was revoked meanwhile): start again.
	 */
	record SecondFactorExpired() implements Result {
	}

	/**
	 * Kratos wants a second factor that the panel's sign-in cannot take (a security key,
	 * which needs a browser talking to Kratos itself).
	 */
	record NoUsableSecondFactor() implements Result {
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

	/**
	 * Accounts and clients whose refusal by the limit was recorded in this window: the
	 * rest of the window's refusals are counted (metric), not stored one row each.
	 */
	private final Cache<String, Boolean> refusalsRecorded;

	SignInService(KratosPublicClient kratos, AdminSessions sessions, SignInRateLimiter limiter, MeterRegistry meters,
			AuditTrail audit, Duration window) {
		this.kratos = kratos;
		this.sessions = sessions;
		this.limiter = limiter;
		this.meters = meters;
		this.audit = audit;
		this.refusalsRecorded = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
	}

	/**
	 * The first step: identifier and password.
	 * @param device the id of this browser's valid device cookie for this account, or
	 * {@code null}
	 */
	Result signIn(String email, String password, String clientAddress, String device) {
		return recorded(email, clientAddress, "password",
				() -> attempt(email, clientAddress, device, (attempt) -> checkPassword(email, password, attempt)));
	}

	/**
	 * The second step: a code from an authenticator app ({@code totp}) or a backup code
	 * ({@code lookup_secret}) for the session the first step left half-made. A wrong code
	 * counts against the sign-in limits like a wrong password.
	 */
	Result secondFactor(String pendingToken, String identifier, String method, String code, String clientAddress,
			String device) {
		return recorded(identifier, clientAddress, method, () -> attempt(identifier, clientAddress, device,
				(attempt) -> checkSecondFactor(pendingToken, method, code, attempt)));
	}

	private Result recorded(String identifier, String client, String method, Supplier<Result> attempt) {
		Result result;
		try {
			result = attempt.get();
		}
		catch (KratosUnavailableException ex) {
			count("kratos_unavailable");
			this.audit.event("sign_in")
				.actor(null, SignInIdentifier.key(identifier), null)
				.outcome("refused")
				.value("reason", "kratos_unavailable")
				.value("method", method)
				.record();
			throw ex;
		}
		count(outcome(result));
		audit(result, identifier, client, method);
		return result;
	}

	private void count(String outcome) {
		this.meters.counter("stackspin.signin", "outcome", outcome).increment();
	}

	/**
	 * One {@code sign_in} event per attempt Kratos was asked about, and one per account
	 * and client address for the refusals of the rate limit in one window. A refusal
	 * names the actor by the identifier tried, normalised as the rate limit counts it
	 * (the password never goes anywhere); a panel role's holder by their id, label and
	 * role.
	 */
	private void audit(Result result, String identifier, String client, String method) {
		if (result instanceof TooManyAttempts && this.refusalsRecorded.asMap()
			.putIfAbsent("limit:" + SignInIdentifier.key(identifier) + "|" + client, Boolean.TRUE) != null) {
			return; // recorded once this window; the metric counts the rest
		}
		AuditTrail.Event event = this.audit.event("sign_in");
		if (result instanceof Success success) {
			AdminPrincipal principal = success.principal();
			event.actor(principal.identityId(), principal.label(), success.role().kratosName());
			if (success.secondFactorSetup()) {
				event.value("second_factor", "setup_required");
			}
		}
		else if (result instanceof SecondFactorNeeded) {
			event.actor(null, SignInIdentifier.key(identifier), null).outcome("pending");
		}
		else {
			String id = (result instanceof NotAdministrator refused) ? refused.identityId() : null;
			event.actor(id, SignInIdentifier.key(identifier), null).outcome("refused").value("reason", outcome(result));
			if (result instanceof TooManyAttempts) {
				event.value("note", "further refusals in this window counted, not recorded");
			}
		}
		event.value("method", method).record();
	}

	private Result attempt(String identifier, String client, String device,
			Function<SignInRateLimiter.Attempt, Result> check) {
		SignInRateLimiter.Admission admission = this.limiter.admit(identifier, client, device);
		if (admission instanceof SignInRateLimiter.Refused refused) {
			return new TooManyAttempts(refused.retryAfter());
		}
		SignInRateLimiter.Attempt attempt = (SignInRateLimiter.Attempt) admission;
		try {
			return check.apply(attempt);
		}
		catch (KratosUnavailableException ex) {
			if (ex.isTimeout()) {
				// Kratos got the attempt and may still be working on it (a costly hash):
				// it counts, or slow attempts would be unlimited
				attempt.failed();
			}
			else {
				attempt.abandoned(); // Kratos could not be asked: not the person's fault
			}
			throw ex;
		}
		catch (RuntimeException ex) {
			attempt.abandoned();
			throw ex;
		}
	}

	private Result checkPassword(String email, String password, SignInRateLimiter.Attempt attempt) {
		KratosPublicClient.SignedIn signedIn;
		try {
			signedIn = this.kratos.signInWithPassword(email, password);
		}
		catch (SignInRefusedException ex) {
			attempt.failed();
			if (ex.isInactiveIdentity()) {
				logger.warn("Sign-in refused: the identity is deactivated");
				return new Inactive();
			}
			return new Refused(ex.getMessage());
		}
		if (signedIn.needsSecondFactor() || !signedIn.session().secondFactor()) {
			// Kratos leaves the identity out when its session settings want the second
			// factor; when they do not, the panel still asks whoever has one
			List<String> methods = secondFactors(signedIn.sessionToken());
			if (methods.stream().anyMatch(KratosPublicClient.CODE_FACTORS::contains)) {
				// the password was right: the code step reserves an attempt of its own
				attempt.succeeded();
				return new SecondFactorNeeded(signedIn.sessionToken(), methods);
			}
			if (signedIn.needsSecondFactor() || !methods.isEmpty()) {
				// only a security key, which needs a browser talking to Kratos itself
				attempt.failed();
				this.kratos.revoke(signedIn.sessionToken());
				logger.warn("Sign-in refused: the identity's second factor cannot be used here " + methods);
				return new NoUsableSecondFactor();
			}
		}
		return admit(signedIn, null, attempt);
	}

	private List<String> secondFactors(String token) {
		try {
			return List.copyOf(this.kratos.secondFactors(token));
		}
		catch (SignInRefusedException ex) {
			return List.of();
		}
	}

	private Result checkSecondFactor(String token, String method, String code, SignInRateLimiter.Attempt attempt) {
		KratosPublicClient.SignedIn signedIn;
		try {
			signedIn = this.kratos.signInWithSecondFactor(token, method, code);
		}
		catch (SignInRefusedException ex) {
			if (ex.isSessionGone()) {
				attempt.abandoned(); // nothing was checked: the session is gone
				return new SecondFactorExpired();
			}
			attempt.failed();
			if (ex.isInactiveIdentity()) {
				return new Inactive();
			}
			return new WrongSecondFactor(ex.getMessage());
		}
		if (signedIn.needsSecondFactor()) {
			attempt.failed();
			return new WrongSecondFactor("");
		}
		return admit(signedIn, method, attempt);
	}

	/**
	 * A valid session: in if its identity holds a panel role (the attempt is given back),
	 * else ended again (the attempt stays counted).
	 */
	private Result admit(KratosPublicClient.SignedIn signedIn, String secondFactor, SignInRateLimiter.Attempt attempt) {
		AdminPrincipal principal = this.sessions.principal(signedIn.session());
		Optional<PanelRole> role = this.sessions.role(principal.identityId());
		if (role.isEmpty()) {
			attempt.failed();
			this.kratos.revoke(signedIn.sessionToken());
			logger.warn("Sign-in refused: identity " + principal.identityId() + " holds no panel role");
			return new NotAdministrator(principal.identityId());
		}
		attempt.succeeded();
		AdminSessions.Checked checked = this.sessions.remember(signedIn.sessionToken(), signedIn.session(), role.get());
		logger.info("Panel user " + principal.identityId() + " (" + role.get().kratosName() + ") signed in"
				+ ((secondFactor != null) ? " with a second factor (" + secondFactor + ")" : ""));
		return new Success(signedIn.sessionToken(), principal, role.get(), signedIn.session().expiresAt(),
				checked.secondFactorSetup());
	}

	/** Ends a half-made session that will not be finished (the person went back). */
	void abandon(String pendingToken) {
		this.kratos.revoke(pendingToken);
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
		if (result instanceof SecondFactorNeeded) {
			return "second_factor_required";
		}
		if (result instanceof Refused) {
			return "invalid_credentials";
		}
		if (result instanceof WrongSecondFactor) {
			return "wrong_second_factor";
		}
		if (result instanceof SecondFactorExpired) {
			return "second_factor_expired";
		}
		if (result instanceof NoUsableSecondFactor) {
			return "second_factor_unusable";
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

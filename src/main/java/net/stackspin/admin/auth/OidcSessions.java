package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.IdentitySession;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.IdentityWithRoles;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.kratos.SchemaNames;

/**
 * Single sign-on sessions: the sign-in after the provider's callback, and the check of
 * every later request. The OIDC subject is the Kratos identity id; everything else comes
 * from Kratos's admin API, as for a form sign-in: the identity must be active and hold a
 * panel role, and the Kratos session it signed in with (the newest active one at the
 * callback) must still be active. The answer is trusted for
 * {@code session-check-interval}, so deactivating the identity, removing its role or
 * revoking its sessions locks the person out within it.
 */
class OidcSessions implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(OidcSessions.class);

	/** The outcome of a sign-in; only {@link Success} begins a panel session. */
	sealed interface Result {

	}

	/**
	 * @param kratosSessionId the Kratos session the panel session hangs on
	 * @param assuranceLevel that session's AAL ({@code aal1}, {@code aal2})
	 */
	record Success(AdminPrincipal principal, PanelRole role, String kratosSessionId, String assuranceLevel,
			Instant kratosSessionExpiresAt) implements Result {
	}

	/** Who signed in holds no panel role (or is unknown to Kratos). */
	record NotAdministrator(String identityId) implements Result {
	}

	/** The identity is deactivated. */
	record Inactive(String identityId) implements Result {
	}

	/** The identity has no active Kratos session (revoked between login and callback). */
	record NoSession(String identityId) implements Result {
	}

	private final KratosAdminClient kratos;

	private final KratosSessionsAdmin kratosSessions;

	private final AdminSessions adminSessions;

	private final IdentityNames names;

	private final AuditTrail audit;

	private final ThreadPoolExecutor refresher;

	private final RefreshAheadCache<String, AdminSessions.Checked> checked;

	OidcSessions(KratosAdminClient kratos, KratosSessionsAdmin kratosSessions, AdminSessions adminSessions,
			IdentityNames names, AuditTrail audit, AuthProperties properties, Clock clock) {
		this.kratos = kratos;
		this.kratosSessions = kratosSessions;
		this.adminSessions = adminSessions;
		this.names = names;
		this.audit = audit;
		this.refresher = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
				(runnable) -> {
					Thread thread = new Thread(runnable, "sso-session-check");
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
		this.refresher.allowCoreThreadTimeOut(true);
		this.checked = new RefreshAheadCache<>(properties.sessionCacheSize(), properties.sessionCheckInterval(), clock,
				this.refresher);
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
	}

	/**
	 * Signs in the subject the provider vouched for, and records a {@code sign_in} event
	 * whatever the outcome. A {@code KratosUnavailableException} reaches the caller
	 * (audited as {@code kratos_unavailable}).
	 */
	Result signIn(String subject, List<String> methods) {
		Result result;
		try {
			result = attempt(subject);
		}
		catch (RuntimeException ex) {
			if (ex instanceof net.stackspin.admin.kratos.KratosUnavailableException) {
				this.audit.event("sign_in")
					.actor(subject, null, null)
					.outcome("refused")
					.value("method", "sso")
					.value("reason", "kratos_unavailable")
					.record();
			}
			throw ex;
		}
		audit(result, methods);
		return result;
	}

	private Result attempt(String subject) {
		IdentityWithRoles found;
		try {
			found = this.kratos.getIdentityWithRoles(subject);
		}
		catch (IdentityNotFoundException | IllegalArgumentException ex) {
			// a provider subject that is no Kratos identity: nobody the panel knows
			return new NotAdministrator(subject);
		}
		IdentitySummary identity = found.identity();
		if (identity.state() == IdentityState.INACTIVE) {
			return new Inactive(subject);
		}
		Optional<PanelRole> role = PanelRole.highestOf(found.adminRoles());
		if (role.isEmpty()) {
			return new NotAdministrator(subject);
		}
		Optional<IdentitySession> session = newestActive(this.kratosSessions.sessions(subject));
		if (session.isEmpty()) {
			return new NoSession(subject);
		}
		AdminPrincipal principal = principal(identity);
		AdminSessions.Checked checked = this.adminSessions.checked(principal, Optional.of(role.get()),
				secondFactor(session.get()));
		this.checked.put(key(subject, session.get().id()), checked);
		logger.info("Panel user " + subject + " (" + role.get().kratosName() + ") signed in by single sign-on");
		return new Success(principal, role.get(), session.get().id(), session.get().assuranceLevel(),
				session.get().expiresAt());
	}

	private void audit(Result result, List<String> methods) {
		AuditTrail.Event event = this.audit.event("sign_in").value("method", "sso");
		if (result instanceof Success success) {
			event.actor(success.principal().identityId(), success.principal().label(), success.role().kratosName())
				.value("amr", String.join(" ", methods));
		}
		else if (result instanceof NotAdministrator refused) {
			event.actor(refused.identityId(), null, null).outcome("refused").value("reason", "not_admin");
		}
		else if (result instanceof Inactive refused) {
			event.actor(refused.identityId(), null, null).outcome("refused").value("reason", "inactive");
		}
		else if (result instanceof NoSession refused) {
			event.actor(refused.identityId(), null, null).outcome("refused").value("reason", "no_session");
		}
		event.record();
	}

	/**
	 * The panel user of a single sign-on session, checked at most once per interval;
	 * empty once the identity is gone or deactivated, has lost its role, or its Kratos
	 * session has ended.
	 */
	Optional<AdminSessions.Checked> check(String subject, String kratosSessionId) {
		return this.checked.get(key(subject, kratosSessionId), () -> fresh(subject, kratosSessionId));
	}

	void forget(String subject, String kratosSessionId) {
		this.checked.remove(key(subject, kratosSessionId));
	}

	private Optional<AdminSessions.Checked> fresh(String subject, String kratosSessionId) {
		IdentityWithRoles found;
		try {
			found = this.kratos.getIdentityWithRoles(subject);
		}
		catch (IdentityNotFoundException | IllegalArgumentException ex) {
			return Optional.empty();
		}
		IdentitySummary identity = found.identity();
		if (identity.state() == IdentityState.INACTIVE) {
			return Optional.empty();
		}
		Optional<PanelRole> role = PanelRole.highestOf(found.adminRoles());
		if (role.isEmpty()) {
			return Optional.empty();
		}
		Optional<IdentitySession> session = this.kratosSessions.sessions(subject)
			.stream()
			.filter((candidate) -> candidate.active() && candidate.id().equals(kratosSessionId))
			.findFirst();
		if (session.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(this.adminSessions.checked(principal(identity), role, secondFactor(session.get())));
	}

	/** Whether Kratos's session was made with a second factor (its AAL). */
	private static boolean secondFactor(IdentitySession session) {
		String level = String.valueOf(session.assuranceLevel());
		return level.equals("aal2") || level.equals("aal3");
	}

	private AdminPrincipal principal(IdentitySummary identity) {
		SchemaNames naming = this.names.of(identity.schemaId());
		String label = naming.label(identity);
		String name = naming.name(identity);
		return new AdminPrincipal(identity.id(), label, name.isEmpty() ? label : name);
	}

	/**
	 * The session Kratos created (or found) at the sign-in this callback completes: the
	 * most recently authenticated active one.
	 */
	static Optional<IdentitySession> newestActive(List<IdentitySession> sessions) {
		return sessions.stream()
			.filter(IdentitySession::active)
			.filter((session) -> session.expiresAt() == null || session.expiresAt().isAfter(Instant.now()))
			.max(Comparator.comparing(IdentitySession::authenticatedAt,
					Comparator.nullsFirst(Comparator.naturalOrder())));
	}

	private static String key(String subject, String kratosSessionId) {
		return subject + "/" + kratosSessionId;
	}

}

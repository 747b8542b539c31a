package net.stackspin.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.KratosSession;
import net.stackspin.admin.kratos.SchemaNames;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Turns a Kratos session (token or Kratos's own cookie) into the request's
 * authentication: Kratos says whether the session is valid, the admin API says whether
 * its identity holds a panel role ({@link PanelRole}). The answer is trusted for
 * {@link AuthProperties#sessionCheckInterval()}, so any replica can serve any request and
 * a revoked session or role locks out within that interval. Sessions in use are checked
 * again in the background before the interval ends ({@link RefreshAheadCache}).
 */
class AdminSessions implements AutoCloseable {

	/**
	 * The one authority of a panel user who must set up a second factor first
	 * ({@link SecondFactorPolicy}): it opens no route of the access table.
	 */
	static final String SECOND_FACTOR_SETUP = "SECOND_FACTOR_SETUP";

	/**
	 * What a check found: a valid session and the panel role of its identity (empty for
	 * someone who may not use the panel).
	 *
	 * @param secondFactorSetup whether the role needs a second factor by the policy and
	 * the session was made without one
	 */
	record Checked(AdminPrincipal principal, Optional<PanelRole> role, boolean secondFactorSetup) {

		/**
		 * The role's authority and one authority per permission it holds; only
		 * {@link #SECOND_FACTOR_SETUP} while a second factor is still to be set up.
		 */
		Authentication authentication() {
			List<SimpleGrantedAuthority> authorities = new ArrayList<>();
			if (this.secondFactorSetup) {
				authorities.add(new SimpleGrantedAuthority(SECOND_FACTOR_SETUP));
			}
			else {
				this.role.ifPresent((role) -> {
					authorities.add(new SimpleGrantedAuthority(role.authority()));
					role.permissions()
						.forEach((permission) -> authorities.add(new SimpleGrantedAuthority(permission.authority())));
				});
			}
			return UsernamePasswordAuthenticationToken.authenticated(this.principal, null, authorities);
		}

	}

	private final KratosPublicClient kratosPublic;

	private final KratosAdminClient kratosAdmin;

	private final IdentityNames names;

	private final ThreadPoolExecutor refresher;

	private final RefreshAheadCache<String, Checked> checked;

	private final SecondFactorPolicy policy;

	AdminSessions(KratosPublicClient kratosPublic, KratosAdminClient kratosAdmin, IdentityNames names,
			AuthProperties properties, Clock clock) {
		this.kratosPublic = kratosPublic;
		this.kratosAdmin = kratosAdmin;
		this.names = names;
		this.policy = properties.secondFactor();
		this.refresher = refresher();
		this.checked = new RefreshAheadCache<>(properties.sessionCacheSize(), properties.sessionCheckInterval(), clock,
				this.refresher);
	}

	/**
	 * Two threads at most, a bounded queue, nothing idle: when it is full a check simply
	 * happens later, in the request that finds its entry expired.
	 */
	private static ThreadPoolExecutor refresher() {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
				(runnable) -> {
					Thread thread = new Thread(runnable, "session-check-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
	}

	/** The session behind the panel's cookie, checked at most once per interval. */
	Optional<Checked> forToken(String token) {
		return check("token:" + digest(token), () -> this.kratosPublic.sessionForToken(token));
	}

	/** The session behind Kratos's own browser cookie (single sign-on). */
	Optional<Checked> forKratosCookie(String cookieName, String value) {
		return check("cookie:" + digest(value), () -> this.kratosPublic.sessionForCookie(cookieName, value));
	}

	/**
	 * Remembers a session that was just created by signing in, so the next page needs no
	 * check.
	 */
	Checked remember(String token, KratosSession session, PanelRole role) {
		Checked checked = checked(session, Optional.of(role));
		this.checked.put("token:" + digest(token), checked);
		return checked;
	}

	void forget(String token) {
		this.checked.remove("token:" + digest(token));
	}

	/** The identity's panel role, empty if it may not use the panel. */
	Optional<PanelRole> role(String identityId) {
		return PanelRole.highestOf(this.kratosAdmin.adminRoles(identityId));
	}

	private Optional<Checked> check(String key, Supplier<Optional<KratosSession>> lookup) {
		return this.checked.get(key, () -> lookup.get().map((session) -> checked(session, role(session.identityId()))));
	}

	/**
	 * A session made without a second factor (Kratos refuses those of identities that
	 * have one) by someone whose role the policy says needs one gets only the set-up
	 * page.
	 */
	private Checked checked(KratosSession session, Optional<PanelRole> role) {
		return checked(principal(session), role, session.secondFactor());
	}

	/**
	 * A checked session of a panel user, by the form or by single sign-on, held to the
	 * second-factor policy.
	 * @param secondFactor whether the session was made with a second factor
	 */
	Checked checked(AdminPrincipal principal, Optional<PanelRole> role, boolean secondFactor) {
		boolean setup = role.isPresent() && !secondFactor && this.policy.requires(role.get());
		return new Checked(principal, role, setup);
	}

	/**
	 * The administrator, named like every identity in the panel. Built once per session
	 * check; the schema's naming is cached, so it costs no Kratos call of its own.
	 */
	AdminPrincipal principal(KratosSession session) {
		SchemaNames naming = this.names.of(session.identity().schemaId());
		String label = naming.label(session.identity());
		String name = naming.name(session.identity());
		return new AdminPrincipal(session.identityId(), label, name.isEmpty() ? label : name);
	}

	/** Tokens are credentials: the cache keeps only their digests. */
	private static String digest(String secret) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package net.stackspin.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.KratosSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Turns a Kratos session (token or Kratos's own cookie) into the request's
 * authentication: Kratos says whether the session is valid, the admin API says whether
 * its identity holds the admin role. The answer is trusted for
 * {@link AuthProperties#sessionCheckInterval()}, so any replica can serve any request and
 * a revoked session or role locks out within that interval.
 */
class AdminSessions {

	/**
	 * What a check found: an administrator, or a valid session of someone who is not one.
	 */
	record Checked(AdminPrincipal principal, boolean admin) {

		Authentication authentication() {
			List<SimpleGrantedAuthority> authorities = this.admin
					? List.of(new SimpleGrantedAuthority(AdminRole.AUTHORITY)) : List.of();
			return UsernamePasswordAuthenticationToken.authenticated(this.principal, null, authorities);
		}

	}

	private final KratosPublicClient kratosPublic;

	private final KratosAdminClient kratosAdmin;

	private final ExpiringCache<String, Checked> checked;

	AdminSessions(KratosPublicClient kratosPublic, KratosAdminClient kratosAdmin, AuthProperties properties,
			Clock clock) {
		this.kratosPublic = kratosPublic;
		this.kratosAdmin = kratosAdmin;
		this.checked = new ExpiringCache<>(properties.sessionCacheSize(), properties.sessionCheckInterval(), clock);
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
	void remember(String token, KratosSession session) {
		this.checked.put("token:" + digest(token), new Checked(principal(session), true));
	}

	void forget(String token) {
		this.checked.remove("token:" + digest(token));
	}

	boolean isAdmin(String identityId) {
		return this.kratosAdmin.adminRoles(identityId).contains(AdminRole.KRATOS_ROLE);
	}

	private Optional<Checked> check(String key, java.util.function.Supplier<Optional<KratosSession>> lookup) {
		Optional<Checked> cached = this.checked.get(key);
		if (cached.isPresent()) {
			return cached;
		}
		Optional<Checked> fresh = lookup.get()
			.map((session) -> new Checked(principal(session), isAdmin(session.identityId())));
		fresh.ifPresent((value) -> this.checked.put(key, value));
		return fresh;
	}

	static AdminPrincipal principal(KratosSession session) {
		return new AdminPrincipal(session.identityId(), session.email(), session.displayName());
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

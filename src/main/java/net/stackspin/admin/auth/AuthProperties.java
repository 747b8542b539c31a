package net.stackspin.admin.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireAtLeast;
import static net.stackspin.admin.system.SettingChecks.requireBetween;
import static net.stackspin.admin.system.SettingChecks.requireSet;
import static net.stackspin.admin.system.SettingChecks.requireText;

/**
 * How administrators sign in and how long a checked session is trusted.
 *
 * @param cookieName the panel's cookie that holds the Kratos session token
 * @param cookieSecure whether cookies are sent over HTTPS only; switch off only for local
 * http
 * @param sessionCheckInterval how long a checked session and admin role are trusted
 * before Kratos is asked again (at most 30 s: revoking a session or the role takes effect
 * within it)
 * @param sessionCacheSize how many checked sessions are remembered at most
 * @param signInFailuresPerEmail failed sign-ins per e-mail address within a window before
 * waiting
 * @param signInFailuresPerClient failed sign-ins per client IP within a window before
 * waiting
 * @param signInWindow the window of the two limits above
 * @param sso single sign-on with Kratos's own browser session cookie
 * @param flashKey base64 AES key (16, 24 or 32 bytes) sealing the flash cookie (messages
 * after a redirect); the same on every replica. Unset: a random key per process
 * @param signingKey base64 key (at least 32 bytes) from which CSRF tokens and sign-in
 * device cookies are derived (HMAC); the same on every replica. Unset: a random key per
 * process
 * @param secondFactor who must have signed in with a second factor (TOTP, backup code,
 * security key) to use the panel: {@code optional}, {@code required-for-admins} or
 * {@code required} (every panel role)
 */
@ConfigurationProperties("stackspin.security")
public record AuthProperties(@DefaultValue("stackspin_admin_session") String cookieName,
		@DefaultValue("true") boolean cookieSecure, @DefaultValue("30s") Duration sessionCheckInterval,
		@DefaultValue("10000") int sessionCacheSize, @DefaultValue("5") int signInFailuresPerEmail,
		@DefaultValue("20") int signInFailuresPerClient, @DefaultValue("1m") Duration signInWindow,
		@DefaultValue Sso sso, String flashKey, String signingKey,
		@DefaultValue("optional") SecondFactorPolicy secondFactor) {

	public AuthProperties {
		requireText("stackspin.security.cookie-name", cookieName);
		requireAtLeast("stackspin.security.session-cache-size", sessionCacheSize, 1);
		requireAtLeast("stackspin.security.sign-in-failures-per-email", signInFailuresPerEmail, 1);
		requireAtLeast("stackspin.security.sign-in-failures-per-client", signInFailuresPerClient, 1);
		requireSet("stackspin.security.sign-in-window", signInWindow);
		requireBetween("stackspin.security.session-check-interval", sessionCheckInterval, Duration.ZERO, "0",
				Duration.ofSeconds(30), "30s");
	}

	/**
	 * @param enabled sign in requests that carry a valid Kratos browser session of an
	 * administrator
	 * @param cookieName the name of Kratos's session cookie
	 */
	public record Sso(@DefaultValue("false") boolean enabled, @DefaultValue("ory_kratos_session") String cookieName) {

		public Sso {
			requireText("stackspin.security.sso.cookie-name", cookieName);
		}

	}

}

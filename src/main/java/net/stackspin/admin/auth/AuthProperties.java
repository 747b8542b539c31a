package net.stackspin.admin.auth;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
 */
@Validated
@ConfigurationProperties("stackspin.security")
public record AuthProperties(@DefaultValue("stackspin_admin_session") @NotBlank String cookieName,
		@DefaultValue("true") boolean cookieSecure, @DefaultValue("30s") @NotNull Duration sessionCheckInterval,
		@DefaultValue("10000") @Min(1) int sessionCacheSize, @DefaultValue("5") @Min(1) int signInFailuresPerEmail,
		@DefaultValue("20") @Min(1) int signInFailuresPerClient, @DefaultValue("1m") @NotNull Duration signInWindow,
		@DefaultValue @Valid Sso sso, String flashKey, String signingKey) {

	public AuthProperties {
		if (sessionCheckInterval != null
				&& (sessionCheckInterval.isNegative() || sessionCheckInterval.compareTo(Duration.ofSeconds(30)) > 0)) {
			throw new IllegalArgumentException(
					"stackspin.security.session-check-interval must be between 0 and 30s, but was "
							+ sessionCheckInterval);
		}
	}

	/**
	 * @param enabled sign in requests that carry a valid Kratos browser session of an
	 * administrator
	 * @param cookieName the name of Kratos's session cookie
	 */
	public record Sso(@DefaultValue("false") boolean enabled,
			@DefaultValue("ory_kratos_session") @NotBlank String cookieName) {
	}

}

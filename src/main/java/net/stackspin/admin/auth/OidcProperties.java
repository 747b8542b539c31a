package net.stackspin.admin.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireBetween;
import static net.stackspin.admin.system.SettingChecks.requireHttpUrlIfSet;
import static net.stackspin.admin.system.SettingChecks.requireText;

/**
 * Single sign-on through an OpenID Connect provider (the cluster's Ory Hydra), off unless
 * an issuer is set.
 *
 * @param enabled on or off; unset: on exactly when {@code issuer-url} is set
 * @param issuerUrl the provider's issuer, e.g. {@code https://sso.example.org/} (its
 * discovery document is read on the first sign-in)
 * @param clientId the panel's client id at the provider
 * @param clientSecret the panel's client secret (from a Secret, never in a values file)
 * @param scopes the scopes asked for; {@code openid} is enough, the panel reads
 * everything else from Kratos
 * @param sessionLifetime how long a panel session begun by single sign-on lasts at most
 * (the Kratos checks every {@code session-check-interval} end it sooner)
 */
@ConfigurationProperties("stackspin.security.oidc")
public record OidcProperties(Boolean enabled, String issuerUrl, String clientId, String clientSecret,
		@DefaultValue("openid") List<String> scopes, @DefaultValue("8h") Duration sessionLifetime) {

	/** The id of the one client registration (and the last part of the callback path). */
	static final String REGISTRATION_ID = "sso";

	public OidcProperties {
		if (active(enabled, issuerUrl)) {
			requireText("stackspin.security.oidc.issuer-url", issuerUrl);
			requireText("stackspin.security.oidc.client-id", clientId);
			requireText("stackspin.security.oidc.client-secret", clientSecret);
			requireHttpUrlIfSet("stackspin.security.oidc.issuer-url", URI.create(issuerUrl.trim()));
			requireBetween("stackspin.security.oidc.session-lifetime", sessionLifetime, Duration.ofMinutes(1), "1m",
					Duration.ofDays(7), "7d");
		}
	}

	/** Whether single sign-on is on. */
	public boolean active() {
		return active(this.enabled, this.issuerUrl);
	}

	static boolean active(Boolean enabled, String issuerUrl) {
		return (enabled != null) ? enabled : (issuerUrl != null && !issuerUrl.isBlank());
	}

}

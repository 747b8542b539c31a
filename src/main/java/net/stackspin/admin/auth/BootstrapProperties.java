package net.stackspin.admin.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireBetween;

/**
 * The one-shot command {@code --bootstrap-admin=EMAIL}.
 *
 * @param recoveryLinkLifetime how long the printed recovery link works (1m to 30d)
 */
@ConfigurationProperties("stackspin.bootstrap")
public record BootstrapProperties(@DefaultValue("24h") Duration recoveryLinkLifetime) {

	public BootstrapProperties {
		requireBetween("stackspin.bootstrap.recovery-link-lifetime", recoveryLinkLifetime, Duration.ofMinutes(1), "1m",
				Duration.ofDays(30), "30d");
	}

}

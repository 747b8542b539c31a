package net.stackspin.admin.auth;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one-shot command {@code --bootstrap-admin=EMAIL}.
 *
 * @param recoveryLinkLifetime how long the printed recovery link works (1m to 30d)
 */
@Validated
@ConfigurationProperties("stackspin.bootstrap")
public record BootstrapProperties(@DefaultValue("24h") @NotNull Duration recoveryLinkLifetime) {

	public BootstrapProperties {
		if (recoveryLinkLifetime != null && (recoveryLinkLifetime.compareTo(Duration.ofMinutes(1)) < 0
				|| recoveryLinkLifetime.compareTo(Duration.ofDays(30)) > 0)) {
			throw new IllegalArgumentException(
					"stackspin.bootstrap.recovery-link-lifetime must be between 1m and 30d, but was "
							+ recoveryLinkLifetime);
		}
	}

}

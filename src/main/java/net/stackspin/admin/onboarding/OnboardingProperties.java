package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.util.Locale;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Welcome e-mails. The SMTP server itself is Spring's {@code spring.mail.*}; without
 * {@code spring.mail.host} the panel sends nothing and offers the link to copy instead.
 *
 * @param invitationLifetime how long the link in a welcome e-mail works (15m to 30d)
 * @param language the language of welcome e-mails: {@code en} or {@code nl}
 * @param mailFrom the sender of welcome e-mails
 */
@Validated
@ConfigurationProperties("stackspin.onboarding")
public record OnboardingProperties(@DefaultValue("7d") @NotNull Duration invitationLifetime,
		@DefaultValue("en") @NotNull @Pattern(regexp = "en|nl", message = "must be en or nl") String language,
		@DefaultValue("no-reply@stackspin.local") @NotBlank String mailFrom) {

	public OnboardingProperties {
		if (invitationLifetime != null && (invitationLifetime.compareTo(Duration.ofMinutes(15)) < 0
				|| invitationLifetime.compareTo(Duration.ofDays(30)) > 0)) {
			throw new IllegalArgumentException(
					"stackspin.onboarding.invitation-lifetime must be between 15m and 30d, but was "
							+ invitationLifetime);
		}
	}

	public Locale locale() {
		return Locale.forLanguageTag(this.language);
	}

}

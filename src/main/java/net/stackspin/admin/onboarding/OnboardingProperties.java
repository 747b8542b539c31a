package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireBetween;
import static net.stackspin.admin.system.SettingChecks.requireText;

/**
 * Welcome e-mails. The SMTP server itself is Spring's {@code spring.mail.*}; without
 * {@code spring.mail.host} the panel sends nothing and offers the link to copy instead.
 *
 * @param invitationLifetime how long the link in a welcome e-mail works (15m to 30d)
 * @param language the language of welcome e-mails: {@code en} or {@code nl}
 * @param mailFrom the sender of welcome e-mails
 */
@ConfigurationProperties("stackspin.onboarding")
public record OnboardingProperties(@DefaultValue("7d") Duration invitationLifetime, @DefaultValue("en") String language,
		@DefaultValue("no-reply@stackspin.local") String mailFrom) {

	public OnboardingProperties {
		requireBetween("stackspin.onboarding.invitation-lifetime", invitationLifetime, Duration.ofMinutes(15), "15m",
				Duration.ofDays(30), "30d");
		if (!"en".equals(language) && !"nl".equals(language)) {
			throw new IllegalArgumentException(
					"stackspin.onboarding.language must be en or nl, but was '" + language + "'");
		}
		requireText("stackspin.onboarding.mail-from", mailFrom);
	}

	public Locale locale() {
		return Locale.forLanguageTag(this.language);
	}

}

package net.stackspin.admin.language;

import java.time.ZoneId;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pages speak to a person.
 *
 * @param defaultLanguage the language of a browser that asks for none the panel has
 * ({@code en} or {@code nl}); a browser's {@code Accept-Language} and the footer's switch
 * take precedence
 * @param timeZone the time zone dates and times are shown in (their UTC value stays in a
 * {@code title}); empty: the server's
 */
@ConfigurationProperties("stackspin.ui")
public record UiProperties(@DefaultValue("en") String defaultLanguage, ZoneId timeZone) {

	public UiProperties {
		if (!Languages.isSupported(defaultLanguage)) {
			throw new IllegalArgumentException("stackspin.ui.default-language must be one of " + Languages.SUPPORTED
					+ ", but was '" + defaultLanguage + "'");
		}
		if (timeZone == null) {
			timeZone = ZoneId.systemDefault();
		}
	}

	public Locale defaultLocale() {
		return Locale.forLanguageTag(this.defaultLanguage.toLowerCase(Locale.ROOT));
	}

}

package net.stackspin.admin.language;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Dates and times on the pages ({@code ${times.local(t)}}) in the page language's own
 * format ({@code 2 dec. 2026 05:12}, {@code Dec 2, 2026, 5:12 AM}) and in
 * {@code stackspin.ui.time-zone}, with their UTC value for a {@code title}
 * ({@code ${times.utc(t)}}), which is written year first so it reads the same in every
 * language.
 */
@ControllerAdvice
public class PageTimes {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ZoneId zone;

	/** The format per language (one per page language, not one per date shown). */
	private final Map<Locale, DateTimeFormatter> formats = new ConcurrentHashMap<>();

	PageTimes(ObjectProvider<UiProperties> properties) {
		UiProperties ui = properties.getIfAvailable();
		this.zone = (ui != null) ? ui.timeZone() : ZoneId.systemDefault();
	}

	/**
	 * The format of a date and time to the minute in a language: the language's medium
	 * date and short time (java.time's CLDR data), in the given time zone.
	 */
	public static DateTimeFormatter formatter(Locale locale, ZoneId zone) {
		return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
			.withLocale(locale)
			.withZone(zone);
	}

	/** The UTC value of an instant, to the second ({@code 2026-12-02 04:12:33 UTC}). */
	public static String utcText(Instant instant) {
		return (instant != null) ? UTC.format(instant) : "";
	}

	@ModelAttribute("times")
	PageTimes times() {
		return this;
	}

	/** The instant in the page's language and the configured time zone. */
	public String local(Instant instant) {
		if (instant == null) {
			return "";
		}
		Locale locale = LocaleContextHolder.getLocale();
		DateTimeFormatter format = this.formats.get(locale);
		if (format == null) {
			format = formatter(locale, this.zone);
			if (this.formats.size() < 16) {
				this.formats.put(locale, format);
			}
		}
		return format.format(instant);
	}

	public String utc(Instant instant) {
		return utcText(instant);
	}

}

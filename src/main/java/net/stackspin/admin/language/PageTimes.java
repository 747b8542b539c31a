package net.stackspin.admin.language;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Dates and times on the pages ({@code ${times.local(t)}}) in
 * {@code stackspin.ui.time-zone}, with their UTC value for a {@code title}
 * ({@code ${times.utc(t)}}). The year-first form reads the same in every language.
 */
@ControllerAdvice
class PageTimes {

	private final DateTimeFormatter local;

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	PageTimes(ObjectProvider<UiProperties> properties) {
		UiProperties ui = properties.getIfAvailable();
		ZoneId zone = (ui != null) ? ui.timeZone() : ZoneId.systemDefault();
		this.local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
	}

	@ModelAttribute("times")
	PageTimes times() {
		return this;
	}

	public String local(Instant instant) {
		return (instant != null) ? this.local.format(instant) : "";
	}

	public String utc(Instant instant) {
		return (instant != null) ? UTC.format(instant) : "";
	}

}

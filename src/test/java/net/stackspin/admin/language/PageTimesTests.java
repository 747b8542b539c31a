package net.stackspin.admin.language;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.i18n.LocaleContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates and times in the page language's own format and the configured time zone, with
 * the UTC value for the title.
 */
class PageTimesTests {

	private static final Instant DECEMBER_SECOND = Instant.parse("2026-12-02T04:12:33Z");

	@AfterEach
	void resetLocale() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void dutchPagesWriteDayAbbreviatedMonthYearAnd24HourTime() {
		LocaleContextHolder.setLocale(Locale.forLanguageTag("nl"));

		assertThat(times("UTC").local(DECEMBER_SECOND)).isEqualTo("2 dec. 2026 04:12");
	}

	@Test
	void englishPagesWriteMonthFirstWithAmOrPm() {
		LocaleContextHolder.setLocale(Locale.ENGLISH);

		assertThat(times("UTC").local(DECEMBER_SECOND)).isEqualTo("Dec 2, 2026, 4:12 AM");
	}

	@Test
	void theConfiguredTimeZoneMovesTheClockButNotTheUtcTitle() {
		LocaleContextHolder.setLocale(Locale.forLanguageTag("nl"));
		PageTimes amsterdam = times("Europe/Amsterdam");

		assertThat(amsterdam.local(DECEMBER_SECOND)).isEqualTo("2 dec. 2026 05:12");
		assertThat(amsterdam.utc(DECEMBER_SECOND)).isEqualTo("2026-12-02 04:12:33 UTC");
		assertThat(times("America/Los_Angeles").local(DECEMBER_SECOND)).isEqualTo("1 dec. 2026 20:12");
	}

	@Test
	void theListRowsUseTheSameFormatAsThePages() {
		assertThat(
				PageTimes.formatter(Locale.forLanguageTag("nl"), ZoneId.of("Europe/Amsterdam")).format(DECEMBER_SECOND))
			.isEqualTo("2 dec. 2026 05:12");
		assertThat(PageTimes.formatter(Locale.ENGLISH, ZoneId.of("Europe/Amsterdam")).format(DECEMBER_SECOND))
			.isEqualTo("Dec 2, 2026, 5:12 AM");
	}

	@Test
	void noInstantNoText() {
		assertThat(times("UTC").local(null)).isEmpty();
		assertThat(times("UTC").utc(null)).isEmpty();
	}

	private static PageTimes times(String zone) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("ui", new UiProperties("en", ZoneId.of(zone)));
		return new PageTimes(beans.getBeanProvider(UiProperties.class));
	}

}

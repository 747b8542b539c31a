package net.stackspin.admin.kratos;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The fast timestamp reader agrees with the JDK on every shape, and fails like it. */
class Rfc3339Tests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-29T08:24:00Z", "2026-11-29T08:24:00.1Z", "2026-11-29T08:24:00.123456Z",
			"2026-11-29T08:24:00.123456789Z", "2026-11-29T08:24:00.123456+01:00", "2026-11-29T08:24:00-05:30",
			"2024-02-29T23:59:59.999999999+18:00", "1970-01-01T00:00:00Z", "2026-11-29T08:24:00.5-00:00",
			"2026-11-29t08:24:00Z", "2026-11-29T08:24:00+0100", "2026-11-29T08:24Z", "2026-11-29T08:24:00.Z" })
	void readsWhatTheJdkReads(String value) {
		Instant expected;
		try {
			expected = OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Rfc3339.parse(value));
			return;
		}
		assertThat(Rfc3339.parse(value)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T08:24:00Z", "2026-13-01T08:24:00Z", "2026-11-29T24:00:00Z",
			"2026-11-29T08:24:00.1234567891Z", "2026-11-29T08:24:00+19:00", "2026-11-29T08:24:00",
			"not a timestamp at all", "2026-1x-29T08:24:00Z" })
	void rejectsWhatTheJdkRejects(String value) {
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> OffsetDateTime.parse(value));
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Rfc3339.parse(value));
	}

}

package net.stackspin.admin.kratos;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Kratos's timestamps ({@code 2026-11-29T08:24:00.123456Z}, or with an offset) as
 * instants. {@link OffsetDateTime#parse} goes through the general formatter machinery and
 * was a twentieth of the list page's CPU time at two timestamps per identity; the common
 * shapes are read directly here, anything else goes to the JDK (and its errors).
 */
final class Rfc3339 {

	private Rfc3339() {
	}

	static Instant parse(String value) {
		Instant fast = common(value);
		return (fast != null) ? fast : OffsetDateTime.parse(value).toInstant();
	}

	/** {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)}, or {@code null}. */
	private static Instant common(String value) {
		int length = value.length();
		if (length < 20 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
				|| value.charAt(13) != ':' || value.charAt(16) != ':') {
			return null;
		}
		int i = 19;
		int nanos = 0;
		if (value.charAt(i) == '.') {
			i++;
			int digits = 0;
			while (i < length && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
				if (digits < 9) {
					nanos = nanos * 10 + (value.charAt(i) - '0');
				}
				digits++;
				i++;
			}
			if (digits == 0 || digits > 9) {
				return null;
			}
			for (int d = digits; d < 9; d++) {
				nanos *= 10;
			}
		}
		int offsetSeconds;
		if (i == length - 1 && value.charAt(i) == 'Z') {
			offsetSeconds = 0;
		}
		else if (i == length - 6 && (value.charAt(i) == '+' || value.charAt(i) == '-') && value.charAt(i + 3) == ':') {
			int hours = number(value, i + 1, 2);
			int minutes = number(value, i + 4, 2);
			if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
				return null;
			}
			offsetSeconds = ((value.charAt(i) == '-') ? -1 : 1) * (hours * 3600 + minutes * 60);
		}
		else {
			return null;
		}
		int year = number(value, 0, 4);
		int month = number(value, 5, 2);
		int day = number(value, 8, 2);
		int hour = number(value, 11, 2);
		int minute = number(value, 14, 2);
		int second = number(value, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
				|| minute > 59 || second < 0 || second > 59) {
			return null;
		}
		try {
			return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
				.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
		}
		catch (RuntimeException ex) {
			return null; // e.g. 31 February: the JDK says what is wrong
		}
	}

	/** The decimal number in {@code digits} characters from {@code from}, or -1. */
	private static int number(String value, int from, int digits) {
		int result = 0;
		for (int i = from; i < from + digits; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			result = result * 10 + (c - '0');
		}
		return result;
	}

}

package net.stackspin.admin.system;

import java.net.URI;
import java.time.Duration;

/**
 * Checks for the {@code @ConfigurationProperties} records, called from their compact
 * constructors: a wrong setting stops the start with a message that names the property
 * (Spring Boot shows it as the reason the binding failed). Plain code rather than Bean
 * Validation annotations: the panel then needs no Bean Validation provider, whose
 * start-up and per-record metadata cost about a tenth of the main thread's start
 * (docs/architecture.md, "Start-up").
 */
public final class SettingChecks {

	private SettingChecks() {
	}

	/**
	 * A setting that must have a value. Spring Boot binds an empty value as the default,
	 * so this guards records built in code and settings without a default.
	 */
	public static <T> T requireSet(String property, T value) {
		if (value == null) {
			throw new IllegalArgumentException(property + " must be set");
		}
		return value;
	}

	/** A setting that must have a value that is not blank. */
	public static String requireText(String property, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(property + " must not be blank");
		}
		return value;
	}

	/** A whole number within {@code [min, max]}. */
	public static int requireBetween(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					property + " must be between " + min + " and " + max + ", but was " + value);
		}
		return value;
	}

	/** A whole number of at least {@code min}. */
	public static int requireAtLeast(String property, int value, int min) {
		if (value < min) {
			throw new IllegalArgumentException(property + " must be at least " + min + ", but was " + value);
		}
		return value;
	}

	/**
	 * A duration within {@code [min, max]}, both written as in the settings (e.g.
	 * {@code "15m"}) for the message.
	 */
	public static Duration requireBetween(String property, Duration value, Duration min, String minText, Duration max,
			String maxText) {
		requireSet(property, value);
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new IllegalArgumentException(
					property + " must be between " + minText + " and " + maxText + ", but was " + value);
		}
		return value;
	}

	/** An absolute http(s) URL; {@code null} passes (an optional URL). */
	public static URI requireHttpUrlIfSet(String property, URI url) {
		if (url != null) {
			String scheme = url.getScheme();
			if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
				throw new IllegalArgumentException(
						property + " must be an absolute http(s) URL, but was '" + url + "'");
			}
		}
		return url;
	}

	/** A duration longer than zero. */
	public static Duration requirePositive(String property, Duration value) {
		requireSet(property, value);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(property + " must be positive, but was " + value);
		}
		return value;
	}

}

package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * How long a recovery link or code an administrator creates stays valid: 15 minutes to 7
 * days, written like {@code 15m}, {@code 4h} or {@code 3d}.
 */
final class Lifetime {

	static final Duration MIN = Duration.ofMinutes(15);

	static final Duration MAX = Duration.ofDays(7);

	/** The choices the page offers; any other value in range is accepted too. */
	static final List<String> CHOICES = List.of("15m", "1h", "4h", "24h", "3d", "7d");

	static final String DEFAULT = "1h";

	private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("(\\d{1,5})([mhd])");

	private Lifetime() {
	}

	/** The duration, or empty if the text is not a lifetime between 15m and 7d. */
	static Optional<Duration> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = FORMAT.matcher(text.strip());
		if (!matcher.matches()) {
			return Optional.empty();
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration duration = switch (matcher.group(2)) {
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
		if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
			return Optional.empty();
		}
		return Optional.of(duration);
	}

}

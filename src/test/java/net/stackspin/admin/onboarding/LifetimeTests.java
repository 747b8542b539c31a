package net.stackspin.admin.onboarding;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LifetimeTests {

	@Test
	void parseWhenInRangeThenDuration() {
		assertThat(Lifetime.parse("15m")).contains(Duration.ofMinutes(15));
		assertThat(Lifetime.parse("4h")).contains(Duration.ofHours(4));
		assertThat(Lifetime.parse(" 7d ")).contains(Duration.ofDays(7));
		assertThat(Lifetime.parse("168h")).contains(Duration.ofDays(7));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "14m", "8d", "169h", "0m", "forever", "1w", "-1h", "1.5h", "99999999999d", "15" })
	void parseWhenUnknownOrOutOfRangeThenEmpty(String text) {
		assertThat(Lifetime.parse(text)).isEmpty();
	}

	@Test
	void choicesAreAllValid() {
		assertThat(Lifetime.CHOICES).allSatisfy((choice) -> assertThat(Lifetime.parse(choice)).isPresent());
		assertThat(Lifetime.CHOICES).contains(Lifetime.DEFAULT);
	}

}

package net.stackspin.admin.auth;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code stackspin.bootstrap.*} bound the way Spring Boot binds it at start-up. */
class BootstrapPropertiesTests {

	@Test
	void bindWhenUnsetThenOneDay() {
		assertThat(bind(Map.of()).recoveryLinkLifetime()).isEqualTo(Duration.ofHours(24));
	}

	@Test
	void bindWhenSetThenThatLifetime() {
		assertThat(bind(Map.of("stackspin.bootstrap.recovery-link-lifetime", "2h")).recoveryLinkLifetime())
			.isEqualTo(Duration.ofHours(2));
	}

	@Test
	void bindWhenOutOfRangeThenStartUpFailsNamingTheProperty() {
		for (String lifetime : new String[] { "0s", "31d" }) {
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> bind(Map.of("stackspin.bootstrap.recovery-link-lifetime", lifetime)))
				.havingRootCause()
				.withMessageContaining("stackspin.bootstrap.recovery-link-lifetime must be between 1m and 30d");
		}
	}

	private static BootstrapProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stackspin.bootstrap",
				BootstrapProperties.class);
	}

}

package net.stackspin.admin.audit;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The audit store's settings: defaults, what turns the store on, and refusals that name
 * the property (never the password).
 */
class AuditStorePropertiesTests {

	static AuditStoreProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("stackspin.audit",
				AuditStoreProperties.class);
	}

	@Test
	void defaultsKeepEventsInTheLogOnlyFor400DaysPurgedDaily() {
		AuditStoreProperties properties = bind(Map.of());
		assertThat(properties.enabled()).isFalse();
		assertThat(properties.postgres()).isFalse();
		assertThat(properties.retention()).isEqualTo(Duration.ofDays(400));
		assertThat(properties.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.purgeCron()).isEqualTo("0 17 3 * * *");
		assertThat(bind(Map.of("stackspin.audit.database-url", " ")).enabled()).isFalse();
	}

	@Test
	void aPostgresUrlTurnsOnTheStoreAndTheSharedLocksAnH2UrlOnlyTheStore() {
		AuditStoreProperties postgres = bind(Map.of("stackspin.audit.database-url", "jdbc:postgresql://db:5432/admin",
				"stackspin.audit.database-password", "s3cret"));
		assertThat(postgres.enabled()).isTrue();
		assertThat(postgres.postgres()).isTrue();
		assertThat(postgres.toString()).doesNotContain("s3cret");
		AuditStoreProperties h2 = bind(Map.of("stackspin.audit.database-url", "jdbc:h2:file:./x;MODE=PostgreSQL"));
		assertThat(h2.enabled()).isTrue();
		assertThat(h2.postgres()).isFalse();
	}

	@Test
	void refusesOtherDatabasesAndOutOfRangeDurationsNamingTheProperty() {
		assertThatException()
			.isThrownBy(() -> bind(Map.of("stackspin.audit.database-url", "jdbc:mysql://db/x?password=hunter2")))
			.withStackTraceContaining("stackspin.audit.database-url must be a jdbc:postgresql: or jdbc:h2: URL")
			.satisfies((ex) -> assertThat(stackTrace(ex)).doesNotContain("hunter2"));
		assertThatException().isThrownBy(() -> bind(Map.of("stackspin.audit.retention", "0d")))
			.withStackTraceContaining("stackspin.audit.retention must be between 1d and 3650d");
		assertThatException().isThrownBy(() -> bind(Map.of("stackspin.audit.connection-timeout", "100ms")))
			.withStackTraceContaining("stackspin.audit.connection-timeout must be between 250ms and 30s");
	}

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter text = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(text));
		return text.toString();
	}

}

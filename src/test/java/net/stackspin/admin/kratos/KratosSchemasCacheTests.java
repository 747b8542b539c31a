package net.stackspin.admin.kratos;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.stackspin.admin.testing.KratosIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Identity schemas from the real Kratos, reused for the cache's time and read again after
 * it (bounded staleness), counted by the adapter's meters.
 */
class KratosSchemasCacheTests extends KratosIntegrationTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void aSchemaIsReadOncePerTimeToLiveAndAgainAfterIt() throws Exception {
		KratosSchemas schemas = schemas(Duration.ofMillis(800));
		Map<String, Object> first = schemas.schema("default");
		assertThat(first).containsKey("properties");
		for (int i = 0; i < 20; i++) {
			assertThat(schemas.schema("default")).isSameAs(first);
		}
		assertThat(reads()).isEqualTo(1);

		Thread.sleep(1200);
		Map<String, Object> again = schemas.schema("default");
		assertThat(reads()).as("read again once the cached one is older than the time to live").isEqualTo(2);
		assertThat(again).isEqualTo(first).isNotSameAs(first);
		// what callers get cannot be changed under the other pages' feet
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> again.put("x", "y"));
	}

	@Test
	void zeroReadsTheSchemaEveryTime() {
		KratosSchemas schemas = schemas(Duration.ZERO);
		schemas.schema("default");
		schemas.schema("default");
		assertThat(reads()).isEqualTo(2);
	}

	@Test
	void aSchemaKratosDoesNotHaveIsNotRemembered() {
		KratosSchemas schemas = schemas(Duration.ofMinutes(1));
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(KratosRequestRejectedException.class)
				.isThrownBy(() -> schemas.schema("no-such-schema"));
		}
		assertThat(reads()).isEqualTo(2);
	}

	@Test
	void theTimeToLiveIsBounded() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofHours(2)))
			.withMessage("stackspin.kratos.schema-cache-ttl must be between 0s and 1h, but was PT2H");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofSeconds(-1)));
	}

	private KratosSchemas schemas(Duration ttl) {
		return new KratosSchemas(new KratosClients(properties(ttl)), this.meters, ttl);
	}

	private static KratosProperties properties(Duration ttl) {
		return new KratosProperties(URI.create(KRATOS.adminUrl()), URI.create(KRATOS.publicUrl()),
				Duration.ofSeconds(2), Duration.ofSeconds(10), ttl);
	}

	private long reads() {
		return this.meters.find("stackspin.kratos.requests")
			.tag("operation", "get_identity_schema")
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

}

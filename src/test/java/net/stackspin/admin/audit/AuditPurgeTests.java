package net.stackspin.admin.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge as the application schedules it: on the configured cron expression, events
 * older than the retention go and the rest stay (H2 file database, the store's own
 * migrations).
 */
class AuditPurgeTests {

	@TempDir
	Path directory;

	@Test
	void theScheduledPurgeRunsOnTheConfiguredCronAndKeepsWhatIsWithinTheRetention() throws Exception {
		String url = "jdbc:h2:file:" + this.directory.resolve("audit-" + UUID.randomUUID()) + ";MODE=PostgreSQL";
		AuditStore store = AuditStoreDatabaseTests.store(url);
		String target = UUID.randomUUID().toString();
		Instant now = Instant.now();
		store.insert(List.of(
				AuditStoreDatabaseTests.event(now.minus(3, ChronoUnit.DAYS), "a", "A", "identity.update", target,
						"old"),
				AuditStoreDatabaseTests.event(now.minus(1, ChronoUnit.HOURS), "a", "A", "identity.update", target,
						"recent")));
		// every second, two days' retention
		AuditStoreProperties properties = new AuditStoreProperties(url, "sa", "", Duration.ofSeconds(2),
				Duration.ofDays(2), "* * * * * *");

		AuditStoreConfiguration.AuditPurge purge = new AuditStoreConfiguration.AuditPurge(store, properties);
		try {
			List<String> left = labels(store, target);
			for (int i = 0; i < 100 && left.size() > 1; i++) {
				Thread.sleep(100);
				left = labels(store, target);
			}
			assertThat(left).as("within 10 s of a purge every second").containsExactly("recent");
		}
		finally {
			purge.stop();
		}
	}

	private static List<String> labels(AuditStore store, String target) {
		return store.page(AuditStore.Filter.ofTarget(target), null, 10)
			.events()
			.stream()
			.map((e) -> e.event().target().label())
			.toList();
	}

}

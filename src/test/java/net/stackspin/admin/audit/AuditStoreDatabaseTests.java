package net.stackspin.admin.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import net.stackspin.admin.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store on both databases it supports, a real PostgreSQL and the embedded H2 file
 * database in PostgreSQL mode: the same Flyway migrations, keyset paging by (time, id)
 * with ties, every filter, and the retention purge at its boundary.
 */
class AuditStoreDatabaseTests {

	@TempDir
	static Path h2Directory;

	static final List<HikariDataSource> pools = new ArrayList<>();

	static Stream<String> databases() {
		return Stream.of(PostgresServer.shared().createDatabase("store"),
				"jdbc:h2:file:" + h2Directory.resolve("audit-" + UUID.randomUUID()) + ";MODE=PostgreSQL");
	}

	@AfterAll
	static void closePools() {
		pools.forEach(HikariDataSource::close);
	}

	static AuditStore store(String url) {
		return new AuditStore(pool(url));
	}

	static HikariDataSource pool(String url) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(url.startsWith("jdbc:postgresql:") ? "postgres" : "sa");
		config.setPassword("");
		HikariDataSource pool = new HikariDataSource(config);
		pools.add(pool);
		return pool;
	}

	static AuditEvent event(Instant time, String actorId, String actorLabel, String action, String targetId,
			String targetLabel) {
		return new AuditEvent(time, new AuditEvent.Actor(actorId, actorLabel, "admin"), action,
				new AuditEvent.Target(targetId, targetLabel), "success", List.of("name.first", "state"),
				Map.of("state", "inactive"), Map.of("created", 3L), "10.1.2.3", "req-1");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void storesAndReadsBackEveryFieldNewestFirst(String url) {
		AuditStore store = store(url);
		Instant time = Instant.parse("2026-11-30T10:15:30.123456789Z");
		String target = UUID.randomUUID().toString();
		store.insert(List.of(event(time, "a1", "Ada", "identity.update", target, "bob@example.org"),
				event(time.plusSeconds(1), "a1", "Ada", "identity.delete", target, "bob@example.org")));

		AuditStore.Page page = store.page(AuditStore.Filter.ofTarget(target), null, 10);

		assertThat(page.next()).isNull();
		assertThat(page.events()).extracting((e) -> e.event().action())
			.containsExactly("identity.delete", "identity.update");
		AuditEvent read = page.events().get(1).event();
		assertThat(read).isEqualTo(
				event(time.truncatedTo(ChronoUnit.MICROS), "a1", "Ada", "identity.update", target, "bob@example.org"));
	}

	@ParameterizedTest
	@MethodSource("databases")
	void keysetPagesVisitEveryEventOnceEvenWithEqualTimes(String url) {
		AuditStore store = store(url);
		String target = UUID.randomUUID().toString();
		Instant base = Instant.parse("2026-11-01T00:00:00Z");
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < 125; i++) {
			// groups of five events share one instant
			events.add(event(base.plusSeconds(i / 5), "a", "Ada", "identity.update", target, "t" + i));
		}
		store.insert(events);

		Set<String> seen = new HashSet<>();
		List<Instant> times = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			AuditStore.Page page = store.page(AuditStore.Filter.ofTarget(target), cursor, 20);
			page.events().forEach((e) -> {
				assertThat(seen.add(e.event().target().label())).as("seen once: %s", e.event().target().label())
					.isTrue();
				times.add(e.event().time());
			});
			cursor = page.next();
			pages++;
		}
		while (cursor != null);

		assertThat(seen).hasSize(125);
		assertThat(pages).isEqualTo(7);
		assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
	}

	@ParameterizedTest
	@MethodSource("databases")
	void filtersByActorTargetActionAndTime(String url) {
		AuditStore store = store(url);
		String ada = UUID.randomUUID().toString();
		String bob = UUID.randomUUID().toString();
		String carol = UUID.randomUUID().toString();
		Instant day1 = Instant.parse("2026-10-01T12:00:00Z");
		Instant day2 = Instant.parse("2026-10-02T12:00:00Z");
		store.insert(List.of(event(day1, ada, "Ada 100%_Admin", "identity.recovery_code", bob, "bob@example.org"),
				event(day2, ada, "Ada 100%_Admin", "identity.update", carol, "carol@example.org"),
				event(day2, bob, "Bob Helper", "identity.recovery_link", carol, "carol@example.org")));

		assertThat(actions(store, new AuditStore.Filter(ada, null, null, null, null)))
			.containsExactlyInAnyOrder("identity.recovery_code", "identity.update");
		// part of a label, any case; % and _ are literal
		assertThat(actions(store, new AuditStore.Filter("100%_ad", null, null, null, null))).hasSize(2);
		assertThat(actions(store, new AuditStore.Filter("100__ad", null, null, null, null))).isEmpty();
		assertThat(actions(store, new AuditStore.Filter(null, "CAROL@", null, null, null)))
			.containsExactlyInAnyOrder("identity.update", "identity.recovery_link");
		assertThat(actions(store, new AuditStore.Filter(null, bob, null, null, null)))
			.containsExactly("identity.recovery_code");
		// an action or the start of one
		assertThat(actions(store, new AuditStore.Filter(bob, null, "identity.recovery", null, null)))
			.containsExactly("identity.recovery_link");
		assertThat(actions(store, new AuditStore.Filter(ada, null, "identity.update", null, null)))
			.containsExactly("identity.update");
		// from is inclusive, until exclusive
		assertThat(actions(store, new AuditStore.Filter(ada, null, null, day1, day2)))
			.containsExactly("identity.recovery_code");
		assertThat(actions(store, new AuditStore.Filter(ada, null, null, day2, null)))
			.containsExactly("identity.update");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void purgeDeletesOnlyEventsOlderThanTheCutoff(String url) {
		AuditStore store = store(url);
		String target = UUID.randomUUID().toString();
		Instant cutoff = Instant.parse("2025-10-28T03:17:00Z");
		store.insert(List.of(event(cutoff.minus(400, ChronoUnit.DAYS), "a", "A", "identity.update", target, "ancient"),
				event(cutoff.minus(1, ChronoUnit.MICROS), "a", "A", "identity.update", target, "just-before"),
				event(cutoff, "a", "A", "identity.update", target, "at-cutoff"),
				event(cutoff.plus(1, ChronoUnit.MICROS), "a", "A", "identity.update", target, "just-after")));

		int deleted = store.purgeBefore(cutoff);

		assertThat(deleted).isEqualTo(2);
		assertThat(store.page(AuditStore.Filter.ofTarget(target), null, 10).events())
			.extracting((e) -> e.event().target().label())
			.containsExactly("just-after", "at-cutoff");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void refusesACursorItDidNotMake(String url) {
		AuditStore store = store(url);
		for (String invented : List.of("x", "1.", "99999999999999999999.1", "1.2.3", "'; DROP TABLE audit_event")) {
			assertThatExceptionOfType(AuditStore.InvalidCursorException.class)
				.isThrownBy(() -> store.page(AuditStore.Filter.ofTarget("t"), invented, 10));
		}
	}

	@ParameterizedTest
	@MethodSource("databases")
	void pingAnswersWhileTheStoreWorksAndThrowsWhenItsTableIsGone(String url) {
		HikariDataSource pool = pool(url);
		AuditStore store = new AuditStore(pool);
		store.ping(); // a fresh database: migrated on first use, then answered
		store.insert(List.of(event(Instant.now(), "a1", "Ada", "identity.update", "t", "bob@example.org")));
		store.ping();

		JdbcClient.create(pool).sql("DROP TABLE audit_event").update();

		assertThatExceptionOfType(RuntimeException.class).isThrownBy(store::ping);
	}

	static List<String> actions(AuditStore store, AuditStore.Filter filter) {
		return store.page(filter, null, 50).events().stream().map((e) -> e.event().action()).toList();
	}

}

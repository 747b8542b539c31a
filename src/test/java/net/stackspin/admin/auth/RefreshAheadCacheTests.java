package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The session-check cache: served while younger than its time to live, checked again in
 * the background after half of it, never served older.
 */
class RefreshAheadCacheTests {

	private static final Duration TTL = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock();

	private final ManualExecutor background = new ManualExecutor();

	private final RefreshAheadCache<String, String> cache = new RefreshAheadCache<>(3, TTL, this.clock,
			this.background);

	@Test
	void aFreshEntryIsServedWithoutACheck() {
		Check check = new Check("alice");
		assertThat(this.cache.get("k", check)).contains("alice");
		this.clock.advance(Duration.ofSeconds(14));
		assertThat(this.cache.get("k", check)).contains("alice");
		assertThat(check.calls).hasValue(1);
		assertThat(this.background.pending).isEmpty();
	}

	@Test
	void afterHalfTheIntervalTheCachedAnswerIsServedAndOneCheckRunsInTheBackground() {
		Check check = aliceCheckedAgo(Duration.ofSeconds(15));
		check.answer = Optional.of("alice, renamed");
		assertThat(this.cache.get("k", check)).contains("alice");
		assertThat(this.cache.get("k", check)).contains("alice");
		assertThat(this.background.pending).hasSize(1);
		assertThat(check.calls).as("nothing waited for Kratos").hasValue(1);

		this.background.runAll();
		assertThat(check.calls).hasValue(2);
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.cache.get("k", check)).as("the background result counts from when it was checked")
			.contains("alice, renamed");
		assertThat(check.calls).as("35 s after the first check, 20 s after the second: no wait").hasValue(2);
	}

	@Test
	void aSessionRevokedMeanwhileIsDroppedByTheBackgroundCheck() {
		Check check = aliceCheckedAgo(Duration.ofSeconds(16));
		check.answer = Optional.empty();
		this.cache.get("k", check);
		this.background.runAll();

		assertThat(this.cache.get("k", check)).isEmpty();
		assertThat(check.calls).as("the read after the drop asked Kratos again").hasValue(3);
	}

	@Test
	void anEntryIsNeverServedOnceTheIntervalHasPassed() {
		Check check = aliceCheckedAgo(TTL);
		check.answer = Optional.empty();
		assertThat(this.cache.get("k", check)).isEmpty();
		assertThat(check.calls).hasValue(2);
		assertThat(this.background.pending).isEmpty();
	}

	@Test
	void aFailingCheckAfterTheIntervalReachesTheCaller() {
		Check check = aliceCheckedAgo(TTL.plusSeconds(1));
		check.failure = new IllegalStateException("Kratos unreachable");
		assertThatIllegalStateException().isThrownBy(() -> this.cache.get("k", check))
			.withMessage("Kratos unreachable");
	}

	@Test
	void aFailingBackgroundCheckKeepsTheEntryOnlyUntilItExpires() {
		Check check = aliceCheckedAgo(Duration.ofSeconds(20));
		check.failure = new IllegalStateException("Kratos unreachable");
		assertThat(this.cache.get("k", check)).contains("alice");
		this.background.runAll();
		assertThat(this.cache.get("k", check)).as("still within the interval").contains("alice");
		this.background.runAll();

		this.clock.advance(Duration.ofSeconds(10));
		assertThatIllegalStateException().isThrownBy(() -> this.cache.get("k", check));
	}

	@Test
	void aBackgroundCheckDoesNotBringBackAnEntryRemovedWhileItRan() {
		Check check = aliceCheckedAgo(Duration.ofSeconds(20));
		this.cache.get("k", check);
		this.cache.remove("k"); // signed out while the check was in flight
		this.background.runAll();

		check.answer = Optional.empty();
		assertThat(this.cache.get("k", check)).isEmpty();
	}

	@Test
	void busyRefreshersLeaveTheEntryInPlaceAndALaterReadTriesAgain() {
		Check check = aliceCheckedAgo(Duration.ofSeconds(20));
		this.background.rejecting = true;
		assertThat(this.cache.get("k", check)).contains("alice");
		this.background.rejecting = false;
		assertThat(this.cache.get("k", check)).contains("alice");
		assertThat(this.background.pending).hasSize(1);
	}

	@Test
	void aZeroIntervalChecksEveryTime() {
		RefreshAheadCache<String, String> uncached = new RefreshAheadCache<>(3, Duration.ZERO, this.clock,
				this.background);
		Check check = new Check("alice");
		uncached.get("k", check);
		uncached.get("k", check);
		assertThat(check.calls).hasValue(2);
		assertThat(uncached.size()).isZero();
	}

	@Test
	void aFullCacheStaysBoundedAndKeepsTheEntryInUse() {
		for (int i = 0; i < 100; i++) {
			this.cache.get("a", new Check("a"));
			this.cache.get("k" + i, new Check("k" + i));
		}
		assertThat(this.cache.size()).isEqualTo(3);
		Check a = new Check("a");
		this.cache.get("a", a);
		assertThat(a.calls).as("a, used all along, was kept").hasValue(0);
	}

	/** Alice's session, checked (and cached) {@code age} ago. */
	private Check aliceCheckedAgo(Duration age) {
		Check check = new Check("alice");
		this.cache.get("k", check);
		this.clock.advance(age);
		return check;
	}

	static final class Check implements Supplier<Optional<String>> {

		final AtomicInteger calls = new AtomicInteger();

		volatile Optional<String> answer;

		volatile RuntimeException failure;

		Check(String value) {
			this.answer = Optional.of(value);
		}

		@Override
		public Optional<String> get() {
			this.calls.incrementAndGet();
			if (this.failure != null) {
				throw this.failure;
			}
			return this.answer;
		}

	}

	static final class ManualExecutor implements Executor {

		final Queue<Runnable> pending = new ArrayDeque<>();

		boolean rejecting;

		@Override
		public void execute(Runnable command) {
			if (this.rejecting) {
				throw new RejectedExecutionException("busy");
			}
			this.pending.add(command);
		}

		void runAll() {
			while (!this.pending.isEmpty()) {
				this.pending.remove().run();
			}
		}

	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-29T08:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}

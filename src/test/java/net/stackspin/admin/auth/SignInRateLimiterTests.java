package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in limits in isolation: reservation, keys, bound. */
class SignInRateLimiterTests {

	private final RefreshAheadCacheTests.MutableClock clock = new RefreshAheadCacheTests.MutableClock();

	private final SignInRateLimiter limiter = new SignInRateLimiter(5, 20, Duration.ofMinutes(1), this.clock, 1000);

	@Test
	void attemptsInFlightCountSoParallelRequestsCannotPassTheLimit() throws Exception {
		AtomicInteger admitted = new AtomicInteger();
		runInParallel(40, (i) -> {
			if (this.limiter.admit("victim@example.org", "10.0.0.1", null) instanceof SignInRateLimiter.Attempt) {
				admitted.incrementAndGet(); // and never settled: still "at Kratos"
			}
		});
		assertThat(admitted).hasValue(5);
	}

	@Test
	void parallelAttemptsOnManyAddressesFromOneClientStopAtTheClientLimit() throws Exception {
		AtomicInteger admitted = new AtomicInteger();
		runInParallel(40, (i) -> {
			SignInRateLimiter.Admission admission = this.limiter.admit("user" + i + "@example.org", "10.0.0.1", null);
			if (admission instanceof SignInRateLimiter.Attempt attempt) {
				admitted.incrementAndGet();
				attempt.failed();
			}
		});
		assertThat(admitted).hasValue(20);
	}

	@Test
	void spellingsOfOneAddressShareOneCounter() {
		String[] spellings = { "victim@example.org", "victim@example.org\u00a0", "VICTIM@example.org\u3000",
				"victim@example.org\u2003", "\u2002Victim@Example.org" };
		for (int i = 0; i < spellings.length; i++) {
			fail(spellings[i], "10.0.0." + i);
		}
		assertThat(this.limiter.admit("victim@example.org\u0085", "10.0.0.99", null))
			.isInstanceOf(SignInRateLimiter.Refused.class);
	}

	@Test
	void aSuccessfulAttemptDoesNotCountAndAFailedOneDoes() {
		for (int i = 0; i < 10; i++) {
			((SignInRateLimiter.Attempt) this.limiter.admit("admin@example.org", "10.0.0.1", null)).succeeded();
		}
		for (int i = 0; i < 5; i++) {
			fail("admin@example.org", "10.0.0.1");
		}
		SignInRateLimiter.Admission refused = this.limiter.admit("admin@example.org", "10.0.0.1", null);
		assertThat(refused).isInstanceOf(SignInRateLimiter.Refused.class);
		assertThat(((SignInRateLimiter.Refused) refused).retryAfter()).isPositive()
			.isLessThanOrEqualTo(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.limiter.admit("admin@example.org", "10.0.0.1", null))
			.isInstanceOf(SignInRateLimiter.Attempt.class);
	}

	@Test
	void aKnownDeviceIsNotLockedOutByFailuresElsewhereButHasItsOwnLimit() {
		for (int i = 0; i < 5; i++) {
			fail("admin@example.org", "203.0.113." + i);
		}
		assertThat(this.limiter.admit("admin@example.org", "198.51.100.7", null))
			.isInstanceOf(SignInRateLimiter.Refused.class);
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.admit("admin@example.org", "198.51.100.7", "device-1"))
				.isInstanceOf(SignInRateLimiter.Attempt.class);
		}
		assertThat(this.limiter.admit("admin@example.org", "198.51.100.7", "device-1"))
			.isInstanceOf(SignInRateLimiter.Refused.class);
	}

	@Test
	void aFloodOfNewAddressesCannotResetTheCounterOfTheAccountUnderAttack() {
		for (int i = 0; i < 5; i++) {
			fail("victim@example.org", "10.0.0.1");
		}
		for (int i = 0; i < 50_000; i++) {
			this.limiter.admit("flood" + i + "@example.org", "10.1." + (i / 250) + "." + (i % 250), null);
			if (i % 100 == 0) {
				// the attacker keeps trying the victim too
				assertThat(this.limiter.admit("victim@example.org", "10.0.0.1", null))
					.isInstanceOf(SignInRateLimiter.Refused.class);
			}
		}
		assertThat(this.limiter.size()).isLessThanOrEqualTo(1000);
		assertThat(this.limiter.admit("victim@example.org", "10.0.0.2", null))
			.isInstanceOf(SignInRateLimiter.Refused.class);
	}

	private void fail(String email, String client) {
		SignInRateLimiter.Admission admission = this.limiter.admit(email, client, null);
		assertThat(admission).isInstanceOf(SignInRateLimiter.Attempt.class);
		((SignInRateLimiter.Attempt) admission).failed();
	}

	private static void runInParallel(int tasks, java.util.function.IntConsumer task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(tasks);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < tasks; i++) {
				int n = i;
				futures.add(pool.submit(() -> {
					start.await();
					task.accept(n);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}

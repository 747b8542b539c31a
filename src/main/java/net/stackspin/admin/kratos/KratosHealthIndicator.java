package net.stackspin.admin.kratos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Part of readiness: a panel whose Kratos is not ready cannot serve a page, so it should
 * not get traffic. Probes never wait for a slow Kratos: the check itself is cut off after
 * a second ({@link KratosAdminClient#isReady()}), an answer is reused for
 * {@link #CACHED_FOR}, at most one check runs at a time, and a probe waits at most
 * {@link #PATIENCE} for it (then: down, "did not answer in time"; the check's result
 * still serves the next probes). Reports no URL, so nothing about the admin API leaks
 * through health. The first check is {@link #prime() started} while the application is
 * still starting, so the first probe finds its answer instead of waiting for it.
 */
class KratosHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

	static final Duration PATIENCE = Duration.ofSeconds(1);

	static final Duration CACHED_FOR = Duration.ofSeconds(3);

	private record Answer(boolean ready, Instant at) {
	}

	private final KratosAdminClient kratos;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "kratos-health");
		thread.setDaemon(true);
		return thread;
	});

	private final Clock clock;

	private volatile Answer last;

	private CompletableFuture<Answer> running;

	KratosHealthIndicator(KratosAdminClient kratos, Clock clock) {
		super("Kratos health check failed");
		this.kratos = kratos;
		this.clock = clock;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Answer answer = this.last;
		if (answer == null || !this.clock.instant().isBefore(answer.at().plus(CACHED_FOR))) {
			answer = await(check());
		}
		if (answer == null) {
			builder.down().withDetail("kratos", "admin API did not answer within " + PATIENCE.toMillis() + " ms");
		}
		else if (answer.ready()) {
			builder.up();
		}
		else {
			builder.down().withDetail("kratos", "admin API not ready or unreachable");
		}
	}

	/**
	 * Starts the first check now, on this indicator's own thread: while the application
	 * is still starting, the second core asks Kratos (and warms the HTTP client) instead
	 * of the first readiness probe. "Not ready" from then is not kept: Kratos may be
	 * starting alongside (compose, a cluster's first roll-out) and ready by the first
	 * probe, which then asks again.
	 */
	void prime() {
		check(true);
	}

	/** The check in flight, or a new one. */
	private CompletableFuture<Answer> check() {
		return check(false);
	}

	private synchronized CompletableFuture<Answer> check(boolean priming) {
		if (this.running == null || this.running.isDone()) {
			this.running = CompletableFuture.supplyAsync(() -> {
				Answer answer = new Answer(this.kratos.isReady(), this.clock.instant());
				if (answer.ready() || !priming) {
					this.last = answer;
				}
				return answer;
			}, this.executor);
		}
		return this.running;
	}

	private static Answer await(CompletableFuture<Answer> check) {
		try {
			return check.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}

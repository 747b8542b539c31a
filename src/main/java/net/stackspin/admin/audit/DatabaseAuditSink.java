package net.stackspin.admin.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps audit events in the {@link AuditStore}. An action only hands its event to a
 * bounded queue (it never waits for the database); one writer thread stores them in
 * batches. While the database is down the writer keeps the events (up to
 * {@link #CAPACITY}) and retries every few seconds, so a short outage loses nothing from
 * the store; the log sink has every event regardless. One WARN line per outage (no stack
 * trace), one INFO line when the store is back.
 */
public class DatabaseAuditSink implements AuditSink, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditStoreProperties.LOGGER);

	/** Events held while the database is down; beyond this the store misses them. */
	static final int CAPACITY = 10_000;

	/**
	 * How much of the queue events without a signed-in actor (refused sign-ins) may fill:
	 * the rest is kept for what panel users do, so an anonymous flood during an outage
	 * cannot push an administrator's edit out of the store.
	 */
	static final int ANONYMOUS_CAPACITY = CAPACITY * 4 / 5;

	private static final int BATCH = 100;

	private static final Duration RETRY = Duration.ofSeconds(2);

	private static final Duration STILL_DOWN_EVERY = Duration.ofMinutes(1);

	private volatile long stillDownWarnedAt;

	/** How long stopping waits for the queue to be written. */
	private static final Duration FLUSH_ON_STOP = Duration.ofSeconds(5);

	private final AuditStore store;

	private final BlockingQueue<AuditEvent> queue = new LinkedBlockingQueue<>(CAPACITY);

	private final AtomicBoolean droppedWarned = new AtomicBoolean();

	private final Object written = new Object();

	private volatile boolean running;

	private volatile boolean available = true;

	private Thread writer;

	/** Events taken from the queue but not yet stored. */
	private final List<AuditEvent> pending = new ArrayList<>();

	public DatabaseAuditSink(AuditStore store) {
		this.store = store;
	}

	@Override
	public void accept(AuditEvent event) {
		boolean anonymous = event.actor() == null || event.actor().role() == null;
		if (anonymous && this.queue.size() >= ANONYMOUS_CAPACITY) {
			if (this.droppedWarned.compareAndSet(false, true)) {
				log.warn("Audit store: {} events are waiting for the database; newer ones without a signed-in"
						+ " actor reach the log only", ANONYMOUS_CAPACITY);
			}
			return;
		}
		if (!this.queue.offer(event) && this.droppedWarned.compareAndSet(false, true)) {
			log.warn("Audit store: {} events are waiting for the database; newer ones reach the log only", CAPACITY);
		}
	}

	/** How many events wait to be stored (tests). */
	int queued() {
		return this.queue.size();
	}

	/**
	 * Whether the last write succeeded (false from the first failure until the next
	 * success).
	 */
	public boolean available() {
		return this.available;
	}

	/**
	 * Waits until every event accepted so far is stored (tests; a page right after an
	 * action); false when that took longer than {@code timeout}.
	 */
	public boolean awaitWritten(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.written) {
			while (!this.queue.isEmpty() || hasPending()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.written.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
			}
		}
		return true;
	}

	private boolean hasPending() {
		synchronized (this.pending) {
			return !this.pending.isEmpty();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.writer = new Thread(this::writeLoop, "audit-store-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.writer.join(FLUSH_ON_STOP.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.writer.interrupt();
		int left = this.queue.size() + (hasPending() ? 1 : 0);
		if (left > 0) {
			log.warn("Audit store: stopped with events not stored (they are in the log)");
		}
	}

	/**
	 * Stops after the web server has finished its requests (graceful shutdown), so their
	 * events are stored too.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void writeLoop() {
		while (this.running || !this.queue.isEmpty() || hasPending()) {
			try {
				if (!hasPending()) {
					AuditEvent first = this.queue.poll(200, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					synchronized (this.pending) {
						this.pending.add(first);
						this.queue.drainTo(this.pending, BATCH - 1);
					}
				}
				List<AuditEvent> batch;
				synchronized (this.pending) {
					batch = List.copyOf(this.pending);
				}
				if (write(batch)) {
					synchronized (this.written) {
						synchronized (this.pending) {
							this.pending.clear();
						}
						this.written.notifyAll();
					}
				}
				else if (this.running) {
					Thread.sleep(RETRY.toMillis());
				}
				else {
					return; // stopping and the database is down: the log has them
				}
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private boolean write(List<AuditEvent> batch) {
		try {
			this.store.insert(batch);
			if (!this.available) {
				this.available = true;
				this.droppedWarned.set(false);
				log.info("Audit store available again; storing the events held meanwhile");
			}
			return true;
		}
		catch (RuntimeException ex) {
			this.store.forgetConnections();
			long now = System.nanoTime();
			if (!this.available && now - this.stillDownWarnedAt > STILL_DOWN_EVERY.toNanos()) {
				// a reminder with the latest reason while an outage lasts (once a minute)
				this.stillDownWarnedAt = now;
				log.warn("Audit store still unavailable ({}); {} events held", summary(ex), this.queue.size());
			}
			if (this.available) {
				this.stillDownWarnedAt = now;
				this.available = false;
				// once per outage, without stack trace; the log sink keeps every event
				log.warn("Audit store unavailable ({}); holding events and retrying every {} s", summary(ex),
						RETRY.toSeconds());
			}
			return false;
		}
	}

	/** The innermost cause's message, without classes' stack traces. */
	static String summary(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return message.lines().findFirst().orElse("");
	}

}

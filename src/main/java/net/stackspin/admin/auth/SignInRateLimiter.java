package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Limits sign-in attempts in fixed windows, per replica (see docs/security.md).
 * <ul>
 * <li>An attempt is <em>reserved</em> before Kratos is asked, atomically over all its
 * counters, so attempts sent at the same moment count while they are in flight; a
 * successful attempt is given back afterwards, a failed one stays counted.</li>
 * <li>Per client address ({@code perClient}) and per account ({@code perAccount}, keyed
 * by {@link SignInIdentifier}, so spellings Kratos treats as one account count as
 * one).</li>
 * <li>A browser in which this administrator signed in before (a valid
 * {@link SignInDevices device cookie}) is counted on its own, per (device, account), and
 * not against the account's or the address's counter: an attacker guessing the password
 * of a known e-mail cannot lock its owner out of a browser they already used.</li>
 * </ul>
 * The counters live in a bounded Caffeine cache: a flood of new keys evicts rarely used
 * counters first (W-TinyLFU), so it cannot reset the counter of the account under attack.
 */
class SignInRateLimiter {

	/** The answer to "may this attempt go to Kratos?". */
	sealed interface Admission {

	}

	/** Wait this long before trying again. */
	record Refused(Duration retryAfter) implements Admission {
	}

	/** Go ahead; report how it went. */
	final class Attempt implements Admission {

		private final List<String> charged;

		private boolean settled;

		private Attempt(List<String> charged) {
			this.charged = charged;
		}

		/** The right password: the attempt does not count. */
		void succeeded() {
			settle(true);
		}

		/** Kratos could not be asked: the attempt does not count either. */
		void abandoned() {
			settle(true);
		}

		/** Wrong credentials or not allowed in: the attempt stays counted. */
		void failed() {
			settle(false);
		}

		private void settle(boolean giveBack) {
			synchronized (SignInRateLimiter.this) {
				if (this.settled) {
					return;
				}
				this.settled = true;
				if (giveBack) {
					this.charged.forEach(SignInRateLimiter.this::giveBack);
				}
			}
		}

	}

	private record Window(Instant start, int attempts) {
	}

	private final int perAccount;

	private final int perClient;

	private final Duration window;

	private final Clock clock;

	private final Cache<String, Window> windows;

	SignInRateLimiter(int perAccount, int perClient, Duration window, Clock clock, int capacity) {
		this.perAccount = perAccount;
		this.perClient = perClient;
		this.window = window;
		this.clock = clock;
		this.windows = Caffeine.newBuilder()
			.maximumSize(capacity)
			.expireAfter(new FixedWindowExpiry(window))
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Reserves an attempt for this account from this client, or says how long to wait.
	 * @param identifier the identifier as typed (normalised here)
	 * @param client the client's address as resolved from trusted proxies
	 * @param device the id of a valid device cookie for this account, or {@code null}
	 */
	synchronized Admission admit(String identifier, String client, String device) {
		String account = SignInIdentifier.key(identifier);
		List<String> keys = new ArrayList<>(2);
		List<Integer> limits = new ArrayList<>(2);
		if (device != null) {
			keys.add("device:" + device + ":" + account);
			limits.add(this.perAccount);
		}
		else {
			keys.add("account:" + account);
			limits.add(this.perAccount);
			keys.add("client:" + client);
			limits.add(this.perClient);
		}
		Instant now = this.clock.instant();
		Duration wait = Duration.ZERO;
		for (int i = 0; i < keys.size(); i++) {
			Window current = current(keys.get(i), now);
			if (current != null && current.attempts() >= limits.get(i)) {
				Duration left = Duration.between(now, current.start().plus(this.window));
				wait = (left.compareTo(wait) > 0) ? left : wait;
			}
		}
		if (!wait.isZero()) {
			return new Refused(wait);
		}
		for (String key : keys) {
			Window current = current(key, now);
			this.windows.put(key,
					(current != null) ? new Window(current.start(), current.attempts() + 1) : new Window(now, 1));
		}
		return new Attempt(keys);
	}

	/** How many counters are kept (for tests of the bound). */
	long size() {
		this.windows.cleanUp();
		return this.windows.estimatedSize();
	}

	private Window current(String key, Instant now) {
		Window window = this.windows.getIfPresent(key);
		if (window == null || !now.isBefore(window.start().plus(this.window))) {
			return null;
		}
		return window;
	}

	private void giveBack(String key) {
		Window current = current(key, this.clock.instant());
		if (current == null) {
			return;
		}
		if (current.attempts() <= 1) {
			this.windows.invalidate(key);
		}
		else {
			this.windows.put(key, new Window(current.start(), current.attempts() - 1));
		}
	}

	/** A window's counter is forgotten when its window ends, not when it is updated. */
	private record FixedWindowExpiry(Duration window) implements Expiry<String, Window> {

		@Override
		public long expireAfterCreate(String key, Window value, long currentTime) {
			return this.window.toNanos();
		}

		@Override
		public long expireAfterUpdate(String key, Window value, long currentTime, long currentDuration) {
			// a first attempt starts a new window (the old one may linger a moment)
			return (value.attempts() == 1) ? this.window.toNanos() : currentDuration;
		}

		@Override
		public long expireAfterRead(String key, Window value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}

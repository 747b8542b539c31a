package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per e-mail address and per client IP in fixed windows. Memory is
 * bounded: expired windows are dropped as new ones come, and a flood of distinct keys
 * cannot grow the maps beyond their capacity. Counts are per replica.
 */
class SignInRateLimiter {

	private record Window(Instant start, int failures) {
	}

	private final int perEmail;

	private final int perClient;

	private final Duration window;

	private final Clock clock;

	private final int capacity;

	private final Map<String, Window> emails = new ConcurrentHashMap<>();

	private final Map<String, Window> clients = new ConcurrentHashMap<>();

	SignInRateLimiter(int perEmail, int perClient, Duration window, Clock clock, int capacity) {
		this.perEmail = perEmail;
		this.perClient = perClient;
		this.window = window;
		this.clock = clock;
		this.capacity = capacity;
	}

	/**
	 * How long this e-mail or client must wait before trying again; zero if it may try
	 * now.
	 */
	Duration waitBeforeNextAttempt(String email, String client) {
		Instant now = this.clock.instant();
		Duration byEmail = wait(this.emails.get(key(email)), this.perEmail, now);
		Duration byClient = wait(this.clients.get(client), this.perClient, now);
		return (byEmail.compareTo(byClient) >= 0) ? byEmail : byClient;
	}

	void recordFailure(String email, String client) {
		Instant now = this.clock.instant();
		count(this.emails, key(email), now);
		count(this.clients, client, now);
	}

	void recordSuccess(String email) {
		this.emails.remove(key(email));
	}

	private Duration wait(Window window, int limit, Instant now) {
		if (window == null || window.failures() < limit) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(now, window.start().plus(this.window));
		return left.isNegative() ? Duration.ZERO : left;
	}

	private void count(Map<String, Window> windows, String key, Instant now) {
		if (windows.size() >= this.capacity) {
			windows.values().removeIf((w) -> !now.isBefore(w.start().plus(this.window)));
			if (windows.size() >= this.capacity) {
				windows.clear(); // a flood of distinct keys: forget rather than grow
									// without bound
			}
		}
		windows.compute(key, (k, old) -> (old == null || !now.isBefore(old.start().plus(this.window)))
				? new Window(now, 1) : new Window(old.start(), old.failures() + 1));
	}

	private static String key(String email) {
		return (email == null) ? "" : email.trim().toLowerCase(Locale.ROOT);
	}

}

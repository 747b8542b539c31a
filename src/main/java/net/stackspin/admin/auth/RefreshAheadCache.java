package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small bounded cache of check results that are trusted for a fixed time. Once an entry
 * is half that old, the next read still answers from it but starts a fresh check in the
 * background, so a signed-in admin who keeps working never waits for the check (it used
 * to add two Kratos round trips to one page in every interval). An entry is never served
 * once it is older than the time to live: then the caller waits for the check, so a
 * revoked session still locks out within that time. Entries live in a Caffeine cache
 * (bounded, rarely used entries go first when full, no global lock: requests of different
 * sessions never wait for each other).
 */
final class RefreshAheadCache<K, V> {

	private static final Logger log = LoggerFactory.getLogger(RefreshAheadCache.class);

	private record Entry<V>(V value, Instant checkedAt) {
	}

	private final Duration timeToLive;

	private final Duration refreshAfter;

	private final Clock clock;

	private final Executor refresher;

	private final Cache<K, Entry<V>> entries;

	/** Keys with a background check in flight: at most one per key. */
	private final Set<K> refreshing = ConcurrentHashMap.newKeySet();

	RefreshAheadCache(int capacity, Duration timeToLive, Clock clock, Executor refresher) {
		this.timeToLive = timeToLive;
		this.refreshAfter = timeToLive.dividedBy(2);
		this.clock = clock;
		this.refresher = refresher;
		this.entries = Caffeine.newBuilder()
			.maximumSize(capacity)
			.expireAfterWrite(timeToLive.isZero() ? Duration.ofNanos(1) : timeToLive)
			.ticker(() -> {
				Instant now = clock.instant();
				return now.getEpochSecond() * 1_000_000_000L + now.getNano();
			})
			.executor(Runnable::run)
			.build();
	}

	/**
	 * The value for the key: from the cache while it is younger than the time to live,
	 * otherwise from {@code check} (whose exceptions reach the caller). An empty result
	 * is not cached.
	 */
	Optional<V> get(K key, Supplier<Optional<V>> check) {
		Entry<V> entry = current(key);
		if (entry == null) {
			Optional<V> fresh = check.get();
			fresh.ifPresent((value) -> put(key, value));
			return fresh;
		}
		if (!this.clock.instant().isBefore(entry.checkedAt().plus(this.refreshAfter))) {
			refreshInBackground(key, entry, check);
		}
		return Optional.of(entry.value());
	}

	void put(K key, V value) {
		if (this.timeToLive.isZero()) {
			return;
		}
		this.entries.put(key, new Entry<>(value, this.clock.instant()));
	}

	void remove(K key) {
		this.entries.invalidate(key);
	}

	long size() {
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	private Entry<V> current(K key) {
		Entry<V> entry = this.entries.getIfPresent(key);
		if (entry != null && !this.clock.instant().isBefore(entry.checkedAt().plus(this.timeToLive))) {
			this.entries.asMap().remove(key, entry);
			return null;
		}
		return entry;
	}

	private void refreshInBackground(K key, Entry<V> seen, Supplier<Optional<V>> check) {
		if (!this.refreshing.add(key)) {
			return;
		}
		try {
			this.refresher.execute(() -> refresh(key, seen, check));
		}
		catch (RejectedExecutionException ex) {
			// refreshers busy: the entry is still valid, a later read tries again
			this.refreshing.remove(key);
		}
	}

	private void refresh(K key, Entry<V> seen, Supplier<Optional<V>> check) {
		try {
			Optional<V> fresh = check.get();
			// removed (signed out) or replaced meanwhile: the newer state wins
			if (fresh.isPresent()) {
				this.entries.asMap().replace(key, seen, new Entry<>(fresh.get(), this.clock.instant()));
			}
			else {
				this.entries.asMap().remove(key, seen);
			}
		}
		catch (RuntimeException ex) {
			// Kratos unreachable: the entry expires on time and the next read reports the
			// failure
			log.debug("Background session check failed: {}", ex.toString());
		}
		finally {
			this.refreshing.remove(key);
		}
	}

}

package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small bounded cache whose entries expire after a fixed time: enough to spare Kratos a
 * call per request without trusting a revoked session for long. Least recently used
 * entries go first when it is full.
 */
final class ExpiringCache<K, V> {

	private record Entry<V>(V value, Instant expires) {
	}

	private final Duration timeToLive;

	private final Clock clock;

	private final LinkedHashMap<K, Entry<V>> entries;

	ExpiringCache(int capacity, Duration timeToLive, Clock clock) {
		this.timeToLive = timeToLive;
		this.clock = clock;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
				return size() > capacity;
			}
		};
	}

	synchronized Optional<V> get(K key) {
		Entry<V> entry = this.entries.get(key);
		if (entry == null) {
			return Optional.empty();
		}
		if (!this.clock.instant().isBefore(entry.expires())) {
			this.entries.remove(key);
			return Optional.empty();
		}
		return Optional.of(entry.value());
	}

	synchronized void put(K key, V value) {
		if (this.timeToLive.isZero()) {
			return;
		}
		this.entries.put(key, new Entry<>(value, this.clock.instant().plus(this.timeToLive)));
	}

	synchronized void remove(K key) {
		this.entries.remove(key);
	}

	synchronized int size() {
		return this.entries.size();
	}

}

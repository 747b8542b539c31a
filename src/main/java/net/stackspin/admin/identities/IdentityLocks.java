package net.stackspin.admin.identities;

import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.stereotype.Component;

/**
 * Serialises the changes of this panel that must not interleave. Kratos v1.3.1 has no
 * compare-and-set, so "re-read, compare, patch" is only atomic if no other save of the
 * same identity runs in between: one lock per identity (weakly held, so idle locks are
 * collected), and one lock for every change that can take away an active administrator.
 * Always taken in that order. They hold within one replica only; see docs/security.md for
 * what holds across replicas.
 */
@Component
class IdentityLocks {

	private final LoadingCache<String, ReentrantLock> perIdentity = Caffeine.newBuilder()
		.weakValues()
		.build((id) -> new ReentrantLock());

	private final ReentrantLock administrators = new ReentrantLock();

	/** Runs {@code work} while no other save or delete of this identity runs here. */
	<T> T withIdentity(String id, Supplier<T> work) {
		ReentrantLock lock = this.perIdentity.get(id.toLowerCase(Locale.ROOT));
		lock.lock();
		try {
			return work.get();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Runs {@code work} while no other change that can remove an administrator runs here.
	 */
	<T> T withAdministrators(Supplier<T> work) {
		this.administrators.lock();
		try {
			return work.get();
		}
		finally {
			this.administrators.unlock();
		}
	}

}

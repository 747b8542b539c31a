package net.stackspin.admin.identities;

import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import net.stackspin.admin.audit.DatabaseLocks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Serialises the changes of this panel that must not interleave. Kratos v1.3.1 has no
 * compare-and-set, so "re-read, compare, patch" is only atomic if no other save of the
 * same identity runs in between: one lock per identity (weakly held, so idle locks are
 * collected), and one lock for every change that can take away an active administrator.
 * Always taken in that order. When the audit database is PostgreSQL, the per-identity
 * lock is also taken there ({@link DatabaseLocks}, an advisory lock), so the replicas
 * that share it serialise their saves of one identity too; otherwise it holds within one
 * replica only (see docs/security.md).
 */
@Component
class IdentityLocks {

	private final LoadingCache<String, ReentrantLock> perIdentity = Caffeine.newBuilder()
		.weakValues()
		.build((id) -> new ReentrantLock());

	private final ReentrantLock administrators = new ReentrantLock();

	/**
	 * The replicas' shared locks, or {@code null} without a PostgreSQL audit database.
	 */
	private final DatabaseLocks shared;

	IdentityLocks(ObjectProvider<DatabaseLocks> shared) {
		this.shared = shared.getIfAvailable();
	}

	/**
	 * Runs {@code work} while no other save or delete of this identity runs here (nor,
	 * with the shared lock, on another replica).
	 */
	<T> T withIdentity(String id, Supplier<T> work) {
		String key = id.toLowerCase(Locale.ROOT);
		ReentrantLock lock = this.perIdentity.get(key);
		lock.lock();
		try {
			// in-process first: threads of this replica queue here, not on a connection
			// each
			return (this.shared != null) ? this.shared.withLock(key, work) : work.get();
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

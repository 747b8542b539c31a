package net.stackspin.admin.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks every replica of the panel shares, through the audit database when it is
 * PostgreSQL: a transaction-scoped advisory lock ({@code pg_advisory_xact_lock}) keyed by
 * a name, held while the work runs and released when the transaction ends (also when the
 * connection breaks). Without it (database down) the work runs with only the caller's
 * in-process lock, and one WARN line per outage says so: saving must not depend on the
 * audit database.
 */
public class DatabaseLocks {

	private static final Logger log = LoggerFactory.getLogger(AuditStoreProperties.LOGGER);

	/** Keeps the panel's keys apart from any other advisory lock user of the database. */
	private static final int NAMESPACE = 0x53544b53; // "STKS"

	private final DataSource dataSource;

	/** After a failure, how long saves skip the shared lock before trying it again. */
	private static final long RETRY_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

	private volatile boolean warned;

	/** While the database is down: when to try the shared lock again. */
	private volatile long retryAt;

	private volatile boolean down;

	public DatabaseLocks(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Runs {@code work} while no other replica runs work under the same key. Exceptions
	 * of {@code work} pass unchanged.
	 */
	public <T> T withLock(String key, Supplier<T> work) {
		if (this.down && System.nanoTime() - this.retryAt < 0) {
			// a save does not wait for the connection timeout while the database is down
			return work.get();
		}
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(false);
			try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
				lock.setInt(1, NAMESPACE);
				lock.setInt(2, keyOf(key));
				lock.execute();
			}
		}
		catch (SQLException | RuntimeException ex) {
			release(connection);
			return unshared(ex, work);
		}
		this.warned = false;
		this.down = false;
		try {
			return work.get();
		}
		finally {
			release(connection);
		}
	}

	private <T> T unshared(Exception ex, Supplier<T> work) {
		this.retryAt = System.nanoTime() + RETRY_AFTER_NANOS;
		this.down = true;
		if (!this.warned) {
			this.warned = true;
			log.warn("Audit database unavailable ({}): edits are serialised within this replica only until it is back",
					DatabaseAuditSink.summary(ex));
		}
		return work.get();
	}

	/** A 32-bit key for a name: a UUID's bits folded, else the lower-case name's hash. */
	static int keyOf(String key) {
		String name = key.toLowerCase(Locale.ROOT);
		try {
			UUID uuid = UUID.fromString(name);
			long bits = uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
			return (int) (bits ^ (bits >>> 32));
		}
		catch (IllegalArgumentException ex) {
			return name.hashCode();
		}
	}

	/** Ends the transaction (which releases the lock) and returns the connection. */
	private static void release(Connection connection) {
		if (connection == null) {
			return;
		}
		try (connection) {
			connection.rollback();
		}
		catch (SQLException ex) {
			// the connection is broken: the server released the lock with it
		}
	}

}

package net.stackspin.admin.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the pages may read of the audit trail: a page of events, or why there is none (no
 * database configured: events in the log only; database down: history unavailable).
 */
@Component
public class AuditHistory {

	private static final Logger log = LoggerFactory.getLogger(AuditStoreProperties.LOGGER);

	/** Why a page shows no history. */
	public enum Availability {

		/** The events are stored and readable. */
		AVAILABLE,

		/** No database is configured: events go to the log only. */
		LOG_ONLY,

		/** The database does not answer right now. */
		UNAVAILABLE

	}

	/**
	 * A page of history, or the reason there is none.
	 *
	 * @param availability whether the page could be read
	 * @param page the events, {@code null} unless available
	 */
	public record Result(Availability availability, AuditStore.Page page) {
	}

	private final AuditStore store;

	private final DatabaseAuditSink sink;

	private volatile boolean warned;

	AuditHistory(ObjectProvider<AuditStore> store, ObjectProvider<DatabaseAuditSink> sink) {
		this.store = store.getIfAvailable();
		this.sink = sink.getIfAvailable();
	}

	/**
	 * The events matching {@code filter}, newest first, from {@code cursor}.
	 * @throws AuditStore.InvalidCursorException for a cursor the store did not make
	 */
	public Result page(AuditStore.Filter filter, String cursor, int size) {
		if (this.store == null) {
			return new Result(Availability.LOG_ONLY, null);
		}
		if (this.sink != null && !this.sink.available()) {
			// the writer is retrying right now: no page waits for the connection timeout
			return new Result(Availability.UNAVAILABLE, null);
		}
		try {
			// events of the action just done are on this page too
			if (this.sink != null) {
				this.sink.awaitWritten(java.time.Duration.ofSeconds(1));
			}
			AuditStore.Page page = this.store.page(filter, cursor, size);
			this.warned = false;
			return new Result(Availability.AVAILABLE, page);
		}
		catch (AuditStore.InvalidCursorException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(Availability.UNAVAILABLE, null);
		}
		catch (RuntimeException ex) {
			if (!this.warned) {
				this.warned = true;
				log.warn("Audit store unavailable for reading ({})", DatabaseAuditSink.summary(ex));
			}
			return new Result(Availability.UNAVAILABLE, null);
		}
	}

}

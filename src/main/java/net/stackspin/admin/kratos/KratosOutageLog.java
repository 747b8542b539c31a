package net.stackspin.admin.kratos;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs Kratos being unavailable once per outage, not once per request: the first failure
 * gives one WARN line (the cause in a few words, no stack trace: the failure is known and
 * expected), further ones within {@link #QUIET} go to DEBUG. A long outage under load
 * used to write an ERROR with a full stack trace per request.
 */
public final class KratosOutageLog {

	/** How long after a warning further failures stay quiet. */
	public static final Duration QUIET = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(KratosOutageLog.class);

	private final Clock clock;

	private final AtomicLong lastWarningMillis = new AtomicLong(Long.MIN_VALUE);

	public KratosOutageLog(Clock clock) {
		this.clock = clock;
	}

	/** Records a request that could not be served because Kratos is unavailable. */
	public void unavailable(String where, KratosUnavailableException ex) {
		long now = this.clock.millis();
		long last = this.lastWarningMillis.get();
		boolean quiet = last != Long.MIN_VALUE && now - last < QUIET.toMillis();
		if (!quiet && this.lastWarningMillis.compareAndSet(last, now)) {
			logger.warn("Kratos unavailable (" + where + "): " + ex.getMessage() + "; pages answer 503. Further"
					+ " failures in the next " + QUIET.toSeconds() + " s are logged at DEBUG only.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Kratos still unavailable (" + where + "): " + ex.getMessage());
		}
	}

}

package net.stackspin.admin.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

import static net.stackspin.admin.system.SettingChecks.requireBetween;
import static net.stackspin.admin.system.SettingChecks.requireText;

/**
 * The database that keeps the audit trail for the Activity page and each user's History
 * tab. Without {@code databaseUrl} events go to the log only (and the pages say so). Its
 * own settings rather than Boot's {@code spring.datasource.*}: the store is optional and
 * must never stop the panel, whereas Boot's data source and Flyway auto-configuration
 * migrate at start-up (a database that is down would stop the panel) and would open an
 * in-memory database of their own when H2 is on the class path and no URL is set.
 *
 * @param databaseUrl JDBC URL of the audit database ({@code jdbc:postgresql://…}, or
 * {@code jdbc:h2:file:…;MODE=PostgreSQL} as {@code kratos/run-local.sh} uses); unset:
 * events in the log only
 * @param databaseUsername user name for the audit database
 * @param databasePassword password for the audit database
 * @param connectionTimeout how long an action or page waits for a connection to the audit
 * database before it goes on without it (250ms to 30s)
 * @param retention how long events are kept; older ones are deleted by the daily purge
 * (1d to 3650d)
 * @param purgeCron when the purge runs (a Spring cron expression, in the server's time
 * zone); every replica runs it, which is harmless
 */
@ConfigurationProperties("stackspin.audit")
public record AuditStoreProperties(String databaseUrl, String databaseUsername, String databasePassword,
		@DefaultValue("2s") Duration connectionTimeout, @DefaultValue("400d") Duration retention,
		@DefaultValue("0 17 3 * * *") String purgeCron) {

	public AuditStoreProperties {
		requireBetween("stackspin.audit.connection-timeout", connectionTimeout, Duration.ofMillis(250), "250ms",
				Duration.ofSeconds(30), "30s");
		requireBetween("stackspin.audit.retention", retention, Duration.ofDays(1), "1d", Duration.ofDays(3650),
				"3650d");
		requireText("stackspin.audit.purge-cron", purgeCron);
		if (!CronExpression.isValidExpression(purgeCron)) {
			// here rather than in the scheduler, which fails with a bean creation error
			throw new IllegalArgumentException("stackspin.audit.purge-cron must be a Spring cron expression"
					+ " (six fields: second minute hour day month weekday, e.g. \"0 17 3 * * *\"), but was '"
					+ purgeCron + "'");
		}
		if (databaseUrl != null && !databaseUrl.isBlank() && !databaseUrl.startsWith("jdbc:postgresql:")
				&& !databaseUrl.startsWith("jdbc:h2:")) {
			throw new IllegalArgumentException(
					"stackspin.audit.database-url must be a jdbc:postgresql: or jdbc:h2: URL, but was "
							+ databaseUrl.replaceAll("(?i)password=[^&;]*", "password=…"));
		}
	}

	/**
	 * The logger of the store's own operation (outages, purges): apart from
	 * {@code net.stackspin.admin.audit}, whose lines are the audit events themselves.
	 */
	static final String LOGGER = "net.stackspin.admin.auditstore";

	/** Whether a database is configured (otherwise events go to the log only). */
	public boolean enabled() {
		return this.databaseUrl != null && !this.databaseUrl.isBlank();
	}

	/** Whether the database is PostgreSQL (which also shares the per-identity lock). */
	public boolean postgres() {
		return enabled() && this.databaseUrl.startsWith("jdbc:postgresql:");
	}

	@Override
	public String toString() {
		// never the password
		return "AuditStoreProperties[databaseUrl=" + this.databaseUrl + ", retention=" + this.retention + "]";
	}

}

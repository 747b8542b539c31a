package net.stackspin.admin.audit;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The audit database, only when {@code stackspin.audit.database-url} is set: its own
 * connection pool (no Boot data source, see {@link AuditStoreProperties}), the store, the
 * sink that writes to it, its health indicator (not in readiness), the daily purge and,
 * on PostgreSQL, the locks the replicas share. The pool starts without a connection and
 * never fails start-up: a database that is down only makes the history unavailable.
 *
 * <p>
 * Decided at run time, not by a condition on the configuration: the image runs the
 * AOT-processed application, whose set of beans is fixed when it is built (without a
 * database URL). Without one every bean here is {@code null}: absent for injection points
 * that ask through {@link ObjectProvider}, and for the sinks and health indicators Spring
 * collects.
 */
@Configuration(proxyBeanMethods = false)
class AuditStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuditStoreProperties.LOGGER);

	@Bean(destroyMethod = "close")
	HikariDataSource auditDataSource(AuditStoreProperties properties) {
		if (!properties.enabled()) {
			return null;
		}
		HikariConfig config = new HikariConfig();
		config.setPoolName("audit-store");
		config.setJdbcUrl(properties.databaseUrl());
		config.setUsername(properties.databaseUsername());
		config.setPassword(properties.databasePassword());
		long timeout = properties.connectionTimeout().toMillis();
		config.setConnectionTimeout(timeout);
		config.setValidationTimeout(Math.max(250, timeout / 2));
		// start without the database: the panel serves pages without it
		config.setInitializationFailTimeout(-1);
		config.setMinimumIdle(1);
		config.setMaximumPoolSize(12);
		if (properties.postgres()) {
			// a lost server must not hang an action or a page: connect and read deadlines
			config.addDataSourceProperty("connectTimeout", Math.max(1, Duration.ofMillis(timeout).toSeconds()));
			config.addDataSourceProperty("socketTimeout", 60);
			config.addDataSourceProperty("tcpKeepAlive", true);
			config.addDataSourceProperty("ApplicationName", "stackspin-admin");
		}
		return new HikariDataSource(config);
	}

	@Bean
	AuditStore auditStore(ObjectProvider<HikariDataSource> auditDataSource) {
		DataSource dataSource = auditDataSource.getIfAvailable();
		return (dataSource != null) ? new AuditStore(dataSource) : null;
	}

	@Bean
	DatabaseAuditSink databaseAuditSink(ObjectProvider<AuditStore> auditStore) {
		AuditStore store = auditStore.getIfAvailable();
		return (store != null) ? new DatabaseAuditSink(store) : null;
	}

	@Bean
	AuditStoreHealthIndicator auditStoreHealthIndicator(ObjectProvider<AuditStore> auditStore) {
		AuditStore store = auditStore.getIfAvailable();
		return (store != null) ? new AuditStoreHealthIndicator(store) : null;
	}

	@Bean
	DatabaseLocks databaseLocks(AuditStoreProperties properties, ObjectProvider<HikariDataSource> auditDataSource) {
		// advisory locks exist on PostgreSQL only; on H2 (one local process) the
		// in-process locks are all there is
		DataSource dataSource = auditDataSource.getIfAvailable();
		return (dataSource != null && properties.postgres()) ? new DatabaseLocks(dataSource) : null;
	}

	@Bean(destroyMethod = "stop")
	AuditPurge auditPurge(ObjectProvider<AuditStore> auditStore, AuditStoreProperties properties) {
		// always a bean (never null): its scheduler would be an ApplicationListener,
		// which
		// Spring looks up by type even when the method returned nothing
		return new AuditPurge(auditStore.getIfAvailable(), properties);
	}

	/** The daily purge of events older than the retention, when there is a store. */
	static final class AuditPurge {

		private final ThreadPoolTaskScheduler scheduler;

		AuditPurge(AuditStore store, AuditStoreProperties properties) {
			if (store == null) {
				this.scheduler = null;
				return;
			}
			this.scheduler = new ThreadPoolTaskScheduler();
			this.scheduler.setThreadNamePrefix("audit-purge-");
			this.scheduler.setDaemon(true);
			this.scheduler.initialize();
			this.scheduler.schedule(() -> purge(store, properties.retention()),
					new CronTrigger(properties.purgeCron()));
		}

		void stop() {
			if (this.scheduler != null) {
				this.scheduler.shutdown();
			}
		}

	}

	/** Deletes the events older than the retention; never throws. */
	static void purge(AuditStore store, Duration retention) {
		try {
			int deleted = store.purgeBefore(Instant.now().minus(retention));
			log.info("Audit store: purged {} events older than {} days", deleted, retention.toDays());
		}
		catch (RuntimeException ex) {
			log.warn("Audit store: purge failed ({}); the next one will catch up", DatabaseAuditSink.summary(ex));
		}
	}

}

package net.stackspin.admin.audit;

import net.stackspin.admin.system.DeploymentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.WebApplicationContext;

/**
 * One WARN line at start when the panel is told it runs beside other replicas
 * ({@code stackspin.deployment.replicas} above 1) but has no lock they share: that lock
 * is an advisory lock in a PostgreSQL audit database ({@link DatabaseLocks}). Without it
 * saves of one user on two replicas can overtake each other, and one is lost
 * (docs/security.md). Not for the one-shot commands, which save nothing concurrently.
 */
@Component
class SharedLockCheck {

	private static final Logger log = LoggerFactory.getLogger(AuditStoreProperties.LOGGER);

	private final DeploymentProperties deployment;

	private final AuditStoreProperties audit;

	SharedLockCheck(DeploymentProperties deployment, AuditStoreProperties audit) {
		this.deployment = deployment;
		this.audit = audit;
	}

	@EventListener
	void started(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebApplicationContext) {
			warnIfUnshared();
		}
	}

	/** Whether the warning was logged. */
	boolean warnIfUnshared() {
		int replicas = this.deployment.replicas();
		if (replicas <= 1 || this.audit.postgres()) {
			return false;
		}
		String store = this.audit.enabled() ? "an H2 database, which is each replica's own" : "no audit database";
		log.warn("Running as one of {} replicas (stackspin.deployment.replicas) without a lock they share: "
				+ "stackspin.audit.database-url is {}, not PostgreSQL, so saves of one user on different replicas "
				+ "can overtake each other and updates are lost. Set stackspin.audit.database-url to a PostgreSQL "
				+ "database all replicas use, or run one replica", replicas, store);
		return true;
	}

}

package net.stackspin.admin.audit;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the audit database answers. Deliberately outside the readiness group
 * ({@code application.yaml}): the panel serves every page without it, so a database
 * outage must not take pods out of the load balancer. Names no URL.
 */
class AuditStoreHealthIndicator extends AbstractHealthIndicator {

	private final AuditStore store;

	AuditStoreHealthIndicator(AuditStore store) {
		super("Audit store health check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		try {
			this.store.ping();
			builder.up();
		}
		catch (RuntimeException ex) {
			// no exception detail: it could name the database host
			builder.down().withDetail("auditStore", "database unavailable; events reach the log only");
		}
	}

}

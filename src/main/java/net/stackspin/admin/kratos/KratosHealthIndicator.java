package net.stackspin.admin.kratos;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Part of readiness: a panel whose Kratos is not ready cannot serve a page, so it should
 * not get traffic. Reports no URL, so nothing about the admin API leaks through health.
 */
class KratosHealthIndicator extends AbstractHealthIndicator {

	private final KratosAdminClient kratos;

	KratosHealthIndicator(KratosAdminClient kratos) {
		super("Kratos health check failed");
		this.kratos = kratos;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.kratos.isReady()) {
			builder.up();
		}
		else {
			builder.down().withDetail("kratos", "admin API not ready or unreachable");
		}
	}

}

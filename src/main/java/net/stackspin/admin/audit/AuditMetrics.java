package net.stackspin.admin.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Counts audit events in {@code stackspin.admin.actions} (tags {@code action} and
 * {@code outcome}; {@code stackspin_admin_actions_total} in Prometheus). Sign-ins are
 * counted in {@code stackspin.signin} instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditMetrics implements AuditSink {

	private final MeterRegistry meters;

	AuditMetrics(ObjectProvider<MeterRegistry> meters) {
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	@Override
	public void accept(AuditEvent event) {
		if (event.action().startsWith("sign_")) {
			return;
		}
		Counter.builder("stackspin.admin.actions")
			.description("Actions taken by administrators in the panel")
			.tag("action", event.action())
			.tag("outcome", event.outcome())
			.register(this.meters)
			.increment();
	}

}

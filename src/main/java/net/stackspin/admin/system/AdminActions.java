package net.stackspin.admin.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The audit trail of what administrators do: one log line and one count per action
 * ({@code stackspin.admin.actions}, tags {@code action} and {@code outcome}). Callers
 * pass ids, never traits, secrets, links or codes.
 */
@Component
public class AdminActions {

	private static final Logger log = LoggerFactory.getLogger("net.stackspin.admin.audit");

	private final MeterRegistry meters;

	public AdminActions(ObjectProvider<MeterRegistry> meters) {
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	/**
	 * Records that {@code admin} performed {@code action} (e.g. {@code identity.create})
	 * on {@code target} with {@code outcome} ({@code success}, {@code conflict},
	 * {@code rejected}, ...).
	 */
	public void record(String action, String outcome, String admin, String target) {
		Counter.builder("stackspin.admin.actions")
			.description("Actions taken by administrators in the panel")
			.tag("action", action)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
		log.info("admin={} action={} outcome={} target={}", admin, action, outcome, target);
	}

}

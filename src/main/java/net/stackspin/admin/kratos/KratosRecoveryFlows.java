package net.stackspin.admin.kratos;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Kratos's own recovery flow through the PUBLIC API, as a native client: Kratos's courier
 * then sends its recovery e-mail (kratos.md §1.8–1.9). The admin recovery endpoints send
 * nothing.
 */
public class KratosRecoveryFlows {

	private final KratosJson pub;

	private final KratosCalls calls;

	KratosRecoveryFlows(KratosClients clients, MeterRegistry meters) {
		this.pub = new KratosJson(clients.pub());
		this.calls = new KratosCalls(meters);
	}

	/**
	 * A recovery flow started for an address; its code arrives by e-mail and works only
	 * in this flow.
	 *
	 * @param flowId Kratos's id of the flow
	 * @param state the flow's state, {@code sent_email} when Kratos queued the message
	 */
	public record StartedRecovery(String flowId, String state) {
	}

	/** Starts a recovery flow for the address and lets Kratos e-mail the code. */
	public StartedRecovery sendRecoveryEmail(String email) {
		JsonNode flow = this.calls
			.run("create_recovery_flow", () -> this.pub.get("self-service/recovery/api", Map.of(), Map.of()))
			.body();
		String flowId = flow.path("id").asString();
		JsonNode sent = this.calls
			.run("update_recovery_flow", () -> this.pub.post("self-service/recovery", Map.of("flow", flowId), Map.of(),
					Map.of("method", "code", "email", email)))
			.body();
		return new StartedRecovery(flowId, sent.path("state").asString(""));
	}

}

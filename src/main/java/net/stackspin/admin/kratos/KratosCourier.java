package net.stackspin.admin.kratos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * What Kratos's courier did with the mail of the self-service flows (admin API
 * {@code /admin/courier/messages}). Raw JSON: template types are an open set.
 */
public class KratosCourier {

	private final KratosJson admin;

	private final KratosCalls calls;

	KratosCourier(KratosClients clients, MeterRegistry meters) {
		this.admin = new KratosJson(clients.admin());
		this.calls = new KratosCalls(meters);
	}

	/** The newest messages to this address (Kratos orders by creation, newest first). */
	public List<CourierMessage> messagesTo(String recipient, int limit) {
		JsonNode list = this.calls
			.run("list_courier_messages",
					() -> this.admin.get("admin/courier/messages",
							Map.of("recipient", recipient, "page_size", Integer.toString(limit)), Map.of()))
			.body();
		List<CourierMessage> messages = new ArrayList<>();
		for (JsonNode message : list) {
			messages.add(new CourierMessage(message.path("id").asString(""), message.path("recipient").asString(""),
					message.path("status").asString(""), message.path("template_type").asString(""),
					message.path("subject").asString(""), message.path("send_count").asInt(0),
					KratosJson.instant(message, "created_at"), KratosJson.instant(message, "updated_at")));
		}
		return messages;
	}

}

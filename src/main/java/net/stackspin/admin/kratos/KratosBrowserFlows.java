package net.stackspin.admin.kratos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import sh.ory.kratos.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kratos's browser flows as the self-service pages read them: fetch a flow by id with the
 * browser's own cookies, fetch an error. The flows are read as raw JSON, not through the
 * generated models, because those (25.x) do not match what v1.3.1 sends for every node
 * (see docs kratos.md §2).
 */
public class KratosBrowserFlows {

	/**
	 * Answers that mean "this flow cannot be shown to this browser any more": 401 no
	 * session (settings), 403 another browser's flow or CSRF cookie missing, 404 unknown,
	 * 410 expired, 400 malformed id.
	 */
	private static final Set<Integer> RESTART = Set.of(400, 401, 403, 404, 410);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OkHttpClient http;

	private final HttpUrl publicUrl;

	private final KratosCalls calls;

	KratosBrowserFlows(KratosClients clients, MeterRegistry meters) {
		// the browser follows Kratos's redirects itself; the panel only reads flows
		this.http = clients.pub().getHttpClient().newBuilder().followRedirects(false).build();
		this.publicUrl = HttpUrl.get(clients.pub().getBasePath());
		this.calls = new KratosCalls(meters);
	}

	/**
	 * The flow with this id as the browser with these cookies may see it; empty when the
	 * flow is unknown, expired or not this browser's, so that the page restarts it.
	 * @param cookieHeader the browser's {@code Cookie} header (Kratos checks its CSRF
	 * cookie and, for settings, its session cookie), or {@code null}
	 */
	public Optional<SelfServiceFlow> flow(SelfServiceFlowType type, String id, String cookieHeader) {
		if (!isUuid(id)) {
			return Optional.empty();
		}
		HttpUrl url = this.publicUrl.newBuilder()
			.addPathSegments("self-service/" + type.path() + "/flows")
			.addQueryParameter("id", id)
			.build();
		Optional<String> body = get("get_" + type.path() + "_flow", url, cookieHeader);
		return body.map((json) -> parseFlow(type, json));
	}

	/** The error with this id; empty when Kratos no longer knows it. */
	public Optional<SelfServiceError> error(String id) {
		if (id == null || id.isBlank() || id.length() > 100) {
			return Optional.empty();
		}
		HttpUrl url = this.publicUrl.newBuilder()
			.addPathSegments("self-service/errors")
			.addQueryParameter("id", id)
			.build();
		return get("get_flow_error", url, null).map(KratosBrowserFlows::parseError);
	}

	private Optional<String> get(String operation, HttpUrl url, String cookieHeader) {
		Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json").get();
		if (cookieHeader != null && !cookieHeader.isBlank()) {
			request.header("Cookie", cookieHeader);
		}
		try {
			return Optional.of(this.calls.run(operation, () -> execute(request.build())));
		}
		catch (KratosRequestRejectedException ex) {
			if (RESTART.contains(ex.getStatus())) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private String execute(Request request) throws ApiException {
		try (Response response = this.http.newCall(request).execute()) {
			ResponseBody body = response.body();
			String text = (body != null) ? body.string() : "";
			if (!response.isSuccessful()) {
				throw new ApiException(response.code(), response.headers().toMultimap(), text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new ApiException(ex);
		}
	}

	/** Reads a flow as Kratos v1.3.1 sends it. */
	public static SelfServiceFlow parseFlow(SelfServiceFlowType type, String json) {
		try {
			JsonNode root = JSON.readTree(json);
			JsonNode ui = root.path("ui");
			if (!root.hasNonNull("id") || !ui.isObject()) {
				throw new KratosIncompatibleResponseException("Kratos's " + type.path() + " flow has no id or ui",
						null);
			}
			List<UiNode> nodes = new ArrayList<>();
			for (JsonNode node : ui.path("nodes")) {
				nodes.add(node(node));
			}
			return new SelfServiceFlow(root.path("id").asString(), type, text(root, "state"), text(ui, "action"),
					text(ui, "method"), nodes, messages(ui.path("messages")), text(root.path("identity"), "id"),
					recoveryFlowId(text(root, "request_url")));
		}
		catch (JacksonException ex) {
			throw new KratosIncompatibleResponseException(
					"Kratos's " + type.path() + " flow could not be read: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * The recovery flow of a recovery link
	 * ({@code …/self-service/recovery?flow=ID&token=…}), or null when the URL is no
	 * recovery link.
	 */
	static String recoveryFlowId(String requestUrl) {
		HttpUrl url = (requestUrl != null) ? HttpUrl.parse(requestUrl) : null;
		if (url == null || !url.encodedPath().endsWith("/self-service/recovery")) {
			return null;
		}
		String flow = url.queryParameter("flow");
		return isUuid(flow) ? flow : null;
	}

	/** Reads an error as Kratos v1.3.1 sends it. */
	public static SelfServiceError parseError(String json) {
		try {
			JsonNode error = JSON.readTree(json).path("error");
			return new SelfServiceError(error.path("code").asInt(500), text(error, "status"), text(error, "message"),
					text(error, "reason"));
		}
		catch (JacksonException ex) {
			throw new KratosIncompatibleResponseException(
					"Kratos's error could not be read: " + ex.getOriginalMessage(), ex);
		}
	}

	private static UiNode node(JsonNode node) {
		JsonNode attributes = node.path("attributes");
		JsonNode text = attributes.path("text");
		List<String> secrets = new ArrayList<>();
		for (JsonNode secret : text.path("context").path("secrets")) {
			secrets.add(secret.path("text").asString(""));
		}
		return new UiNode(text(node, "type"), text(node, "group"), text(attributes, "id"), text(attributes, "name"),
				text(attributes, "type"), value(attributes.path("value")), attributes.path("required").asBoolean(false),
				attributes.path("disabled").asBoolean(false), text(attributes, "autocomplete"),
				text(attributes, "pattern"), integer(attributes.path("maxlength")),
				text.isObject() ? text(text, "text") : null, secrets, text(attributes, "src"),
				integer(attributes.path("width")), integer(attributes.path("height")), text(attributes, "href"),
				attributes.path("title").isObject() ? text(attributes.path("title"), "text") : null,
				message(node.path("meta").path("label")), messages(node.path("messages")));
	}

	private static List<UiMessage> messages(JsonNode array) {
		List<UiMessage> messages = new ArrayList<>();
		for (JsonNode message : array) {
			messages.add(message(message));
		}
		return messages;
	}

	private static UiMessage message(JsonNode message) {
		if (!message.isObject()) {
			return null;
		}
		Map<String, String> context = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : message.path("context").properties()) {
			if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
				context.put(entry.getKey(), entry.getValue().asString());
			}
		}
		return new UiMessage(message.path("id").asLong(0), text(message, "text"), text(message, "type"), context);
	}

	private static String text(JsonNode parent, String field) {
		JsonNode value = parent.path(field);
		return (value.isNull() || value.isMissingNode()) ? null : value.asString();
	}

	/** Values are strings, numbers or booleans; a form field wants text. */
	private static String value(JsonNode value) {
		if (value.isNull() || value.isMissingNode() || value.isContainer()) {
			return null;
		}
		return value.asString();
	}

	private static Integer integer(JsonNode value) {
		return value.isNumber() ? value.asInt() : null;
	}

	private static boolean isUuid(String id) {
		if (id == null) {
			return false;
		}
		try {
			UUID.fromString(id);
			return id.length() == 36;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}

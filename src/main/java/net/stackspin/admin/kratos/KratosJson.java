package net.stackspin.admin.kratos;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain JSON over the generated client's OkHttp connection, for the calls whose generated
 * models do not fit Kratos v1.3.1 (kratos.md §2: enums that throw on unknown values,
 * required fields). Failures become {@link ApiException}s so that {@link KratosCalls}
 * translates them like every other call.
 */
final class KratosJson {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

	private final OkHttpClient http;

	private final HttpUrl base;

	KratosJson(ApiClient client) {
		this.http = client.getHttpClient();
		this.base = HttpUrl.get(client.getBasePath() + "/");
	}

	/** A JSON answer with its response headers (lower-case names). */
	record Answer(int status, JsonNode body, Map<String, List<String>> headers) {
	}

	Answer get(String path, Map<String, String> query, Map<String, String> headers) throws ApiException {
		return send("GET", path, query, headers, null);
	}

	Answer post(String path, Map<String, String> query, Map<String, String> headers, Object body) throws ApiException {
		return send("POST", path, query, headers, body);
	}

	Answer patch(String path, Object body) throws ApiException {
		return send("PATCH", path, Map.of(), Map.of(), body);
	}

	Answer delete(String path, Map<String, String> query) throws ApiException {
		return send("DELETE", path, query, Map.of(), null);
	}

	private Answer send(String method, String path, Map<String, String> query, Map<String, String> headers, Object body)
			throws ApiException {
		return exchange(method, path, query, headers, body, (status, text, responseHeaders) -> new Answer(status,
				text.isBlank() ? JSON.nullNode() : JSON.readTree(text), responseHeaders));
	}

	/** A list of identities with its response headers (lower-case names). */
	record Identities(List<IdentitySummary> identities, Map<String, List<String>> headers) {
	}

	/**
	 * {@code GET} of a list of identities, bound straight to the panel's records: the
	 * fields a list does not show (metadata, recovery addresses, ...) are skipped instead
	 * of built into a tree and copied.
	 */
	Identities getIdentities(String path, Map<String, ?> query) throws ApiException {
		return exchange("GET", path, query, Map.of(), null,
				(status, text, responseHeaders) -> new Identities(identities(text), responseHeaders));
	}

	/** A JSON array of Kratos identities as the panel lists them. */
	static List<IdentitySummary> identities(String json) {
		List<IdentitySummary> identities = new java.util.ArrayList<>();
		for (ListedIdentity identity : JSON.readValue(json, ListedIdentity[].class)) {
			identities.add(identity.summary());
		}
		return identities;
	}

	/** The fields of one of Kratos's identities that a list shows. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ListedIdentity(String id, @JsonProperty("schema_id") String schemaId, String state, JsonNode traits,
			@JsonProperty("verifiable_addresses") List<Address> verifiableAddresses,
			@JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
			@JsonProperty("metadata_admin") JsonNode metadataAdmin) {

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Address(boolean verified) {
		}

		IdentitySummary summary() {
			boolean verified = this.verifiableAddresses != null
					&& this.verifiableAddresses.stream().anyMatch(Address::verified);
			IdentityState identityState = "inactive".equals(this.state) ? IdentityState.INACTIVE : IdentityState.ACTIVE;
			return new IdentitySummary(this.id, this.schemaId, (this.traits != null) ? object(this.traits) : Map.of(),
					identityState, verified, instant(this.createdAt), instant(this.updatedAt),
					InvitationNote.of(this.metadataAdmin));
		}

	}

	@FunctionalInterface
	private interface Reader<T> {

		T read(int status, String text, Map<String, List<String>> headers);

	}

	private <T> T exchange(String method, String path, Map<String, ?> query, Map<String, String> headers, Object body,
			Reader<T> reader) throws ApiException {
		HttpUrl.Builder url = this.base.newBuilder();
		for (String segment : path.replaceFirst("^/", "").split("/")) {
			url.addPathSegment(segment);
		}
		// a list value repeats the parameter (Kratos's ids=a&ids=b)
		query.forEach((name, value) -> {
			if (value instanceof List<?> values) {
				values.forEach((one) -> url.addQueryParameter(name, String.valueOf(one)));
			}
			else {
				url.addQueryParameter(name, String.valueOf(value));
			}
		});
		Request.Builder request = new Request.Builder().url(url.build()).header("Accept", "application/json");
		headers.forEach(request::header);
		RequestBody payload = (body != null) ? RequestBody.create(JSON.writeValueAsString(body), APPLICATION_JSON)
				: null;
		request.method(method, payload);
		try (Response response = this.http.newCall(request.build()).execute()) {
			String text = (response.body() != null) ? response.body().string() : "";
			Map<String, List<String>> responseHeaders = lowerCase(response.headers().toMultimap());
			if (response.code() >= 400) {
				throw new ApiException(response.code(), responseHeaders, text);
			}
			return reader.read(response.code(), text, responseHeaders);
		}
		catch (IOException ex) {
			throw new ApiException(ex);
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
		java.util.Map<String, List<String>> result = new java.util.LinkedHashMap<>();
		headers.forEach((name, values) -> result.put(name.toLowerCase(java.util.Locale.ROOT), values));
		return result;
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isMissingNode() || value.isNull()) ? null : value.asString();
	}

	static java.time.Instant instant(JsonNode node, String field) {
		return instant(text(node, field));
	}

	/** Kratos's timestamp, or {@code null} for none (Go's zero time included). */
	static java.time.Instant instant(String value) {
		if (value == null || value.isBlank() || value.startsWith("0001-01-01")) {
			return null;
		}
		return Rfc3339.parse(value);
	}

	/** An identity of Kratos's JSON as the panel lists it. */
	static IdentitySummary summary(JsonNode identity) {
		return JSON.treeToValue(identity, ListedIdentity.class).summary();
	}

	/** A JSON object as nested maps and lists; anything else as an empty map. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> object(JsonNode node) {
		return node.isObject() ? (Map<String, Object>) plain(node) : Map.of();
	}

	/**
	 * A JSON value as maps, lists, strings, numbers and booleans. Walking the tree is
	 * several times cheaper than a data-binding round trip, which matters for a page of
	 * hundreds of identities.
	 */
	static Object plain(JsonNode node) {
		if (node.isObject()) {
			Map<String, Object> map = new java.util.LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				map.put(field.getKey(), plain(field.getValue()));
			}
			return map;
		}
		if (node.isArray()) {
			List<Object> list = new java.util.ArrayList<>(node.size());
			for (JsonNode item : node) {
				list.add(plain(item));
			}
			return list;
		}
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		return null;
	}

}

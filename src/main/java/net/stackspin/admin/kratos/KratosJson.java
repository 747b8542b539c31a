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
		HttpUrl.Builder url = this.base.newBuilder();
		for (String segment : path.replaceFirst("^/", "").split("/")) {
			url.addPathSegment(segment);
		}
		query.forEach(url::addQueryParameter);
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
			JsonNode json = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
			return new Answer(response.code(), json, responseHeaders);
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
		String value = text(node, field);
		if (value == null || value.isBlank() || value.startsWith("0001-01-01")) {
			return null;
		}
		return java.time.OffsetDateTime.parse(value).toInstant();
	}

}

package net.stackspin.admin.kratos;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import com.google.gson.JsonParseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import sh.ory.kratos.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one call to Kratos: times it per operation and translates the generated client's
 * failures into this package's exceptions, in one place.
 */
final class KratosCalls {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Kratos's reason for a transaction its database rolled back (ory/x sqlcon). */
	private static final String CONCURRENT_UPDATE = "concurrent update in another session";

	private static final int ATTEMPTS = 4;

	private final MeterRegistry meters;

	KratosCalls(MeterRegistry meters) {
		this.meters = meters;
	}

	@FunctionalInterface
	interface Call<T> {

		T run() throws ApiException;

	}

	<T> T run(String operation, Call<T> call) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "error";
		try {
			T result = withRetries(call);
			outcome = "success";
			return result;
		}
		catch (ApiException ex) {
			outcome = outcome(ex);
			if (concurrentUpdate(ex)) {
				throw new KratosUnavailableException("Kratos could not serialize " + operation
						+ " against concurrent updates, " + ATTEMPTS + " times", ex);
			}
			throw translate(operation, ex);
		}
		catch (JsonParseException | IllegalArgumentException ex) {
			outcome = "incompatible";
			throw new KratosIncompatibleResponseException(
					"Kratos's answer to " + operation + " could not be read: " + ex.getMessage(), ex);
		}
		finally {
			sample.stop(Timer.builder("stackspin.kratos.requests")
				.description("Calls from the panel to Kratos")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	/**
	 * Kratos answers 400 "Unable to serialize access due to a concurrent update in
	 * another session" when its database rolled back a transaction that collided with
	 * another (sqlite under concurrent writes, PostgreSQL serialization failures).
	 * Nothing was done, so the call is repeated, a few times, after a short random pause.
	 */
	private static <T> T withRetries(Call<T> call) throws ApiException {
		for (int attempt = 1;; attempt++) {
			try {
				return call.run();
			}
			catch (ApiException ex) {
				if (attempt >= ATTEMPTS || !concurrentUpdate(ex)) {
					throw ex;
				}
				pause(attempt);
			}
		}
	}

	static boolean concurrentUpdate(ApiException ex) {
		return ex.getCode() == 400 && ex.getResponseBody() != null && ex.getResponseBody().contains(CONCURRENT_UPDATE);
	}

	private static void pause(int attempt) throws ApiException {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt));
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new ApiException(interrupted);
		}
	}

	private static String outcome(ApiException ex) {
		int code = ex.getCode();
		if (code >= 500 && IdentitySchemaMissingException.schemaIdIn(reason(ex.getResponseBody())).isPresent()) {
			return "schema_missing";
		}
		if (code == 0 || code >= 500) {
			return "unavailable";
		}
		return (code == 404) ? "not_found" : "rejected";
	}

	/**
	 * Maps a failed call to a typed exception. 404 is left to callers that know what it
	 * means.
	 */
	static KratosException translate(String operation, ApiException ex) {
		int code = ex.getCode();
		if (code == 0) {
			String why = (ex.getCause() instanceof IOException io)
					? io.getClass().getSimpleName() + ": " + io.getMessage() : String.valueOf(ex.getMessage());
			return new KratosUnavailableException("Kratos did not answer " + operation + " (" + why + ")", ex);
		}
		if (code >= 500) {
			String reason = reason(ex.getResponseBody());
			var missingSchema = IdentitySchemaMissingException.schemaIdIn(reason);
			if (missingSchema.isPresent()) {
				// Kratos is up: one identity's schema is gone from its configuration
				return new IdentitySchemaMissingException(missingSchema.get(),
						"Kratos failed " + operation + ": " + reason, ex);
			}
			return new KratosUnavailableException(
					"Kratos failed " + operation + " with HTTP " + code + ": " + reason(ex.getResponseBody()), ex);
		}
		return new KratosRequestRejectedException(code, reason(ex.getResponseBody()));
	}

	/**
	 * Kratos's own explanation from an error body such as
	 * {@code {"error":{"reason":"...","message":"..."}}}, or a flow's first UI message.
	 */
	static String reason(String body) {
		if (body == null || body.isBlank()) {
			return "no reason given";
		}
		try {
			JsonNode root = JSON.readTree(body);
			JsonNode error = root.path("error");
			for (String field : new String[] { "reason", "message" }) {
				String text = error.path(field).asString("");
				if (!text.isBlank()) {
					return text;
				}
			}
			JsonNode messages = root.path("ui").path("messages");
			if (messages.isArray() && !messages.isEmpty()) {
				return messages.get(0).path("text").asString("");
			}
		}
		catch (RuntimeException ex) {
			// not JSON: fall through to a short excerpt
		}
		String trimmed = body.strip();
		return (trimmed.length() > 200) ? trimmed.substring(0, 200) + "…" : trimmed;
	}

}

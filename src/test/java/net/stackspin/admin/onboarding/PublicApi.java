package net.stackspin.admin.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user's app does with Kratos's public API as a native client (JSON, session
 * tokens): sign in from a given device, ask who it is, set up second factors in the
 * settings flow, use recovery codes.
 */
public final class PublicApi {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String publicUrl;

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	public PublicApi(String publicUrl) {
		this.publicUrl = publicUrl;
	}

	record Answer(int status, JsonNode json, String body, String location) {
	}

	/** Signs in with a password from a device; returns the session token. */
	public String signIn(String email, String password, String userAgent) {
		Answer flow = send("GET", "/self-service/login/api", null, null, userAgent);
		assertThat(flow.status()).as(flow.body()).isEqualTo(200);
		Answer login = send("POST", "/self-service/login?flow=" + flow.json().path("id").asString(), """
				{"method":"password","identifier":"%s","password":"%s"}""".formatted(email, password), null, userAgent);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.json().path("session_token").asString();
	}

	/**
	 * {@code GET /sessions/whoami}: 200 with the session, 401 revoked, 403 needs aal2.
	 */
	Answer whoami(String token) {
		return send("GET", "/sessions/whoami", null, token, null);
	}

	/**
	 * Sets up TOTP in the settings flow with a code computed from Kratos's secret, as an
	 * authenticator app would; returns the secret (base32) for computing later codes.
	 */
	public String enrolTotp(String token) {
		JsonNode flow = settingsFlow(token);
		String secret = null;
		for (JsonNode node : flow.path("ui").path("nodes")) {
			if ("totp_secret_key".equals(node.path("attributes").path("id").asString(""))) {
				secret = node.path("attributes").path("text").path("text").asString();
			}
		}
		assertThat(secret).as("TOTP secret in %s", flow).isNotBlank();
		String code = net.stackspin.admin.testing.Totp.code(secret, java.time.Instant.now());
		Answer saved = send("POST", "/self-service/settings?flow=" + flow.path("id").asString(), """
				{"method":"totp","totp_code":"%s"}""".formatted(code), token, null);
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().path("state").asString()).isEqualTo("success");
		return secret;
	}

	/**
	 * Generates and confirms backup (lookup) codes in the settings flow; returns the
	 * codes.
	 */
	public java.util.List<String> enrolLookupCodes(String token) {
		JsonNode flow = settingsFlow(token);
		String id = flow.path("id").asString();
		Answer generated = send("POST", "/self-service/settings?flow=" + id, """
				{"method":"lookup_secret","lookup_secret_regenerate":true}""", token, null);
		assertThat(generated.status()).as(generated.body()).isEqualTo(200);
		assertThat(generated.body()).contains("lookup_secret_codes");
		java.util.List<String> codes = new java.util.ArrayList<>();
		for (JsonNode node : generated.json().path("ui").path("nodes")) {
			if ("lookup_secret_codes".equals(node.path("attributes").path("id").asString(""))) {
				for (JsonNode secret : node.path("attributes").path("text").path("context").path("secrets")) {
					codes.add(secret.path("text").asString());
				}
			}
		}
		assertThat(codes).as("backup codes in %s", generated.body()).isNotEmpty();
		Answer confirmed = send("POST", "/self-service/settings?flow=" + id, """
				{"method":"lookup_secret","lookup_secret_confirm":true}""", token, null);
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(confirmed.json().path("state").asString()).isEqualTo("success");
		return codes;
	}

	/**
	 * Submits a recovery code in a flow (the id from the code's page or from the flow the
	 * e-mail belongs to).
	 */
	Answer submitRecoveryCode(String flowId, String code) {
		return send("POST", "/self-service/recovery?flow=" + flowId, """
				{"method":"code","code":"%s"}""".formatted(code), null, null);
	}

	JsonNode recoveryFlow(String flowId) {
		Answer flow = send("GET", "/self-service/recovery/flows?id=" + flowId, null, null, null);
		assertThat(flow.status()).as(flow.body()).isEqualTo(200);
		return flow.json();
	}

	private JsonNode settingsFlow(String token) {
		Answer flow = send("GET", "/self-service/settings/api", null, token, null);
		assertThat(flow.status()).as(flow.body()).isEqualTo(200);
		return flow.json();
	}

	Answer send(String method, String path, String json, String token, String userAgent) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.publicUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json");
		if (token != null) {
			request.header("X-Session-Token", token);
		}
		if (userAgent != null) {
			request.header("User-Agent", userAgent);
		}
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
			return new Answer(response.statusCode(), body, response.body(),
					response.headers().firstValue("location").orElse(""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

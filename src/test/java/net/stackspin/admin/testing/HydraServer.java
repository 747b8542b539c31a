package net.stackspin.admin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Ory Hydra v2.3.0 on free ports (in-memory sqlite), for the single sign-on tests,
 * with the small login-and-consent app every Hydra needs beside it. Kratos is the login
 * provider: the app's login endpoint sends Hydra's {@code login_challenge} on to Kratos's
 * browser login ({@code /self-service/login/browser}), and a Kratos with
 * {@code oauth2_provider.url} set to {@link #adminUrl()} accepts the challenge itself
 * ({@link #prepare()} picks the ports, Kratos starts, then {@link #start}). Consent is
 * granted for clients registered with {@code skip_consent} (others are refused), and
 * logout requests are accepted: what Stackspin's own login app does for its first-party
 * apps. Hydra's {@code urls.identity_provider.url} is Kratos's admin API, so Hydra's
 * sign-out ends the Kratos session too.
 *
 * <p>
 * The binary comes from {@code hydra/install.sh} (or {@code -Dhydra.bin} /
 * {@code HYDRA_BIN}); without it the tests fail, never skip.
 */
public final class HydraServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String publicUrl;

	private final String adminUrl;

	private final HttpServer app;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private volatile String kratosPublicUrl;

	private Process process;

	private HydraServer(String publicUrl, String adminUrl, HttpServer app) {
		this.publicUrl = publicUrl;
		this.adminUrl = adminUrl;
		this.app = app;
	}

	/**
	 * Picks Hydra's ports without starting it, so that Kratos can be started first with
	 * {@code oauth2_provider.url} = {@link #adminUrl()} (Kratos does not call Hydra until
	 * a login challenge comes).
	 */
	public static HydraServer prepare() {
		int publicPort = KratosServer.freePort();
		int adminPort = KratosServer.freePort();
		HttpServer app;
		try {
			app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new HydraServer("http://127.0.0.1:" + publicPort, "http://127.0.0.1:" + adminPort, app);
	}

	/**
	 * Starts Hydra and its login-and-consent app.
	 * @param kratos the Kratos that signs people in (its {@code oauth2_provider.url} must
	 * be {@link #adminUrl()})
	 */
	public HydraServer start(KratosServer kratos) {
		this.kratosPublicUrl = kratos.publicUrl();
		Path project = KratosServer.projectDir();
		Path binary = binary(project);
		String appUrl = "http://127.0.0.1:" + this.app.getAddress().getPort();
		ProcessBuilder builder = new ProcessBuilder(binary.toString(), "serve", "all", "--dev", "--sqa-opt-out");
		Map<String, String> env = builder.environment();
		env.put("DSN", "memory");
		env.put("SERVE_PUBLIC_HOST", "127.0.0.1");
		env.put("SERVE_PUBLIC_PORT", Integer.toString(URI.create(this.publicUrl).getPort()));
		env.put("SERVE_ADMIN_HOST", "127.0.0.1");
		env.put("SERVE_ADMIN_PORT", Integer.toString(URI.create(this.adminUrl).getPort()));
		env.put("URLS_SELF_ISSUER", this.publicUrl + "/");
		env.put("URLS_LOGIN", appUrl + "/login");
		env.put("URLS_CONSENT", appUrl + "/consent");
		env.put("URLS_LOGOUT", appUrl + "/logout");
		env.put("URLS_ERROR", appUrl + "/error");
		// Hydra's sign-out ends the Kratos session behind it
		env.put("URLS_IDENTITY_PROVIDER_URL", kratos.adminUrl());
		env.put("SECRETS_SYSTEM", "a-test-only-system-secret-" + Long.toHexString(System.nanoTime()));
		env.put("LOG_LEVEL", "warn");
		Path log = project.resolve("target/hydra-test.log");
		try {
			Files.createDirectories(log.getParent());
			this.process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			this.app.stop(0);
			throw new UncheckedIOException("Could not start " + binary, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::close, "hydra-stop"));
		try {
			awaitReady(log);
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
		this.app.createContext("/login", this::login);
		this.app.createContext("/consent", this::consent);
		this.app.createContext("/logout", this::logout);
		this.app.createContext("/error", this::error);
		this.app.createContext("/kratos-login", this::kratosLogin);
		this.app.start();
		return this;
	}

	/**
	 * The login app's page for Kratos's login flows: set it as Kratos's
	 * {@code selfservice.flows.login.ui_url} ({@code SELFSERVICE_FLOWS_LOGIN_UI_URL}).
	 */
	public String kratosLoginUiUrl() {
		return "http://127.0.0.1:" + this.app.getAddress().getPort() + "/kratos-login";
	}

	/** The issuer, with its trailing slash (as in the ID tokens). */
	public String issuer() {
		return this.publicUrl + "/";
	}

	public String publicUrl() {
		return this.publicUrl;
	}

	public String adminUrl() {
		return this.adminUrl;
	}

	/**
	 * Registers a confidential client that skips consent, with one redirect URI and one
	 * URI to return to after sign-out.
	 */
	public void createClient(String clientId, String secret, String redirectUri, String postLogoutRedirectUri) {
		String body = JSON.writeValueAsString(Map.of("client_id", clientId, "client_secret", secret, "grant_types",
				List.of("authorization_code", "refresh_token"), "response_types", List.of("code"), "scope", "openid",
				"redirect_uris", List.of(redirectUri), "post_logout_redirect_uris", List.of(postLogoutRedirectUri),
				"skip_consent", true, "skip_logout_consent", true, "token_endpoint_auth_method",
				"client_secret_basic"));
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.adminUrl + "/admin/clients"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		if (response.statusCode() != 201) {
			throw new IllegalStateException(
					"Hydra refused the client: " + response.statusCode() + " " + response.body());
		}
	}

	/** The subjects with a Hydra login session, by asking Hydra's admin API. */
	public JsonNode consentSessions(String subject) {
		return JSON.readTree(send(HttpRequest
			.newBuilder(URI.create(this.adminUrl + "/admin/oauth2/auth/sessions/consent?subject=" + encode(subject)))
			.GET()).body());
	}

	private void login(HttpExchange exchange) throws IOException {
		String challenge = query(exchange, "login_challenge");
		if (challenge == null) {
			respond(exchange, 400, "no login challenge");
			return;
		}
		redirect(exchange, this.kratosPublicUrl + "/self-service/login/browser?login_challenge=" + encode(challenge));
	}

	/**
	 * Kratos's login flow as a plain form (what Stackspin's login app shows): every input
	 * node, posting to Kratos. Kratos's cookies reach this page because browsers share
	 * cookies between ports of one host.
	 */
	private void kratosLogin(HttpExchange exchange) throws IOException {
		String flowId = query(exchange, "flow");
		HttpRequest.Builder get = HttpRequest
			.newBuilder(URI.create(this.kratosPublicUrl + "/self-service/login/flows?id=" + encode(flowId)))
			.header("Accept", "application/json")
			.GET();
		String cookie = exchange.getRequestHeaders().getFirst("Cookie");
		if (cookie != null) {
			get.header("Cookie", cookie);
		}
		HttpResponse<String> response = send(get);
		if (response.statusCode() != 200) {
			respond(exchange, 500, "Kratos answered " + response.statusCode() + ": " + response.body());
			return;
		}
		JsonNode ui = JSON.readTree(response.body()).path("ui");
		StringBuilder html = new StringBuilder(
				"<!DOCTYPE html><html lang=\"en\"><head><title>Sign in (test login app)</title></head><body>");
		html.append("<h1>Sign in (test login app)</h1>");
		for (JsonNode message : ui.path("messages")) {
			html.append("<p class=\"message\">").append(escape(message.path("text").asString())).append("</p>");
		}
		html.append("<form id=\"kratos-login\" method=\"post\" action=\"")
			.append(escape(ui.path("action").asString()))
			.append("\">");
		for (JsonNode node : ui.path("nodes")) {
			JsonNode attributes = node.path("attributes");
			if (!"input".equals(attributes.path("node_type").asString())) {
				continue;
			}
			String name = attributes.path("name").asString();
			String type = attributes.path("type").asString();
			String value = attributes.path("value").isMissingNode() || attributes.path("value").isNull() ? ""
					: attributes.path("value").asString();
			for (JsonNode message : node.path("messages")) {
				html.append("<p class=\"message\">").append(escape(message.path("text").asString())).append("</p>");
			}
			if ("submit".equals(type) || "button".equals(type)) {
				html.append("<button type=\"submit\" name=\"")
					.append(escape(name))
					.append("\" value=\"")
					.append(escape(value))
					.append("\" data-group=\"")
					.append(escape(node.path("group").asString()))
					.append("\">")
					.append(escape(node.path("meta").path("label").path("text").asString(name)))
					.append("</button>");
			}
			else {
				html.append("<input id=\"")
					.append(escape(name))
					.append("\" name=\"")
					.append(escape(name))
					.append("\" type=\"")
					.append(escape(type))
					.append("\" value=\"")
					.append(escape(value))
					.append("\">");
			}
		}
		html.append("</form></body></html>");
		byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private void consent(HttpExchange exchange) throws IOException {
		String challenge = query(exchange, "consent_challenge");
		JsonNode request = JSON.readTree(send(HttpRequest
			.newBuilder(URI
				.create(this.adminUrl + "/admin/oauth2/auth/requests/consent?consent_challenge=" + encode(challenge)))
			.GET()).body());
		if (!request.path("client").path("skip_consent").asBoolean(false)) {
			respond(exchange, 403, "this test app grants consent only to clients that skip it");
			return;
		}
		String accept = JSON.writeValueAsString(Map.of("grant_scope", request.path("requested_scope"),
				"grant_access_token_audience", request.path("requested_access_token_audience"), "remember", false));
		JsonNode accepted = JSON.readTree(send(HttpRequest
			.newBuilder(URI.create(this.adminUrl + "/admin/oauth2/auth/requests/consent/accept?consent_challenge="
					+ encode(challenge)))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(accept))).body());
		redirect(exchange, accepted.path("redirect_to").asString());
	}

	private void logout(HttpExchange exchange) throws IOException {
		String challenge = query(exchange, "logout_challenge");
		JsonNode accepted = JSON.readTree(send(HttpRequest
			.newBuilder(URI.create(
					this.adminUrl + "/admin/oauth2/auth/requests/logout/accept?logout_challenge=" + encode(challenge)))
			.PUT(HttpRequest.BodyPublishers.noBody())).body());
		redirect(exchange, accepted.path("redirect_to").asString());
	}

	private void error(HttpExchange exchange) throws IOException {
		respond(exchange, 200, "Hydra error: " + query(exchange, "error") + " " + query(exchange, "error_description"));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String query(HttpExchange exchange, String name) {
		String query = exchange.getRequestURI().getRawQuery();
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).equals(name)) {
				return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static void redirect(HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private static void respond(HttpExchange exchange, int status, String text) throws IOException {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private void awaitReady(Path log) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Hydra exited during start-up; see " + log + ":\n" + tail(log));
			}
			try {
				HttpResponse<String> ready = this.http
					.send(HttpRequest.newBuilder(URI.create(this.adminUrl + "/health/ready"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (ready.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("Hydra did not become ready within 90 s; see " + log + ":\n" + tail(log));
	}

	@Override
	public void close() {
		this.app.stop(0);
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Finds the Hydra binary: {@code -Dhydra.bin}, {@code HYDRA_BIN}, or
	 * hydra/install.sh's output (which builds it the first time).
	 */
	static Path binary(Path project) {
		String configured = System.getProperty("hydra.bin", System.getenv("HYDRA_BIN"));
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException(
						"hydra.bin / HYDRA_BIN points at " + path + ", which is not executable");
			}
			return path;
		}
		Path script = project.resolve("hydra/install.sh");
		List<String> output = new ArrayList<>();
		try {
			Process install = new ProcessBuilder("bash", script.toString())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			output.addAll(new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
			if (!install.waitFor(30, TimeUnit.MINUTES)) {
				install.destroyForcibly();
				throw new IllegalStateException(script + " took longer than 30 minutes");
			}
			if (install.exitValue() != 0 || output.isEmpty()) {
				throw new IllegalStateException(
						script + " failed (exit " + install.exitValue() + "); its messages are above. "
								+ "The single sign-on tests need the real Ory Hydra v2.3.0: install Go and gcc.");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run " + script + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + script, ex);
		}
		Path binary = Path.of(output.get(output.size() - 1).trim());
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException(script + " printed " + binary + ", which is not an executable file");
		}
		return binary;
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

}

package net.stackspin.admin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;

/**
 * One real Ory Kratos per test JVM, on free ports, with an in-memory sqlite database and
 * the project's own {@code kratos/kratos.yml} and identity schema: v1.3.1, or the version
 * {@code -Dkratos.version} / {@code KRATOS_VERSION} names ({@value #DEFAULT_VERSION} and
 * {@code v26.2.0} are the tested ones, README "Kratos versions").
 *
 * <p>
 * The binary comes from {@code kratos/install.sh} (run with that {@code KRATOS_VERSION}),
 * which this class runs when the binary is missing; {@code -Dkratos.bin} /
 * {@code KRATOS_BIN} names one instead. Where no binary can be built but a Docker engine
 * answers, {@link KratosContainer} runs {@code oryd/kratos:<version>} instead. Where
 * neither works the tests fail with a message saying how to get Kratos: they never skip.
 */
public final class KratosServer {

	/** The Kratos the tests run against unless told otherwise. */
	public static final String DEFAULT_VERSION = "v1.3.1";

	/**
	 * The Kratos version of this test JVM: {@code -Dkratos.version},
	 * {@code KRATOS_VERSION} or {@value #DEFAULT_VERSION}.
	 */
	public static final String VERSION = version();

	/**
	 * Extra identity schemas the tests may use, by id, from
	 * {@code src/test/resources/schemas}.
	 */
	public static final String EXTENDED_SCHEMA_ID = "extended";

	/**
	 * The identity schemas of other shapes in {@code src/test/resources/schemas/corpus},
	 * served by the test Kratos as {@code corpus-<file name>} (e.g.
	 * {@code corpus-username}).
	 */
	public static final String CORPUS_DIR = "src/test/resources/schemas/corpus";

	public static final String CORPUS_SCHEMA_PREFIX = "corpus-";

	/**
	 * More identity schemas the shared Kratos serves, each from
	 * {@code src/test/resources/schemas/<id>.schema.json}.
	 */
	public static final List<String> EXTRA_SCHEMA_IDS = List.of("names-username", "names-phone", "names-emails",
			"names-login");

	private static KratosServer shared;

	private final String adminUrl;

	private final String publicUrl;

	private final int smtpPort;

	private final int panelPort;

	private final Runnable stop;

	KratosServer(String adminUrl, String publicUrl, int smtpPort, int panelPort, Runnable stop) {
		this.adminUrl = adminUrl;
		this.publicUrl = publicUrl;
		this.smtpPort = smtpPort;
		this.panelPort = panelPort;
		this.stop = stop;
	}

	/**
	 * The Kratos of this test JVM, started on first use and stopped when the JVM exits.
	 */
	public static synchronized KratosServer shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared.stop, "kratos-stop"));
		}
		return shared;
	}

	/**
	 * A Kratos of its own with an empty database, for a test that must know every
	 * identity there is (e.g. "the last administrator"). Stopped by {@link #stop()} or
	 * when the JVM exits.
	 */
	public static KratosServer startIsolated() {
		KratosServer server = start();
		Runtime.getRuntime().addShutdownHook(new Thread(server.stop, "kratos-isolated-stop"));
		return server;
	}

	/**
	 * A Kratos of its own, like {@link #startIsolated()}, with some of its environment
	 * replaced (e.g. {@code DSN} for a database file that outlives it, so that a second
	 * Kratos with a changed {@code IDENTITY_SCHEMAS} finds the first one's identities). A
	 * {@code DSN} other than {@code memory} is migrated first. Needs the Kratos binary
	 * (no container fallback).
	 */
	public static KratosServer startIsolated(Map<String, String> environment) {
		Path project = projectDir();
		KratosServer server = startProcess(project, binary(project), freePort(), freePort(), environment);
		Runtime.getRuntime().addShutdownHook(new Thread(server.stop, "kratos-isolated-stop"));
		return server;
	}

	/** Stops this Kratos (only for {@link #startIsolated()} servers). */
	public void stop() {
		this.stop.run();
	}

	/** Base URL of the admin API, without a trailing slash. */
	public String adminUrl() {
		return this.adminUrl;
	}

	/** Base URL of the public API, without a trailing slash. */
	public String publicUrl() {
		return this.publicUrl;
	}

	/**
	 * The port on 127.0.0.1 to which Kratos's courier sends mail (a test SMTP server may
	 * listen).
	 */
	public int smtpPort() {
		return this.smtpPort;
	}

	/**
	 * The port, fixed for this test JVM, on which a panel serving the self-service pages
	 * must listen ({@code server.port}) for Kratos's browser flows to reach it: Kratos's
	 * {@code ui_url}s and return URLs point at {@link #panelUrl()}.
	 */
	public int panelPort() {
		return this.panelPort;
	}

	/**
	 * {@code http://127.0.0.1:<panelPort>}: the host of Kratos's public URL, so they
	 * share cookies.
	 */
	public String panelUrl() {
		return "http://127.0.0.1:" + this.panelPort;
	}

	private static KratosServer start() {
		Path project = projectDir();
		int smtpPort = freePort();
		int panelPort = freePort();
		String binaryProblem;
		try {
			Path binary = binary(project);
			return startProcess(project, binary, smtpPort, panelPort);
		}
		catch (RuntimeException ex) {
			binaryProblem = ex.getMessage();
		}
		if (dockerAvailable()) {
			return KratosContainer.start(project, smtpPort, panelPort);
		}
		throw new IllegalStateException("""
				No Kratos for the integration tests: %s
				These tests need the real Ory Kratos %s. Either install Go (1.26) and gcc and run \
				KRATOS_VERSION=%2$s kratos/install.sh (the tests run it themselves), or start a Docker \
				engine so that Testcontainers can run oryd/kratos:%2$s.""".formatted(binaryProblem, VERSION));
	}

	static Map<String, String> environment(Path project, String host, int publicPort, int adminPort, String schemaDir,
			String publicBaseUrl, String adminBaseUrl, int smtpPort, String smtpHost, int panelPort) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("DSN", "memory");
		// the configuration's "version" is only compared with the server's for a warning
		env.put("VERSION", VERSION);
		env.put("SERVE_PUBLIC_HOST", host);
		env.put("SERVE_PUBLIC_PORT", Integer.toString(publicPort));
		env.put("SERVE_PUBLIC_BASE_URL", publicBaseUrl + "/");
		env.put("SERVE_ADMIN_HOST", host);
		env.put("SERVE_ADMIN_PORT", Integer.toString(adminPort));
		env.put("SERVE_ADMIN_BASE_URL", adminBaseUrl + "/");
		StringBuilder schemas = new StringBuilder("""
				[{"id":"default","url":"file://%1$s/identity.schema.json"},\
				{"id":"%2$s","url":"file://%1$s/extended.schema.json"}""".formatted(schemaDir, EXTENDED_SCHEMA_ID));
		for (String id : corpusSchemaIds(project)) {
			schemas.append(",{\"id\":\"%2$s\",\"url\":\"file://%1$s/%2$s.schema.json\"}".formatted(schemaDir, id));
		}
		for (String id : EXTRA_SCHEMA_IDS) {
			schemas.append(",{\"id\":\"%2$s\",\"url\":\"file://%1$s/%2$s.schema.json\"}".formatted(schemaDir, id));
		}
		env.put("IDENTITY_SCHEMAS", schemas.append(']').toString());
		env.put("COURIER_SMTP_CONNECTION_URI",
				"smtp://%s:%d/?disable_starttls=true&skip_ssl_verify=true".formatted(smtpHost, smtpPort));
		env.put("LOG_LEVEL", "warning");
		// the browser flows' pages are the panel's own self-service pages on the fixed
		// panel port
		String panel = "http://127.0.0.1:" + panelPort;
		for (String flow : List.of("recovery", "verification", "settings", "login", "error", "registration")) {
			env.put("SELFSERVICE_FLOWS_" + flow.toUpperCase(java.util.Locale.ROOT) + "_UI_URL",
					panel + "/self-service/" + flow);
		}
		env.put("SELFSERVICE_DEFAULT_BROWSER_RETURN_URL", panel + "/self-service/settings");
		env.put("SELFSERVICE_ALLOWED_RETURN_URLS", "[\"" + panel + "\"]");
		return env;
	}

	private static KratosServer startProcess(Path project, Path binary, int smtpPort, int panelPort) {
		return startProcess(project, binary, smtpPort, panelPort, Map.of());
	}

	private static KratosServer startProcess(Path project, Path binary, int smtpPort, int panelPort,
			Map<String, String> overrides) {
		int publicPort = freePort();
		int adminPort = freePort();
		String publicUrl = "http://127.0.0.1:" + publicPort;
		String adminUrl = "http://127.0.0.1:" + adminPort;
		Path schemas = prepareSchemaDir(project);
		ProcessBuilder builder = new ProcessBuilder(binary.toString(), "serve", "-c",
				project.resolve("kratos/kratos.yml").toString(), "--dev", "--watch-courier", "--sqa-opt-out");
		builder.environment()
			.putAll(environment(project, "127.0.0.1", publicPort, adminPort, schemas.toString(), publicUrl, adminUrl,
					smtpPort, "127.0.0.1", panelPort));
		builder.environment().putAll(overrides);
		Path log = project.resolve("target/kratos-test.log");
		if (!"memory".equals(builder.environment().get("DSN"))) {
			migrate(project, binary, builder.environment(), log);
		}
		try {
			Files.createDirectories(log.getParent());
			builder.redirectErrorStream(true).redirectOutput(log.toFile());
			Process process = builder.start();
			Runnable stop = () -> {
				process.destroy();
				try {
					if (!process.waitFor(10, TimeUnit.SECONDS)) {
						process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			};
			try {
				awaitReady(adminUrl, process::isAlive, log);
			}
			catch (RuntimeException ex) {
				stop.run();
				throw ex;
			}
			return new KratosServer(adminUrl, publicUrl, smtpPort, panelPort, stop);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + binary, ex);
		}
	}

	/**
	 * The project's schema and the tests' extra schemas side by side, as Kratos loads
	 * them by file.
	 */
	static Path prepareSchemaDir(Path project) {
		try {
			Path dir = Files.createTempDirectory("kratos-schemas");
			Files.copy(project.resolve("kratos/identity.schema.json"), dir.resolve("identity.schema.json"));
			Files.copy(project.resolve("src/test/resources/schemas/extended.schema.json"),
					dir.resolve("extended.schema.json"));
			for (String id : corpusSchemaIds(project)) {
				Files.copy(corpusSchema(project, id), dir.resolve(id + ".schema.json"));
			}
			for (String id : EXTRA_SCHEMA_IDS) {
				Files.copy(project.resolve("src/test/resources/schemas/" + id + ".schema.json"),
						dir.resolve(id + ".schema.json"));
			}
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void migrate(Path project, Path binary, Map<String, String> environment, Path log) {
		ProcessBuilder migrate = new ProcessBuilder(binary.toString(), "migrate", "sql", "-e", "--yes", "-c",
				project.resolve("kratos/kratos.yml").toString());
		migrate.environment().putAll(environment);
		try {
			Files.createDirectories(log.getParent());
			Process process = migrate.redirectErrorStream(true).redirectOutput(log.toFile()).start();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("kratos migrate sql failed; see " + log + ":\n" + tail(log));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The ids of the corpus schemas, sorted: {@code corpus-<file name>}. */
	public static List<String> corpusSchemaIds(Path project) {
		try (var files = Files.list(project.resolve(CORPUS_DIR))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".schema.json"))
				.map((name) -> CORPUS_SCHEMA_PREFIX + name.substring(0, name.length() - ".schema.json".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The file of a corpus schema, by its id. */
	public static Path corpusSchema(Path project, String id) {
		return project.resolve(CORPUS_DIR).resolve(id.substring(CORPUS_SCHEMA_PREFIX.length()) + ".schema.json");
	}

	static void awaitReady(String adminUrl, java.util.function.BooleanSupplier alive, Path log) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			if (!alive.getAsBoolean()) {
				throw new IllegalStateException("Kratos exited during start-up; see " + log + ":\n" + tail(log));
			}
			if (ready(adminUrl)) {
				return;
			}
			sleep(200);
		}
		throw new IllegalStateException("Kratos did not become ready within 90 s; see " + log + ":\n" + tail(log));
	}

	private static boolean ready(String adminUrl) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(adminUrl + "/admin/health/ready")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(500);
			connection.setReadTimeout(2000);
			try {
				return connection.getResponseCode() == 200;
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String version() {
		String configured = System.getProperty("kratos.version", System.getenv("KRATOS_VERSION"));
		return (configured == null || configured.isBlank()) ? DEFAULT_VERSION : configured.strip();
	}

	/**
	 * Finds the Kratos binary: {@code -Dkratos.bin}, {@code KRATOS_BIN}, or
	 * kratos/install.sh's output for {@link #VERSION}.
	 */
	static Path binary(Path project) {
		String configured = System.getProperty("kratos.bin", System.getenv("KRATOS_BIN"));
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException(
						"kratos.bin / KRATOS_BIN points at " + path + ", which is not executable");
			}
			return path;
		}
		Path script = Path
			.of(System.getProperty("kratos.install.script", project.resolve("kratos/install.sh").toString()));
		List<String> output = new ArrayList<>();
		int exit;
		try {
			ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
				.redirectError(ProcessBuilder.Redirect.INHERIT);
			builder.environment().put("KRATOS_VERSION", VERSION);
			Process install = builder.start();
			output.addAll(new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
			if (!install.waitFor(20, TimeUnit.MINUTES)) {
				install.destroyForcibly();
				throw new IllegalStateException(script + " took longer than 20 minutes");
			}
			exit = install.exitValue();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run " + script + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + script, ex);
		}
		if (exit != 0 || output.isEmpty()) {
			throw new IllegalStateException(script + " failed (exit " + exit + "); its messages are above");
		}
		Path binary = Path.of(output.get(output.size() - 1).trim());
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException(script + " printed " + binary + ", which is not an executable file");
		}
		return binary;
	}

	static Path projectDir() {
		Path dir = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
		if (!Files.exists(dir.resolve("kratos/kratos.yml"))) {
			throw new IllegalStateException("run the tests from the project directory: no kratos/kratos.yml in " + dir);
		}
		return dir;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	/** A port that nothing listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

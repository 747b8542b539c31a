package net.stackspin.admin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Kratos of its own whose database (a sqlite file) outlives a restart, so a test can
 * start it with some identity schemas, create identities, and start it again with other
 * schemas on the same ports: what an operator does when removing a schema from Kratos's
 * configuration. Needs the Kratos binary (no container variant).
 */
public final class RestartableKratos implements AutoCloseable {

	private final Path project;

	private final Path binary;

	private final Path schemas;

	private final Path database;

	private final int publicPort = KratosServer.freePort();

	private final int adminPort = KratosServer.freePort();

	private final int smtpPort = KratosServer.freePort();

	private final int panelPort = KratosServer.freePort();

	private Process process;

	private RestartableKratos() {
		this.project = KratosServer.projectDir();
		this.binary = KratosServer.binary(this.project);
		this.schemas = KratosServer.prepareSchemaDir(this.project);
		try {
			this.database = Files.createTempDirectory("kratos-restartable").resolve("kratos.sqlite");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts Kratos with these identity schemas ({@code default} or one of
	 * {@link KratosServer#EXTRA_SCHEMA_IDS}) on an empty database.
	 */
	public static RestartableKratos start(List<String> schemaIds) {
		RestartableKratos kratos = new RestartableKratos();
		kratos.run(List.of("migrate", "sql", "-e", "--yes", "-c", kratos.config()), List.of());
		kratos.serve(schemaIds);
		return kratos;
	}

	/** Stops Kratos and starts it again, same ports and data, with these schemas only. */
	public void restart(List<String> schemaIds) {
		stop();
		serve(schemaIds);
	}

	public String adminUrl() {
		return "http://127.0.0.1:" + this.adminPort;
	}

	public String publicUrl() {
		return "http://127.0.0.1:" + this.publicPort;
	}

	@Override
	public void close() {
		stop();
	}

	private void serve(List<String> schemaIds) {
		this.process = run(List.of("serve", "-c", config(), "--dev", "--sqa-opt-out"), schemaIds);
		KratosServer.awaitReady(adminUrl(), this.process::isAlive, log());
	}

	private Process run(List<String> arguments, List<String> schemaIds) {
		ProcessBuilder builder = new ProcessBuilder(this.binary.toString());
		builder.command().addAll(arguments);
		Map<String, String> env = builder.environment();
		env.putAll(KratosServer.environment(this.project, "127.0.0.1", this.publicPort, this.adminPort,
				this.schemas.toString(), publicUrl(), adminUrl(), this.smtpPort, "127.0.0.1", this.panelPort));
		env.put("DSN", "sqlite://" + this.database + "?_fk=true&mode=rwc");
		if (!schemaIds.isEmpty()) {
			env.put("IDENTITY_SCHEMAS",
					schemaIds.stream()
						.map((id) -> "{\"id\":\"%s\",\"url\":\"file://%s/%s\"}".formatted(id, this.schemas,
								"default".equals(id) ? "identity.schema.json" : id + ".schema.json"))
						.collect(Collectors.joining(",", "[", "]")));
		}
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
		try {
			Process started = builder.start();
			if (schemaIds.isEmpty() && (!started.waitFor(2, TimeUnit.MINUTES) || started.exitValue() != 0)) {
				throw new IllegalStateException("kratos " + String.join(" ", arguments) + " failed; see " + log());
			}
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	private String config() {
		return this.project.resolve("kratos/kratos.yml").toString();
	}

	private Path log() {
		return this.project.resolve("target/kratos-restartable-test.log");
	}

}

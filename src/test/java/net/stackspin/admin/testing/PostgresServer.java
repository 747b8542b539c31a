package net.stackspin.admin.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real PostgreSQL per test JVM (Debian's {@code postgresql} package), as
 * {@link KratosServer} is for Kratos: {@code initdb} into a temporary directory, started
 * on a free port on 127.0.0.1 with trust authentication, stopped and deleted when the JVM
 * exits. PostgreSQL refuses to run as root, so as root its programs run as the
 * {@code postgres} user ({@code runuser}). Each test class takes a database of its own
 * ({@link #createDatabase}). {@link #stop()} and {@link #start()} let a test take it away
 * and bring it back on the same port. Without PostgreSQL the tests fail with the command
 * that installs it; they never skip.
 */
public final class PostgresServer {

	private static PostgresServer shared;

	private static final AtomicInteger databases = new AtomicInteger();

	private final Path binaries;

	private final Path directory;

	private final Path data;

	private final int port;

	private final boolean asPostgresUser;

	private PostgresServer(Path binaries, Path directory, int port, boolean asPostgresUser) {
		this.binaries = binaries;
		this.directory = directory;
		this.data = directory.resolve("data");
		this.port = port;
		this.asPostgresUser = asPostgresUser;
	}

	/** The PostgreSQL of this test JVM, started on first use. */
	public static synchronized PostgresServer shared() {
		if (shared == null) {
			PostgresServer server = create();
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete, "postgres-stop"));
			shared = server;
		}
		return shared;
	}

	public int port() {
		return this.port;
	}

	/** A new, empty database; its JDBC URL (user {@code postgres}, no password). */
	public String createDatabase(String prefix) {
		String name = (prefix + "_" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid())
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "_");
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create database " + name + ": " + ex.getMessage(), ex);
		}
		return jdbcUrl(name);
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	/**
	 * Starts (or restarts) the server on its port and waits until it accepts connections.
	 */
	public synchronized void start() {
		run(List.of(this.binaries.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-l",
				this.directory.resolve("server.log").toString(), "-w", "-t", "60", "-o",
				"-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 -c fsync=off"
						+ " -c full_page_writes=off -c max_connections=200",
				"start"));
	}

	/** Stops the server at once (open connections are cut), keeping its data. */
	public synchronized void stop() {
		run(List.of(this.binaries.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-m", "immediate", "-w",
				"stop"));
	}

	private void stopAndDelete() {
		try {
			stop();
		}
		catch (RuntimeException ex) {
			// already stopped
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temporary directory: the system cleans it eventually
		}
	}

	private static PostgresServer create() {
		Path binaries = binaries();
		boolean root = "root".equals(System.getProperty("user.name"));
		try {
			Path directory = Files.createTempDirectory("stackspin-admin-pg");
			PostgresServer server = new PostgresServer(binaries, directory, freePort(), root);
			if (root) {
				// the postgres user owns its directory; /tmp lets it through
				runAsIs(List.of("chown", "postgres", directory.toString()));
			}
			server.run(List.of(binaries.resolve("initdb").toString(), "-D", server.data.toString(), "-U", "postgres",
					"-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The newest installed PostgreSQL's programs. */
	private static Path binaries() {
		Path root = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(root)) {
			try (Stream<Path> versions = Files.list(root)) {
				Path newest = versions.filter((v) -> Files.isExecutable(v.resolve("bin/initdb")))
					.max(Comparator.comparingInt((v) -> version(v.getFileName().toString())))
					.orElse(null);
				if (newest != null) {
					return newest.resolve("bin");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw new IllegalStateException("PostgreSQL is needed for the audit store tests and was not found in " + root
				+ ": apt-get install postgresql (the tests never skip)");
	}

	private static int version(String name) {
		try {
			return Integer.parseInt(name);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private void run(List<String> command) {
		List<String> full = new ArrayList<>();
		if (this.asPostgresUser) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(command);
		runAsIs(full);
	}

	private static void runAsIs(List<String> command) {
		try {
			// output to a file, not a pipe: the server pg_ctl starts must not hold our
			// pipe
			Path output = Files.createTempFile("stackspin-admin-pg", ".log");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
					.start();
				if (!process.waitFor(90, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException("timed out: " + String.join(" ", command));
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
							+ "): " + Files.readString(output));
				}
			}
			finally {
				Files.deleteIfExists(output);
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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

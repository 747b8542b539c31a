package net.stackspin.admin.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Podman from the PATH and the panel's image built with it from {@code docker/Dockerfile}
 * on Debian-made base images ({@code docker/base-images.sh}), once per test JVM. Where
 * podman is missing or cannot run a container, the tests fail saying what to install:
 * they never skip.
 */
final class Podman {

	/** The image the tests build and run. */
	static final String IMAGE = "localhost/stackspin-admin:test";

	/**
	 * Every podman command runs with this OCI runtime: Debian's default, crun, cannot set
	 * up a container on every machine that runc can.
	 */
	static final String RUNTIME = "runc";

	private static final String INSTALL = "Install it (Debian: `apt-get install podman runc mmdebstrap`; .ci/run "
			+ "does, and writes /etc/containers/containers.conf with `default_ulimits = []` where the machine "
			+ "refuses raising resource limits), then run the tests again. See docs/deployment.md.";

	private static String built;

	/** Why the image could not be built, so the next test class fails at once. */
	private static String failure;

	private Podman() {
	}

	/** The image, built from the current sources on first use. */
	static synchronized String image() {
		if (failure != null) {
			fail(failure);
		}
		if (built == null) {
			failure = "the image could not be built; see the first test that tried";
			check();
			Path project = Tools.project();
			Tools.Result bases = run(project, Duration.ofMinutes(20), "bash", "docker/base-images.sh");
			if (bases.exitCode() != 0) {
				fail("docker/base-images.sh could not make the base images:\n" + tail(bases.output()));
			}
			String runtimeBase = lastLine(bases.output()).replaceFirst(".*RUNTIME_IMAGE=", "");
			Tools.Result trial = run(project, Duration.ofMinutes(2), "podman", "run", "--rm", "--runtime", RUNTIME,
					"--network", "host", runtimeBase, "true");
			if (trial.exitCode() != 0) {
				fail("podman cannot run a container here:\n" + tail(trial.output()) + "\n" + INSTALL);
			}
			List<String> command = new ArrayList<>(List.of("podman", "build", "--runtime", RUNTIME, "--layers",
					// Docker's image format: OCI's has no HEALTHCHECK
					"--format", "docker",
					// the build stage reaches Maven Central through the host's network
					"--network", "host"));
			command.addAll(List.of(lastLine(bases.output()).split(" ")));
			// the machine's CA certificates (Maven Central behind this network's TLS) and
			// its Maven repository, so the build stage downloads only what is new
			command.addAll(List.of("-v", "/etc/ssl/certs:/etc/ssl/certs:ro"));
			Path m2 = Path.of(System.getProperty("user.home"), ".m2");
			if (Files.isDirectory(m2)) {
				command.addAll(List.of("-v", m2 + ":/root/.m2"));
			}
			command.addAll(List.of("-f", "docker/Dockerfile", "-t", IMAGE, "."));
			Tools.Result build = run(project, Duration.ofMinutes(20), command.toArray(String[]::new));
			writeLog(project.resolve("target/container-image-build.log"), build.output());
			if (build.exitCode() != 0) {
				fail("podman build failed (target/container-image-build.log):\n" + tail(build.output()));
			}
			built = IMAGE;
			failure = null;
		}
		return built;
	}

	/** Fails with what to install when podman is missing or cannot run containers. */
	static void check() {
		Tools.Result version = tryRun(Tools.project(), Duration.ofSeconds(60), "podman", "--version");
		if (version == null) {
			fail("podman is not installed: the image tests build docker/Dockerfile and run it. " + INSTALL);
		}
		Tools.Result info = run(Tools.project(), Duration.ofSeconds(60), "podman", "info", "--format",
				"{{.Host.OCIRuntime.Name}}");
		if (info.exitCode() != 0) {
			fail("podman cannot run here (`podman info` failed):\n" + tail(info.output()) + "\n" + INSTALL);
		}
		Tools.Result runtime = tryRun(Tools.project(), Duration.ofSeconds(60), RUNTIME, "--version");
		if (runtime == null) {
			fail(RUNTIME + " is not installed. " + INSTALL);
		}
	}

	/**
	 * Runs podman with these arguments when this JVM exits, unless {@link #cancel} was
	 * called: what a test started must not outlive an interrupted run.
	 */
	static Thread atExit(String... args) {
		Thread hook = new Thread(() -> tryRun(Tools.project(), Duration.ofMinutes(2), args), "podman-cleanup");
		Runtime.getRuntime().addShutdownHook(hook);
		return hook;
	}

	static void cancel(Thread hook) {
		Runtime.getRuntime().removeShutdownHook(hook);
	}

	/** podman with these arguments; fails the test when it cannot be started. */
	static Tools.Result podman(Duration timeout, String... args) {
		List<String> command = new ArrayList<>(List.of("podman"));
		command.addAll(List.of(args));
		return run(Tools.project(), timeout, command.toArray(String[]::new));
	}

	static Tools.Result run(Path dir, Duration timeout, String... command) {
		Tools.Result result = tryRun(dir, timeout, command);
		if (result == null) {
			fail("could not start " + String.join(" ", command));
		}
		return result;
	}

	private static Tools.Result tryRun(Path dir, Duration timeout, String... command) {
		try {
			Path output = Files.createTempFile("podman", ".log");
			try {
				Process process = new ProcessBuilder(command).directory(dir.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
					.start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
							+ tail(Files.readString(output)));
				}
				return new Tools.Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String tail(String output) {
		List<String> lines = output.lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private static String lastLine(String output) {
		List<String> lines = output.strip().lines().toList();
		return lines.get(lines.size() - 1).strip();
	}

	private static void writeLog(Path log, String text) {
		try {
			Files.createDirectories(log.getParent());
			Files.writeString(log, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

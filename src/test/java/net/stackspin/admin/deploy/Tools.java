package net.stackspin.admin.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * The command-line tools the deployment tests run (helm, shellcheck, bash, kubectl),
 * found the way CI installs them. A missing tool fails the test with the command that
 * installs it: these checks never skip.
 */
final class Tools {

	private Tools() {
	}

	/** The project directory (Maven's basedir). */
	static Path project() {
		Path dir = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
		if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
			fail("run the tests from the project directory: no pom.xml in " + dir);
		}
		return dir;
	}

	/** Helm v3.22.0 as helm/install-helm.sh caches it, or {@code $HELM_BIN}. */
	static synchronized Path helm() {
		String override = System.getenv("HELM_BIN");
		Path helm;
		if (override != null && !override.isBlank()) {
			helm = Path.of(override);
		}
		else {
			String cache = System.getenv("XDG_CACHE_HOME");
			Path cacheRoot = (cache != null && !cache.isBlank()) ? Path.of(cache)
					: Path.of(System.getProperty("user.home"), ".cache");
			helm = cacheRoot.resolve("stackspin-admin/helm-v3.22.0/helm");
		}
		if (!Files.isExecutable(helm) && (override == null || override.isBlank())) {
			// like Kratos: build it once from its Go module (a few minutes), then it is
			// cached
			Result built = tryRun(project(), Map.of(), "bash", "helm/install-helm.sh");
			if (built == null || built.exitCode() != 0) {
				fail("Helm is not installed at " + helm + " and `bash helm/install-helm.sh` failed:\n"
						+ ((built != null) ? built.output() : "could not run bash"));
			}
		}
		if (!Files.isExecutable(helm)) {
			fail("Helm is not installed at " + helm + ". Run `bash helm/install-helm.sh` (builds Helm v3.22.0 "
					+ "from its Go module, a few minutes, once) and run the tests again.");
		}
		return helm;
	}

	/** shellcheck from the PATH. */
	static String shellcheck() {
		Result result = tryRun(project(), Map.of(), "shellcheck", "--version");
		if (result == null || result.exitCode() != 0) {
			fail("shellcheck is not installed. Install it (Debian: `apt-get install shellcheck`; .ci/run does) "
					+ "and run the tests again.");
		}
		return "shellcheck";
	}

	/** Output (stdout and stderr together) and exit code of a finished command. */
	record Result(int exitCode, String output) {
	}

	static Result run(Path dir, Map<String, String> env, String... command) {
		Result result = tryRun(dir, env, command);
		if (result == null) {
			fail("could not start " + String.join(" ", command));
		}
		return result;
	}

	/** Like {@link #run}, with {@code input} written to the command's standard input. */
	static Result runWithInput(Path dir, Map<String, String> env, String input, String... command) {
		Result result = tryRunWithInput(dir, env, input, command);
		if (result == null) {
			fail("could not start " + String.join(" ", command));
		}
		return result;
	}

	private static Result tryRun(Path dir, Map<String, String> env, String... command) {
		return tryRunWithInput(dir, env, null, command);
	}

	private static Result tryRunWithInput(Path dir, Map<String, String> env, String input, String... command) {
		ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
		builder.environment().putAll(env);
		try {
			Process process = builder.start();
			if (input == null) {
				process.getOutputStream().close();
			}
			else {
				// written from another thread, so a command that answers before it has
				// read everything cannot block us both
				Thread writer = new Thread(() -> {
					try (var in = process.getOutputStream()) {
						in.write(input.getBytes(StandardCharsets.UTF_8));
					}
					catch (IOException ex) {
						// the command stopped reading; its exit code tells
					}
				}, "stdin-writer");
				writer.setDaemon(true);
				writer.start();
			}
			byte[] out = process.getInputStream().readAllBytes();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail(String.join(" ", command) + " did not finish within 120 s");
			}
			return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Every file under {@code dir} whose name ends with {@code suffix}. */
	static List<Path> files(Path dir, String suffix) {
		try (var paths = Files.walk(dir)) {
			return new ArrayList<>(paths.filter((p) -> p.getFileName().toString().endsWith(suffix)).sorted().toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package net.stackspin.admin.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile and the compose file, checked by structure: multi-stage build on base
 * images that are build arguments (Temurin's by default), non-root runtime user, health
 * check, Class Data Sharing, no build tools in the runtime stage, and in compose the
 * one-shot migration before Kratos serves, ports on localhost only, and the project's own
 * Kratos configuration. {@link ContainerImageTests} builds the image and runs it.
 */
class DockerFilesTests {

	static final Path PROJECT = Tools.project();

	@Test
	void dockerfileWhenReadThenMultiStageNonRootWithHealthCheckAndJreOnlyRuntime() throws Exception {
		List<String> lines = instructions(Files.readAllLines(PROJECT.resolve("docker/Dockerfile")));
		List<String> froms = lines.stream().filter((l) -> l.startsWith("FROM ")).toList();
		assertThat(froms).containsExactly("FROM ${BUILD_IMAGE} AS build", "FROM ${RUNTIME_IMAGE} AS runtime");
		// a build without arguments (a cluster's) uses Temurin's images as before
		assertThat(lines.subList(0, lines.indexOf(froms.get(0))))
			.containsExactly("ARG BUILD_IMAGE=eclipse-temurin:17-jdk", "ARG RUNTIME_IMAGE=eclipse-temurin:17-jre");

		List<String> build = lines.subList(lines.indexOf(froms.get(0)), lines.indexOf(froms.get(1)));
		List<String> runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
		assertThat(build).anyMatch((l) -> l.startsWith("RUN ./mvnw") && l.contains(" package"));
		assertThat(build).anyMatch((l) -> l.contains("-Djarmode=tools") && l.contains("extract --layers"));

		// runtime: only the extracted layers and the health check script; no JDK, Maven
		// or sources
		assertThat(runtime).filteredOn((l) -> l.startsWith("COPY "))
			.allMatch((l) -> l.startsWith("COPY --from=build /src/extracted/") || l.contains("docker/healthcheck.sh")
					|| l.contains("docker/cds-training.sh"));
		assertThat(String.join("\n", runtime)).doesNotContain("mvnw", "apt-get", "maven", "gcc", "-jdk", "src/ ");
		String user = runtime.stream().filter((l) -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
		assertThat(user).doesNotContain("root").doesNotMatch("USER 0(:.*)?");
		assertThat(runtime).anyMatch((l) -> l.startsWith("HEALTHCHECK ") && l.contains("healthcheck.sh"));
		// the CDS training run makes the archive that the ENTRYPOINT maps; both start the
		// AOT-processed application with the same class path, else the archive misses its
		// classes or the JVM refuses it
		assertThat(runtime).anyMatch((l) -> l.startsWith("RUN /usr/local/bin/cds-training.sh /app/app.jsa"));
		String training = Files.readString(PROJECT.resolve("docker/cds-training.sh"));
		assertThat(training).contains("-XX:ArchiveClassesAtExit=\"$archive\"", "-Dspring.aot.enabled=true",
				"-jar /app/app.jar", "kill -TERM");
		assertThat(PROJECT.resolve("docker/cds-training.sh")).isExecutable();
		assertThat(runtime)
			.anyMatch((l) -> l.startsWith("ENTRYPOINT ") && l.contains("/app/app.jar") && l.contains("java.io.tmpdir")
					&& l.contains("-XX:SharedArchiveFile=/app/app.jsa") && l.contains("-Dspring.aot.enabled=true"));
		// C1 only: half the CPU of a start (docs/benchmarks.md)
		assertThat(runtime).anyMatch((l) -> l.contains("JAVA_TOOL_OPTIONS=") && l.contains("-XX:TieredStopAtLevel=1"));
		assertThat(runtime).anyMatch((l) -> l.startsWith("EXPOSE ") && l.contains("8090") && l.contains("8091"));
		// the build context (.) keeps secrets and build output out
		assertThat(Files.readAllLines(PROJECT.resolve(".dockerignore"))).contains(".git/", "target/", ".local/");
		assertThat(PROJECT.resolve("docker/healthcheck.sh")).isExecutable();
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeWhenParsedThenMigrationFirstLocalhostPortsAndProjectKratosConfig() throws Exception {
		// as Compose reads it with an empty environment: every ${NAME:-default} its
		// default
		Map<String, Object> compose = new Yaml()
			.load(Files.readString(PROJECT.resolve("docker/compose.yaml")).replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		assertThat(services).containsKeys("kratos-migrate", "kratos", "mailpit", "panel", "bootstrap-admin");

		Map<String, Object> migrate = services.get("kratos-migrate");
		Map<String, Object> kratos = services.get("kratos");
		assertThat(migrate.get("image")).isEqualTo("oryd/kratos:v1.3.1");
		assertThat(kratos.get("image")).isEqualTo("oryd/kratos:v1.3.1");
		assertThat((List<String>) migrate.get("command")).containsSubsequence("migrate", "sql");
		assertThat(migrate.get("restart")).isEqualTo("no");
		assertThat((List<String>) kratos.get("command")).startsWith("serve");
		assertThat((Map<String, Object>) kratos.get("depends_on")).containsEntry("kratos-migrate",
				Map.of("condition", "service_completed_successfully"));
		// both use the same database and the project's own configuration and identity
		// schema
		assertThat((List<String>) kratos.get("volumes")).contains("../kratos:/etc/config/kratos:ro");
		assertThat(migrate.get("volumes")).isEqualTo(kratos.get("volumes"));
		assertThat(((Map<String, Object>) kratos.get("environment")).get("DSN"))
			.isEqualTo(((Map<String, Object>) migrate.get("environment")).get("DSN"));
		assertThat(PROJECT.resolve("docker").resolve("../kratos/kratos.yml").normalize()).isRegularFile();
		assertThat(Files.readString(PROJECT.resolve("kratos/kratos.yml")))
			.contains("file:///etc/config/kratos/identity.schema.json");

		// every published port on localhost only; Kratos's admin API (4434) on
		// localhost:8000
		List<String> published = new ArrayList<>();
		services.values().forEach((s) -> published.addAll((List<String>) s.getOrDefault("ports", List.of())));
		assertThat(published).isNotEmpty().allMatch((p) -> p.startsWith("127.0.0.1:"));
		assertThat(published).contains("127.0.0.1:8000:4434", "127.0.0.1:8080:4433", "127.0.0.1:8090:8090");

		// the panel: built from the Dockerfile, read-only root with a tmpfs, pointed at
		// Kratos and the mail
		Map<String, Object> panel = services.get("panel");
		assertThat((Map<String, Object>) panel.get("build")).containsEntry("context", "..")
			.containsEntry("dockerfile", "docker/Dockerfile");
		assertThat(PROJECT.resolve("docker/Dockerfile")).isRegularFile();
		// a build without arguments uses the Dockerfile's default base images
		assertThat((Map<String, Object>) ((Map<String, Object>) panel.get("build")).get("args"))
			.containsEntry("BUILD_IMAGE", "eclipse-temurin:17-jdk")
			.containsEntry("RUNTIME_IMAGE", "eclipse-temurin:17-jre");
		assertThat(panel.get("image")).isEqualTo("stackspin-admin:local");
		assertThat(panel.get("read_only")).isEqualTo(true);
		assertThat((List<String>) panel.get("tmpfs")).contains("/tmp");
		assertThat((Map<String, Object>) panel.get("environment"))
			.containsEntry("STACKSPIN_KRATOS_ADMIN_URL", "http://kratos:4434")
			.containsEntry("SPRING_MAIL_HOST", "mailpit");

		// the first administrator is created on start, by the panel's own command
		Map<String, Object> bootstrap = services.get("bootstrap-admin");
		assertThat(bootstrap.get("image")).isEqualTo(panel.get("image"));
		assertThat((List<String>) bootstrap.get("command")).singleElement().asString().startsWith("--bootstrap-admin=");
		assertThat((String) bootstrap.get("restart")).startsWith("on-failure");
		assertThat(bootstrap).doesNotContainKey("ports");
	}

	/** Dockerfile lines joined across backslash continuations, comments dropped. */
	static List<String> instructions(List<String> lines) {
		List<String> result = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String raw : lines) {
			String line = raw.strip();
			if (line.startsWith("#") || line.isEmpty()) {
				continue;
			}
			if (line.endsWith("\\")) {
				current.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			result.add(current.append(line).toString());
			current.setLength(0);
		}
		return result;
	}

}

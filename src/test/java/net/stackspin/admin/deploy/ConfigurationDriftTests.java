package net.stackspin.admin.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static net.stackspin.admin.deploy.HelmChartTests.at;
import static net.stackspin.admin.deploy.HelmChartTests.list;
import static net.stackspin.admin.deploy.HelmChartTests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source for each setting: every {@code stackspin.*} property of a
 * {@code @ConfigurationProperties} record (as the configuration processor lists it in
 * {@code META-INF/spring-configuration-metadata.json}, with the default written in the
 * record) must have a row in the README's configuration table with the right environment
 * variable, default and Helm value, and a documented Helm value that really reaches the
 * property; and nothing may name a property that no record binds. Each failure says what
 * to add where.
 */
class ConfigurationDriftTests {

	/**
	 * Properties deliberately without a Helm value of their own (README's Helm column
	 * says {@code extraEnv}): tuning knobs with safe defaults, which an operator sets
	 * through the chart's {@code extraEnv} if ever needed. A property not listed here
	 * needs a Helm value.
	 */
	static final Map<String, String> NOT_IN_HELM = Map.ofEntries(
			// the panel's own cookie: nothing else in a cluster depends on its name
			Map.entry("stackspin.security.cookie-name", "the panel's own cookie name"),
			// schemas change only when Kratos is redeployed: a safe default, bounded by
			// KratosProperties
			Map.entry("stackspin.kratos.schema-cache-ttl", "tuning with a safe default"),
			// session checks: safe defaults, bounded by AuthProperties (at most 30 s)
			Map.entry("stackspin.security.session-check-interval", "tuning with a safe default"),
			Map.entry("stackspin.security.session-cache-size", "tuning with a safe default"),
			// single sign-on: the client secret comes from an existing Secret
			// (security.oidc.existingSecret); the rest are safe defaults, and the issuer
			// switches it on
			Map.entry("stackspin.security.oidc.client-secret", "from the Secret security.oidc.existingSecret"),
			Map.entry("stackspin.security.oidc.enabled", "on exactly when security.oidc.issuerUrl is set"),
			Map.entry("stackspin.security.oidc.scopes", "tuning with a safe default"),
			Map.entry("stackspin.security.oidc.session-lifetime", "tuning with a safe default"),
			// brute-force limits: safe defaults
			Map.entry("stackspin.security.sign-in-failures-per-email", "tuning with a safe default"),
			Map.entry("stackspin.security.sign-in-failures-per-client", "tuning with a safe default"),
			Map.entry("stackspin.security.sign-in-window", "tuning with a safe default"),
			// the audit database's credentials come from an existing Secret
			// (audit.existingSecret), never from a value
			Map.entry("stackspin.audit.database-username", "from the Secret audit.existingSecret"),
			Map.entry("stackspin.audit.database-password", "from the Secret audit.existingSecret"),
			// audit store tuning: safe defaults
			Map.entry("stackspin.audit.connection-timeout", "tuning with a safe default"),
			Map.entry("stackspin.audit.purge-cron", "tuning with a safe default"),
			// import pacing: safe defaults, bounded by ImportProperties
			Map.entry("stackspin.import.batch-size", "tuning with a safe default"),
			Map.entry("stackspin.import.lookup-parallelism", "tuning with a safe default"),
			Map.entry("stackspin.import.parallel-batches", "tuning with a safe default"),
			Map.entry("stackspin.import.invitations-per-second", "tuning with a safe default"));

	static final String README_SECTION = "## Configuration";

	static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

	static final Pattern PROPERTY_NAME = Pattern
		.compile("(?<![\\w.@/-])stackspin\\.[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)*");

	static Map<String, Property> properties;

	static Set<String> groups;

	static ReadmeTable readme;

	/** A {@code stackspin.*} property as the configuration processor describes it. */
	record Property(String name, String defaultValue, String description, String sourceType) {

		/** The README row that would document it, for failure messages. */
		String suggestedRow(String helmValue) {
			return "| `" + this.name + "` | `" + canonicalEnv(this.name) + "` | "
					+ ((this.defaultValue != null) ? "`" + this.defaultValue + "`" : "(what happens unset)") + " | "
					+ helmValue + " | " + ((this.description != null) ? capitalized(this.description)
							: "(what it does; also write it as the record's @param javadoc)")
					+ " |";
		}

	}

	@BeforeAll
	static void readMetadataAndReadme() throws IOException {
		properties = new TreeMap<>();
		groups = new TreeSet<>();
		JsonMapper json = JsonMapper.builder().build();
		for (URL url : Collections.list(ConfigurationDriftTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				JsonNode metadata = json.readTree(in);
				for (JsonNode group : metadata.path("groups")) {
					if (group.path("name").asString().startsWith("stackspin.")) {
						groups.add(group.path("name").asString());
						groups.add(group.path("sourceType").asString());
					}
				}
				for (JsonNode property : metadata.path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("stackspin.")) {
						JsonNode defaultValue = property.path("defaultValue");
						properties.put(name,
								new Property(name, defaultValue.isMissingNode() ? null : defaultValue.asString(),
										property.path("description").isMissingNode() ? null
												: property.path("description").asString(),
										property.path("sourceType").asString()));
					}
				}
			}
		}
		readme = ReadmeTable.read(Tools.project().resolve("README.md"));
	}

	@Test
	void metadataListsEveryConfigurationPropertiesRecord() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<String> records = new TreeSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("net.stackspin.admin")) {
			records.add(candidate.getBeanClassName());
		}
		assertThat(records).as("@ConfigurationProperties classes found").hasSizeGreaterThanOrEqualTo(5);
		assertThat(groups)
			.as("classes in META-INF/spring-configuration-metadata.json (written by "
					+ "spring-boot-configuration-processor at compile time; run ./mvnw compile)")
			.containsAll(records);
		assertThat(properties).as("stackspin.* properties in the metadata").hasSizeGreaterThan(15);
	}

	@Test
	void applicationYamlSetsNoStackspinProperty() throws IOException {
		Path yaml = Tools.project().resolve("src/main/resources/application.yaml");
		Map<String, Object> settings = new Yaml().load(Files.readString(yaml));
		assertThat(settings.containsKey("stackspin"))
			.as("src/main/resources/application.yaml must not set stackspin.* properties: a default belongs "
					+ "in its @ConfigurationProperties record (@DefaultValue) only, so it is written once; "
					+ "move it there and remove the stackspin: block")
			.isFalse();
	}

	@Test
	void everyPropertyHasAReadmeRowWithItsEnvironmentVariableAndDefault() {
		List<String> problems = new ArrayList<>();
		for (Property property : properties.values()) {
			String helm = NOT_IN_HELM.containsKey(property.name()) ? "`extraEnv`" : "`<values.yaml path>`";
			Map<String, String> row = readme.rows().get(property.name());
			if (row == null) {
				problems.add(property.name() + " (" + property.sourceType()
						+ ") has no row in README.md's \"Configuration\" table; add:\n    "
						+ property.suggestedRow(helm));
				continue;
			}
			String env = unticked(row.get("Environment variable"));
			if (env == null || !bindsTo(Map.of(env, "x"), property.name())) {
				problems.add("README.md row of " + property.name() + ": the environment variable `" + env
						+ "` does not set it; write `" + canonicalEnv(property.name()) + "`");
			}
			String documented = firstTicked(row.get("Default"));
			if (property.defaultValue() != null && !property.defaultValue().equals(documented)) {
				problems.add("README.md row of " + property.name() + ": the Default column says `" + documented
						+ "` but the record " + property.sourceType() + " has @DefaultValue(\""
						+ property.defaultValue() + "\"); make them the same");
			}
		}
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	void readmeNamesNoPropertyThatNothingBinds() throws IOException {
		List<String> problems = new ArrayList<>();
		for (String listed : readme.rows().keySet()) {
			if (listed.startsWith("stackspin.") && !properties.containsKey(listed)) {
				problems.add("README.md's Configuration table lists " + listed
						+ ", which no @ConfigurationProperties record binds: remove the row, or add the property "
						+ "to a record");
			}
		}
		for (String mentioned : mentionedProperties(Files.readString(Tools.project().resolve("README.md")))) {
			if (!properties.containsKey(mentioned) && !groups.contains(mentioned)) {
				problems.add("README.md mentions `" + mentioned + "`, which no @ConfigurationProperties record "
						+ "binds: correct the name or remove the mention");
			}
		}
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyPropertyOutsideTheAllowListHasADocumentedHelmValueThatSetsIt() throws IOException {
		Path valuesFile = HelmChartTests.CHART.resolve("values.yaml");
		List<String> valuesLines = Files.readAllLines(valuesFile);
		Map<String, Object> values = new Yaml().load(String.join("\n", valuesLines));
		List<String> problems = new ArrayList<>();
		Map<String, String> helmValues = new LinkedHashMap<>();
		for (Property property : properties.values()) {
			Map<String, String> row = readme.rows().get(property.name());
			String cell = (row != null) ? row.get("Helm value") : null;
			if (NOT_IN_HELM.containsKey(property.name())) {
				if (row != null && !"extraEnv".equals(unticked(cell))) {
					problems.add("README.md row of " + property.name()
							+ ": it is on ConfigurationDriftTests.NOT_IN_HELM, "
							+ "so its Helm value column should say `extraEnv` (or give it a Helm value and take it off "
							+ "the list)");
				}
				continue;
			}
			String path = unticked(cell);
			if (path == null || path.equals("extraEnv")) {
				problems.add(property.name() + " has no Helm value: add one to helm/stackspin-admin/values.yaml "
						+ "(with a `# --` comment that names " + property.name() + "), map it to "
						+ canonicalEnv(property.name()) + " in templates/configmap.yaml, set it in "
						+ "ci/all-options-values.yaml, and name it in README.md's Helm value column; or, if operators "
						+ "should not set it, add it with a reason to ConfigurationDriftTests.NOT_IN_HELM");
				continue;
			}
			if (!hasPath(values, path)) {
				problems.add("README.md names the Helm value `" + path + "` for " + property.name()
						+ ", but helm/stackspin-admin/values.yaml has no such key; add it (with a `# --` comment)");
				continue;
			}
			String comment = commentAbove(valuesLines, path);
			if (!comment.contains(property.name())) {
				problems.add("helm/stackspin-admin/values.yaml: the comment above `" + path + "` should name the "
						+ "property it sets, " + property.name() + " (e.g. \"(" + property.name() + ")\")");
			}
			helmValues.put(property.name(), path);
		}

		// render the chart once with a distinct marker in every one of those values: each
		// marker must arrive in the property it is meant for, through the pod's
		// environment
		List<String> command = new ArrayList<>(List.of("-f", HelmChartTests.ALL_OPTIONS));
		Map<String, String> markers = new HashMap<>();
		int n = 0;
		for (Map.Entry<String, String> entry : helmValues.entrySet()) {
			String marker = "drift-check-" + (++n);
			markers.put(entry.getKey(), marker);
			command.addAll(List.of("--set-string", entry.getValue() + "=" + marker));
		}
		Map<String, String> environment = podEnvironment(HelmChartTests.template(command.toArray(String[]::new)));
		Binder binder = binder(environment);
		markers.forEach((property, marker) -> {
			String bound = binder.bind(property, String.class).orElse(null);
			if (!marker.equals(bound)) {
				problems.add("the Helm value `" + helmValues.get(property) + "` does not reach " + property
						+ " (rendered with --set-string " + helmValues.get(property) + "=" + marker
						+ ", the pod's environment gives " + bound + "); map it to " + canonicalEnv(property)
						+ " in helm/stackspin-admin/templates/configmap.yaml");
			}
		});

		// and every STACKSPIN_* variable the chart sets is bound by some record
		for (String variable : environment.keySet()) {
			if (variable.startsWith("STACKSPIN_")
					&& properties.keySet().stream().noneMatch((name) -> bindsTo(Map.of(variable, "x"), name))) {
				problems.add("the chart sets " + variable + ", which no @ConfigurationProperties record binds: "
						+ "remove it from helm/stackspin-admin/templates, or add the property to a record");
			}
		}
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
		assertThat(markers).as("Helm values checked").hasSizeGreaterThan(10);
	}

	@Test
	void valuesFileNamesNoPropertyThatNothingBinds() throws IOException {
		String values = Files.readString(HelmChartTests.CHART.resolve("values.yaml"));
		Set<String> unknown = new TreeSet<>();
		Matcher matcher = PROPERTY_NAME.matcher(values);
		while (matcher.find()) {
			if (!properties.containsKey(matcher.group()) && !groups.contains(matcher.group())) {
				unknown.add(matcher.group());
			}
		}
		assertThat(unknown)
			.as("helm/stackspin-admin/values.yaml names properties that no @ConfigurationProperties record binds; "
					+ "correct the names")
			.isEmpty();
	}

	// ---- the pod's environment as the chart renders it

	/**
	 * The panel container's environment: the ConfigMap it loads, then its own env entries
	 * (literal values, and keys of the chart's Secrets and ConfigMaps).
	 */
	@SuppressWarnings("unchecked")
	static Map<String, String> podEnvironment(HelmChartTests.Manifests manifests) {
		Map<String, Object> container = list(map(map(map(manifests.one("Deployment"), "spec"), "template"), "spec"),
				"containers")
			.get(0);
		Map<String, String> environment = new LinkedHashMap<>();
		for (Map<String, Object> source : list(container, "envFrom")) {
			String name = (String) at(source, "configMapRef", "name");
			map(manifests.named("ConfigMap", name), "data")
				.forEach((key, value) -> environment.put(key, String.valueOf(value)));
		}
		for (Map<String, Object> variable : list(container, "env")) {
			String name = (String) variable.get("name");
			if (variable.containsKey("value")) {
				environment.put(name, String.valueOf(variable.get("value")));
				continue;
			}
			Map<String, Object> secretRef = (Map<String, Object>) at(variable, "valueFrom", "secretKeyRef");
			if (secretRef != null && manifests.kinds().contains("Secret")) {
				manifests.documents()
					.stream()
					.filter((d) -> "Secret".equals(d.get("kind"))
							&& secretRef.get("name").equals(at(d, "metadata", "name")))
					.findFirst()
					.ifPresent((secret) -> environment.put(name, new String(
							Base64.getDecoder().decode((String) map(secret, "data").get(secretRef.get("key"))))));
			}
		}
		return environment;
	}

	static Binder binder(Map<String, ?> environmentVariables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.copyOf(environmentVariables)));
		return Binder.get(environment);
	}

	/**
	 * Whether these environment variables set the property (Spring's relaxed binding).
	 */
	static boolean bindsTo(Map<String, String> variables, String property) {
		return binder(variables).bind(property, String.class).isBound();
	}

	/** The form Spring documents for environment variables: dots to _, dashes too. */
	static String canonicalEnv(String property) {
		return property.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
	}

	// ---- README and values.yaml text

	/**
	 * The rows of README's configuration table, by the property in their first column.
	 */
	record ReadmeTable(Map<String, Map<String, String>> rows) {

		static ReadmeTable read(Path readme) throws IOException {
			List<String> lines = Files.readAllLines(readme);
			int start = lines.indexOf(README_SECTION);
			assertThat(start).as("README.md has a \"%s\" section", README_SECTION).isNotNegative();
			List<String> header = null;
			Map<String, Map<String, String>> rows = new LinkedHashMap<>();
			for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
				String line = lines.get(i).strip();
				if (!line.startsWith("|")) {
					continue;
				}
				List<String> cells = cells(line);
				if (header == null) {
					header = cells;
					assertThat(header).as("columns of README.md's configuration table")
						.contains("Property", "Environment variable", "Default", "Helm value", "Meaning");
					continue;
				}
				if (cells.get(0).startsWith("---")) {
					continue;
				}
				Map<String, String> row = new LinkedHashMap<>();
				for (int c = 0; c < header.size() && c < cells.size(); c++) {
					row.put(header.get(c), cells.get(c));
				}
				String property = unticked(cells.get(0));
				if (property != null) {
					rows.put(property, row);
				}
			}
			assertThat(rows).as("rows of README.md's configuration table").isNotEmpty();
			return new ReadmeTable(rows);
		}

		private static List<String> cells(String line) {
			String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
			List<String> cells = new ArrayList<>();
			// a cell may contain an escaped pipe (\|)
			for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
				cells.add(cell.strip());
			}
			return cells;
		}

	}

	/** The cell's text if it is exactly one backticked literal, else null. */
	static String unticked(String cell) {
		if (cell == null) {
			return null;
		}
		Matcher matcher = Pattern.compile("`([^`]+)`").matcher(cell);
		return (matcher.matches()) ? matcher.group(1) : null;
	}

	/** The first backticked literal at the start of the cell, else the whole cell. */
	static String firstTicked(String cell) {
		if (cell == null) {
			return null;
		}
		Matcher matcher = Pattern.compile("`([^`]+)`.*").matcher(cell);
		return (matcher.matches()) ? matcher.group(1) : cell;
	}

	/**
	 * Every {@code stackspin.*} name written in backticks in this Markdown text (inline
	 * code on one line; fenced blocks left out).
	 */
	static Set<String> mentionedProperties(String text) {
		Set<String> names = new TreeSet<>();
		boolean fenced = false;
		for (String line : text.split("\n")) {
			if (line.strip().startsWith("```")) {
				fenced = !fenced;
				continue;
			}
			if (fenced) {
				continue;
			}
			Matcher ticked = BACKTICKED.matcher(line);
			while (ticked.find()) {
				Matcher name = PROPERTY_NAME.matcher(ticked.group(1));
				while (name.find()) {
					names.add(name.group());
				}
			}
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	static boolean hasPath(Map<String, Object> values, String path) {
		Object current = values;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
				return false;
			}
			current = ((Map<String, Object>) map).get(key);
		}
		return true;
	}

	/** The comment lines right above the key at this dotted path of values.yaml. */
	static String commentAbove(List<String> lines, String path) {
		int from = 0;
		int parentIndent = -1;
		int found = -1;
		for (String key : path.split("\\.")) {
			found = -1;
			int childIndent = -1;
			for (int i = from; i < lines.size(); i++) {
				String line = lines.get(i);
				if (line.isBlank() || line.strip().startsWith("#")) {
					continue;
				}
				int own = line.length() - line.stripLeading().length();
				if (own <= parentIndent) {
					break;
				}
				if (childIndent < 0) {
					childIndent = own;
				}
				if (own == childIndent && line.stripLeading().startsWith(key + ":")) {
					found = i;
					break;
				}
			}
			if (found < 0) {
				return "";
			}
			parentIndent = childIndent;
			from = found + 1;
		}
		StringBuilder comment = new StringBuilder();
		for (int i = found - 1; i >= 0 && lines.get(i).strip().startsWith("#"); i--) {
			comment.insert(0, lines.get(i).strip() + "\n");
		}
		return comment.toString();
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}

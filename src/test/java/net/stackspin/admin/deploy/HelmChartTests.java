package net.stackspin.admin.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart, checked the way an operator meets it: {@code helm lint} and
 * {@code helm template} with the defaults, with every option on
 * ({@code ci/all-options-values.yaml}) and with the example next to single-sign-on; the
 * rendered manifests are parsed and their safety-relevant parts asserted.
 */
class HelmChartTests {

	static final Path CHART = Tools.project().resolve("helm/stackspin-admin");

	static final String ALL_OPTIONS = "helm/stackspin-admin/ci/all-options-values.yaml";

	static final String EXAMPLE = "helm/examples/values-next-to-single-sign-on.yaml";

	@Test
	void lintWhenDefaultsAllOptionsOrExampleThenNoFailure() {
		for (List<String> values : List.of(List.<String>of(), List.of("-f", ALL_OPTIONS), List.of("-f", EXAMPLE))) {
			List<String> command = new ArrayList<>(
					List.of(Tools.helm().toString(), "lint", "--strict", "helm/stackspin-admin"));
			command.addAll(values);
			Tools.Result lint = Tools.run(Tools.project(), Map.of(), command.toArray(String[]::new));
			assertThat(lint.exitCode()).as(lint.output()).isZero();
			assertThat(lint.output()).contains("0 chart(s) failed");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void templateWhenDefaultsThenHardenedDeploymentWithProbesOnManagementPort() {
		Manifests manifests = template();
		Map<String, Object> deployment = manifests.one("Deployment");
		Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
		Map<String, Object> container = list(pod, "containers").get(0);

		assertThat(at(deployment, "spec", "replicas")).isEqualTo(1);
		assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("management");
		assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("management");
		assertThat(ports(container)).containsEntry("http", 8090).containsEntry("management", 8091);

		assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat((int) at(pod, "securityContext", "runAsUser")).isPositive();
		assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
		assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(at(container, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat((List<Object>) at(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
		assertThat(at(container, "resources", "requests", "memory")).isNotNull();
		assertThat(at(container, "resources", "limits", "memory")).isNotNull();
		// the read-only root file system needs a writable /tmp
		assertThat(list(container, "volumeMounts")).anySatisfy((mount) -> {
			assertThat(mount.get("mountPath")).isEqualTo("/tmp");
			assertThat(list(pod, "volumes")).anySatisfy((volume) -> {
				assertThat(volume.get("name")).isEqualTo(mount.get("name"));
				assertThat(volume).containsKey("emptyDir");
			});
		});

		Map<String, Object> settings = map(manifests.one("ConfigMap"), "data");
		// the services Stackspin's single-sign-on chart creates (docs/deployment.md)
		assertThat(settings).containsEntry("STACKSPIN_KRATOS_ADMIN_URL", "http://single-sign-on-kratos-admin:80")
			.containsEntry("STACKSPIN_KRATOS_PUBLIC_URL", "http://single-sign-on-kratos-public:80")
			.containsEntry("STACKSPIN_SELF_SERVICE_ENABLED", "false")
			.containsEntry("STACKSPIN_SECURITY_COOKIE_SECURE", "true")
			.containsEntry("SERVER_PORT", "8090")
			.containsEntry("MANAGEMENT_SERVER_PORT", "8091");

		assertThat(manifests.kinds()).contains("Deployment", "Service", "ConfigMap", "ServiceAccount")
			.doesNotContain("Ingress", "NetworkPolicy", "PodDisruptionBudget", "ServiceMonitor");
		// the only Secrets by default: the generated keys every replica shares for the
		// flash cookie and for CSRF tokens and device cookies
		Map<String, Object> flashKey = manifests.named("Secret", "t-stackspin-admin-flash-key");
		String key = new String(Base64.getDecoder().decode((String) at(flashKey, "data", "flash-key")));
		assertThat(Base64.getDecoder().decode(key)).hasSize(32);
		Map<String, Object> signingKey = manifests.named("Secret", "t-stackspin-admin-signing-key");
		String signing = new String(Base64.getDecoder().decode((String) at(signingKey, "data", "signing-key")));
		assertThat(Base64.getDecoder().decode(signing)).hasSize(32);
		assertThat(manifests.kinds().stream().filter("Secret"::equals)).hasSize(2);
		// forwarded headers believed from nobody unless the operator names the ingress
		assertThat(settings).containsEntry("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES", "");
		Map<String, Object> panel = list(map(map(map(manifests.one("Deployment"), "spec"), "template"), "spec"),
				"containers")
			.get(0);
		assertThat(at(env(panel, "STACKSPIN_SECURITY_FLASH_KEY"), "valueFrom", "secretKeyRef", "name"))
			.isEqualTo("t-stackspin-admin-flash-key");
		assertThat(at(env(panel, "STACKSPIN_SECURITY_SIGNING_KEY"), "valueFrom", "secretKeyRef", "name"))
			.isEqualTo("t-stackspin-admin-signing-key");
	}

	@Test
	@SuppressWarnings("unchecked")
	void templateWhenAllOptionsThenEveryObjectRenderedAndCredentialsOnlyInSecret() {
		Manifests manifests = template("-f", ALL_OPTIONS);
		assertThat(manifests.kinds()).contains("Deployment", "Service", "ConfigMap", "Secret", "Ingress",
				"NetworkPolicy", "PodDisruptionBudget", "ServiceMonitor", "ServiceAccount");
		Map<String, Object> deployment = manifests.one("Deployment");
		assertThat(at(deployment, "spec", "replicas")).isEqualTo(3);

		// credentials: base64 in the Secret, referenced by the Deployment, nowhere else
		String password = "not-a-real-password-ci-only";
		Map<String, Object> secret = manifests.named("Secret", "t-stackspin-admin-smtp");
		assertThat(new String(Base64.getDecoder().decode((String) at(secret, "data", "smtp-password"))))
			.isEqualTo(password);
		assertThat(manifests.text()).doesNotContain(password);
		Map<String, Object> settings = map(manifests.one("ConfigMap"), "data");
		assertThat(settings.keySet()).noneMatch((key) -> key.contains("PASSWORD") || key.contains("USERNAME"));
		assertThat(settings.values()).noneMatch((value) -> String.valueOf(value).contains("panel@example.org"));
		assertThat(settings).containsEntry("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES", "10.42.0.0/16")
			.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
			.containsEntry("SPRING_MAIL_HOST", "smtp.example.org");
		Map<String, Object> container = list(map(map(map(deployment, "spec"), "template"), "spec"), "containers")
			.get(0);
		assertThat(env(container, "SPRING_MAIL_PASSWORD")).containsEntry("valueFrom",
				Map.of("secretKeyRef", Map.of("name", "t-stackspin-admin-smtp", "key", "smtp-password")));

		// the ingress serves the pages over TLS and never routes the management port
		Map<String, Object> ingress = manifests.one("Ingress");
		assertThat(list(map(ingress, "spec"), "tls").get(0)).containsEntry("secretName", "stackspin-admin-tls");
		assertThat(manifests.text()).contains("admin.stackspin.example.org");
		assertThat(at(ingress, "spec", "rules")).asString().contains("name=http").doesNotContain("management");

		// Prometheus scrapes the management port
		Map<String, Object> endpoint = list(map(manifests.one("ServiceMonitor"), "spec"), "endpoints").get(0);
		assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
		assertThat(ports(map(manifests.one("Service"), "spec"))).containsEntry("management", 8091);

		assertThat(at(manifests.one("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
		assertThat((List<Object>) at(manifests.one("NetworkPolicy"), "spec", "policyTypes")).containsExactly("Ingress",
				"Egress");
	}

	@Test
	void templateWhenExistingSecretThenNoSecretRenderedAndItIsReferenced() {
		Manifests manifests = template("-f", EXAMPLE);
		assertThat(manifests.documents())
			.noneMatch((d) -> "Secret".equals(d.get("kind")) && String.valueOf(d.get("metadata")).contains("smtp"));
		Map<String, Object> container = list(map(map(map(manifests.one("Deployment"), "spec"), "template"), "spec"),
				"containers")
			.get(0);
		assertThat(at(env(container, "SPRING_MAIL_USERNAME"), "valueFrom", "secretKeyRef", "name"))
			.isEqualTo("stackspin-admin-smtp");
		assertThat(map(manifests.one("ConfigMap"), "data")).containsEntry("STACKSPIN_SELF_SERVICE_ENABLED", "false");
	}

	@Test
	void configMapWhenReadAsEnvironmentVariablesThenSetsThePanelsProperties() {
		Map<String, Object> settings = map(template("-f", ALL_OPTIONS).one("ConfigMap"), "data");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("configmap-systemEnvironment", settings));
		Binder binder = Binder.get(environment);
		Map<String, String> expected = Map.ofEntries(Map.entry("server.port", "8090"),
				Map.entry("management.server.port", "8091"), Map.entry("server.forward-headers-strategy", "native"),
				Map.entry("server.tomcat.remoteip.internal-proxies", "10.42.0.0/16"),
				Map.entry("stackspin.kratos.admin-url",
						"http://single-sign-on-kratos-admin.stackspin.svc.cluster.local:80"),
				Map.entry("stackspin.kratos.public-url",
						"http://single-sign-on-kratos-public.stackspin.svc.cluster.local:80"),
				Map.entry("stackspin.kratos.connect-timeout", "2s"), Map.entry("stackspin.kratos.read-timeout", "10s"),
				Map.entry("stackspin.security.cookie-secure", "true"),
				Map.entry("stackspin.security.second-factor", "required-for-admins"),
				Map.entry("stackspin.security.sso.enabled", "true"),
				Map.entry("stackspin.security.sso.cookie-name", "stackspin_kratos_session"),
				Map.entry("stackspin.security.oidc.issuer-url", "https://sso.stackspin.example.org/"),
				Map.entry("stackspin.security.oidc.client-id", "stackspin-admin"),
				Map.entry("stackspin.self-service.enabled", "true"),
				Map.entry("stackspin.self-service.kratos-browser-url", "https://sso.stackspin.example.org/kratos"),
				Map.entry("stackspin.bootstrap.recovery-link-lifetime", "2h"),
				Map.entry("stackspin.import.max-file-size", "5MB"), Map.entry("stackspin.import.max-rows", "5000"),
				Map.entry("logging.structured.format.console", "ecs"),
				Map.entry("logging.level.net.stackspin.admin", "DEBUG"),
				Map.entry("spring.mail.host", "smtp.example.org"), Map.entry("spring.mail.port", "587"),
				Map.entry("stackspin.onboarding.mail-from", "admin@example.org"),
				Map.entry("stackspin.onboarding.language", "nl"),
				Map.entry("stackspin.onboarding.invitation-lifetime", "3d"),
				Map.entry("stackspin.ui.default-language", "nl"),
				Map.entry("stackspin.ui.time-zone", "Europe/Amsterdam"),
				Map.entry("stackspin.audit.database-url",
						"jdbc:postgresql://postgresql.stackspin.svc.cluster.local:5432/stackspin_admin"),
				Map.entry("stackspin.audit.retention", "730d"), Map.entry("stackspin.deployment.replicas", "3"));
		expected.forEach((property, value) -> assertThat(binder.bind(property, String.class).orElse(null)).as(property)
			.isEqualTo(value));
		assertThat(binder.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class)).get())
			.containsEntry("mail.smtp.starttls.enable", "true");
		// every key of the ConfigMap is one of the above
		assertThat(settings).hasSize(expected.size() + 1);
	}

	@Test
	void auditDatabaseWhenSetThenUrlInConfigMapCredentialsFromTheExistingSecretAndEgressAllowed() {
		Manifests withDatabase = template("--set", "audit.databaseUrl=jdbc:postgresql://pg:5432/admin", "--set",
				"audit.existingSecret=admin-db", "--set", "audit.usernameKey=user", "--set",
				"networkPolicy.enabled=true");
		assertThat(map(withDatabase.one("ConfigMap"), "data")).containsEntry("STACKSPIN_AUDIT_DATABASE_URL",
				"jdbc:postgresql://pg:5432/admin");
		Map<String, Object> container = list(map(map(map(withDatabase.one("Deployment"), "spec"), "template"), "spec"),
				"containers")
			.get(0);
		assertThat(at(env(container, "STACKSPIN_AUDIT_DATABASE_USERNAME"), "valueFrom", "secretKeyRef"))
			.isEqualTo(Map.of("name", "admin-db", "key", "user"));
		assertThat(at(env(container, "STACKSPIN_AUDIT_DATABASE_PASSWORD"), "valueFrom", "secretKeyRef"))
			.isEqualTo(Map.of("name", "admin-db", "key", "password"));
		// the Secret is the operator's: the chart never creates it
		assertThat(withDatabase.documents())
			.noneMatch((d) -> "Secret".equals(d.get("kind")) && String.valueOf(d.get("metadata")).contains("admin-db"));
		assertThat(list(map(withDatabase.one("NetworkPolicy"), "spec"), "egress").toString()).contains("port=5432");

		// the default release: events in the log only, no credentials, no egress to a
		// database
		Manifests byDefault = template("--set", "networkPolicy.enabled=true");
		assertThat(map(byDefault.one("ConfigMap"), "data")).doesNotContainKey("STACKSPIN_AUDIT_DATABASE_URL");
		assertThat(byDefault.text()).doesNotContain("STACKSPIN_AUDIT_DATABASE_USERNAME").doesNotContain("5432");
	}

	@Test
	void oidcWhenSetThenIssuerAndClientInConfigMapSecretFromTheExistingSecretAndEgressAllowed() {
		Manifests withOidc = template("--set", "security.oidc.issuerUrl=https://sso.example.org/", "--set",
				"security.oidc.clientId=admin-panel", "--set", "security.oidc.existingSecret=admin-oidc", "--set",
				"networkPolicy.enabled=true");
		assertThat(map(withOidc.one("ConfigMap"), "data"))
			.containsEntry("STACKSPIN_SECURITY_OIDC_ISSUER_URL", "https://sso.example.org/")
			.containsEntry("STACKSPIN_SECURITY_OIDC_CLIENT_ID", "admin-panel");
		Map<String, Object> container = list(map(map(map(withOidc.one("Deployment"), "spec"), "template"), "spec"),
				"containers")
			.get(0);
		assertThat(at(env(container, "STACKSPIN_SECURITY_OIDC_CLIENT_SECRET"), "valueFrom", "secretKeyRef"))
			.isEqualTo(Map.of("name", "admin-oidc", "key", "client-secret"));
		assertThat(withOidc.documents()).noneMatch(
				(d) -> "Secret".equals(d.get("kind")) && String.valueOf(d.get("metadata")).contains("admin-oidc"));
		assertThat(list(map(withOidc.one("NetworkPolicy"), "spec"), "egress").toString()).contains("port=443");

		// off by default: no settings, no secret, no egress
		Manifests byDefault = template("--set", "networkPolicy.enabled=true");
		assertThat(byDefault.text()).doesNotContain("STACKSPIN_SECURITY_OIDC").doesNotContain("port: 443\n");

		// an issuer without the client's secret is refused at render time
		Tools.Result refused = Tools.run(Tools.project(), Map.of(), Tools.helm().toString(), "template", "t",
				CHART.toString(), "--set", "security.oidc.issuerUrl=https://sso.example.org/", "--set",
				"security.oidc.clientId=admin-panel");
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.output()).contains("security.oidc.existingSecret");
	}

	@Test
	void templateWhenSelfServiceOnWithoutBrowserUrlThenRefusedWithTheValueToSet() {
		// browsers cannot reach kratos.publicUrl (an in-cluster address): the pages would
		// send
		// them there
		Tools.Result rendered = Tools.run(Tools.project(), Map.of(), Tools.helm().toString(), "template", "t",
				"helm/stackspin-admin", "--set", "selfService.enabled=true");
		assertThat(rendered.exitCode()).isNotZero();
		assertThat(rendered.output()).contains("selfService.enabled needs selfService.kratosBrowserUrl");

		Map<String, Object> settings = map(template("--set", "selfService.enabled=true", "--set",
				"selfService.kratosBrowserUrl=https://sso.example.org/kratos")
			.one("ConfigMap"), "data");
		assertThat(settings).containsEntry("STACKSPIN_SELF_SERVICE_ENABLED", "true")
			.containsEntry("STACKSPIN_SELF_SERVICE_KRATOS_BROWSER_URL", "https://sso.example.org/kratos");
	}

	@Test
	void templateWhenSeveralReplicasWithoutASharedPostgresStoreThenRefusedWithTheValuesToSet() {
		// without the PostgreSQL advisory lock two replicas lose saves
		// (docs/deployment.md)
		for (List<String> values : List.of(List.of("--set", "replicaCount=2"),
				List.of("--set", "replicaCount=3", "--set", "audit.databaseUrl=jdbc:h2:file:/tmp/audit"),
				List.of("-f", EXAMPLE, "--set", "audit.databaseUrl="))) {
			List<String> command = new ArrayList<>(
					List.of(Tools.helm().toString(), "template", "t", "helm/stackspin-admin"));
			command.addAll(values);
			Tools.Result rendered = Tools.run(Tools.project(), Map.of(), command.toArray(String[]::new));
			assertThat(rendered.exitCode()).as("%s: %s", values, rendered.output()).isNotZero();
			assertThat(rendered.output()).as("%s", values)
				.contains("needs a shared PostgreSQL audit store")
				.contains("audit.databaseUrl")
				.contains("replicaCount: 1");
		}

		// one replica needs nothing; several with PostgreSQL are told how many they are
		assertThat(map(template().one("ConfigMap"), "data")).containsEntry("STACKSPIN_DEPLOYMENT_REPLICAS", "1");
		Manifests shared = template("--set", "replicaCount=2", "--set",
				"audit.databaseUrl=jdbc:postgresql://pg:5432/admin");
		assertThat(at(shared.one("Deployment"), "spec", "replicas")).isEqualTo(2);
		assertThat(map(shared.one("ConfigMap"), "data")).containsEntry("STACKSPIN_DEPLOYMENT_REPLICAS", "2");
	}

	@Test
	void exampleWhenRenderedThenTwoReplicasShareAPostgresStoreWithCredentialsFromASecret() {
		Manifests example = template("-f", EXAMPLE);
		assertThat(at(example.one("Deployment"), "spec", "replicas")).isEqualTo(2);
		Map<String, Object> settings = map(example.one("ConfigMap"), "data");
		assertThat(settings).containsEntry("STACKSPIN_DEPLOYMENT_REPLICAS", "2");
		assertThat((String) settings.get("STACKSPIN_AUDIT_DATABASE_URL")).startsWith("jdbc:postgresql://");
		Map<String, Object> container = list(map(map(map(example.one("Deployment"), "spec"), "template"), "spec"),
				"containers")
			.get(0);
		assertThat(at(env(container, "STACKSPIN_AUDIT_DATABASE_PASSWORD"), "valueFrom", "secretKeyRef", "name"))
			.isEqualTo("stackspin-admin-audit-db");
		assertThat(at(example.one("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
	}

	@Test
	void notesTellHowToCreateTheFirstAdministratorWithTheImagesJar() throws Exception {
		String notes = Files.readString(CHART.resolve("templates/NOTES.txt"));
		assertThat(notes).contains("kubectl", "exec", "java", "-jar /app/app.jar", "--bootstrap-admin=");
		// the path in the notes is where the image puts the application
		assertThat(Files.readString(Tools.project().resolve("docker/Dockerfile"))).contains("/app/app.jar");
	}

	@Test
	void notesAndReadmeNameTheKratosVersionsThePanelIsTestedWith() throws Exception {
		String notes = Files.readString(CHART.resolve("templates/NOTES.txt"));
		String readme = Files.readString(Tools.project().resolve("README.md"));
		for (String version : net.stackspin.admin.kratos.KratosAdminClient.TESTED_VERSIONS) {
			assertThat(notes).contains(version);
			assertThat(readme).contains(version);
		}
	}

	@Test
	void valuesFileDocumentsEveryField() throws Exception {
		List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
		int checked = 0;
		for (int i = 0; i < lines.size(); i++) {
			if (!isKey(lines.get(i)) || isSection(lines, i)) {
				continue;
			}
			checked++;
			assertThat(documented(lines, i))
				.as("values.yaml line %d (%s) needs a comment above it (or above the "
						+ "default object it belongs to)", i + 1, lines.get(i).strip())
				.isTrue();
		}
		assertThat(checked).isGreaterThan(40);
	}

	private static boolean isKey(String line) {
		return line.matches("^\\s*[A-Za-z][A-Za-z0-9.\\-/]*:.*");
	}

	/**
	 * A key whose value is the keys below it (e.g. {@code kratos:}): its fields carry the
	 * comments.
	 */
	private static boolean isSection(List<String> lines, int i) {
		if (!lines.get(i).strip().endsWith(":") || commentAbove(lines, i)) {
			return false;
		}
		int next = i + 1;
		while (next < lines.size() && (lines.get(next).isBlank() || lines.get(next).strip().startsWith("#"))) {
			next++;
		}
		return next < lines.size() && isKey(lines.get(next)) && indent(lines.get(next)) > indent(lines.get(i));
	}

	/** A comment right above the key, or above a documented object the key belongs to. */
	private static boolean documented(List<String> lines, int i) {
		if (commentAbove(lines, i)) {
			return true;
		}
		int own = indent(lines.get(i));
		for (int j = i - 1; j >= 0; j--) {
			if (isKey(lines.get(j)) && indent(lines.get(j)) < own) {
				return documented(lines, j);
			}
		}
		return false;
	}

	private static boolean commentAbove(List<String> lines, int i) {
		return i > 0 && lines.get(i - 1).strip().startsWith("#");
	}

	private static int indent(String line) {
		return line.length() - line.stripLeading().length();
	}

	// ---- rendering and navigation

	record Manifests(String text, List<Map<String, Object>> documents) {

		List<String> kinds() {
			return this.documents.stream().map((d) -> (String) d.get("kind")).toList();
		}

		Map<String, Object> named(String kind, String name) {
			return this.documents.stream()
				.filter((d) -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
		}

		Map<String, Object> one(String kind) {
			List<Map<String, Object>> found = this.documents.stream()
				.filter((d) -> kind.equals(d.get("kind")))
				.toList();
			assertThat(found).as("rendered %s objects", kind).hasSize(1);
			return found.get(0);
		}

	}

	@SuppressWarnings("unchecked")
	static Manifests template(String... values) {
		List<String> command = new ArrayList<>(
				List.of(Tools.helm().toString(), "template", "t", "helm/stackspin-admin", "--namespace", "stackspin"));
		command.addAll(List.of(values));
		Tools.Result rendered = Tools.run(Tools.project(), Map.of(), command.toArray(String[]::new));
		assertThat(rendered.exitCode()).as(rendered.output()).isZero();
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(rendered.output())) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return new Manifests(rendered.output(), documents);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> object, String key) {
		return (Map<String, Object>) object.get(key);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Map<String, Object> object, String key) {
		return (List<Map<String, Object>>) object.get(key);
	}

	@SuppressWarnings("unchecked")
	static Object at(Map<String, Object> object, String... path) {
		Object current = object;
		for (String key : path) {
			assertThat(current).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
			current = ((Map<String, Object>) current).get(key);
		}
		return current;
	}

	static Map<String, Object> env(Map<String, Object> container, String name) {
		return list(container, "env").stream()
			.filter((e) -> name.equals(e.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no env " + name));
	}

	static Map<String, Object> ports(Map<String, Object> owner) {
		Map<String, Object> ports = new java.util.LinkedHashMap<>();
		for (Map<String, Object> port : list(owner, "ports")) {
			ports.put((String) port.get("name"),
					port.containsKey("containerPort") ? port.get("containerPort") : port.get("port"));
		}
		return ports;
	}

}

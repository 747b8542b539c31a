package net.stackspin.admin.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart installed into a real Kubernetes API server ({@link KubeApiServer}): with its
 * defaults, with every option on and as the example next to single-sign-on, each in its
 * own namespace. Every rendered object is first sent to the server with strict field
 * validation (a misspelt field is an error there, while {@code helm install} only warns
 * and drops it), then installed; a warning from Helm fails the test too. Upgrades keep
 * the generated flash key and remove what a value turned off; uninstalling leaves nothing
 * in the namespace. Pods never run here (no kubelet): the image is checked on its own.
 */
class HelmInstallTests {

	static final String CHART = "helm/stackspin-admin";

	static KubeApiServer kubernetes;

	@BeforeAll
	static void startKubernetes() {
		kubernetes = KubeApiServer.shared();
	}

	@Test
	void installWhenDefaultsThenEveryObjectIsStoredAndStrictlyValid() {
		Installed installed = install(CHART, "defaults", "r");
		assertThat(installed.names()).contains("deployment.apps/r-stackspin-admin", "service/r-stackspin-admin",
				"configmap/r-stackspin-admin", "secret/r-stackspin-admin-flash-key",
				"serviceaccount/r-stackspin-admin");
	}

	@Test
	void installWhenEveryOptionOnThenEveryObjectIsStoredAndStrictlyValid() {
		Installed installed = install(CHART, "all-options", "r", "-f", HelmChartTests.ALL_OPTIONS);
		assertThat(installed.names()).contains("ingress.networking.k8s.io/r-stackspin-admin",
				"networkpolicy.networking.k8s.io/r-stackspin-admin", "poddisruptionbudget.policy/r-stackspin-admin",
				"servicemonitor.monitoring.coreos.com/r-stackspin-admin", "secret/r-stackspin-admin-smtp");
	}

	@Test
	void installWhenExampleNextToSingleSignOnThenEveryObjectIsStoredAndStrictlyValid() {
		Installed installed = install(CHART, "stackspin", "stackspin-admin", "-f", HelmChartTests.EXAMPLE);
		assertThat(installed.names()).contains("deployment.apps/stackspin-admin",
				"ingress.networking.k8s.io/stackspin-admin", "servicemonitor.monitoring.coreos.com/stackspin-admin");
		// the server's defaulting kept the example's settings
		Tools.Result url = kubernetes.kubectl("get", "configmap/stackspin-admin", "-n", "stackspin", "-o",
				"jsonpath={.data.STACKSPIN_KRATOS_ADMIN_URL}");
		assertThat(url.output()).isEqualTo("http://single-sign-on-kratos-admin:80");
		// two replicas, sharing the PostgreSQL store's lock, and told so
		Tools.Result replicas = kubernetes.kubectl("get", "deployment/stackspin-admin", "-n", "stackspin", "-o",
				"jsonpath={.spec.replicas} {.spec.template.spec.containers[0].env[?(@.name==\"STACKSPIN_AUDIT_DATABASE_PASSWORD\")].valueFrom.secretKeyRef.name}");
		assertThat(replicas.output()).isEqualTo("2 stackspin-admin-audit-db");
		Tools.Result told = kubernetes.kubectl("get", "configmap/stackspin-admin", "-n", "stackspin", "-o",
				"jsonpath={.data.STACKSPIN_DEPLOYMENT_REPLICAS} {.data.STACKSPIN_AUDIT_DATABASE_URL}");
		assertThat(told.output()).startsWith("2 jdbc:postgresql://");
	}

	@Test
	void installWhenSeveralReplicasWithoutASharedStoreThenRefusedAndNothingInstalled() {
		String namespace = "unshared";
		createNamespace(namespace);
		Tools.Result refused = helm(namespace, "install", "r", CHART, "--set", "replicaCount=2");
		assertThat(refused.exitCode()).as(refused.output()).isNotZero();
		assertThat(refused.output()).contains("needs a shared PostgreSQL audit store");
		assertThat(helmOk(namespace, "list", "-q").output().strip()).isEmpty();
		assertThat(everythingIn(namespace)).isSubsetOf("serviceaccount/default");
	}

	@Test
	void upgradeAndUninstallThenOnlyWhatTheValuesAskForAndFinallyNothingIsLeft() {
		String namespace = "upgrades";
		Installed defaults = install(CHART, namespace, "r");
		String flashKey = flashKey(namespace);

		// the same values again: a new revision, nothing else changes
		helmOk(namespace, "upgrade", "r", CHART, "--reuse-values");
		assertThat(flashKey(namespace)).isEqualTo(flashKey);

		// every option on: the new objects are there, the generated key is kept
		Installed allOptions = upgrade(namespace, "r", "-f", HelmChartTests.ALL_OPTIONS);
		assertThat(exists(namespace, allOptions.manifest())).containsExactlyInAnyOrderElementsOf(allOptions.names());
		assertThat(flashKey(namespace)).as("the flash key survives upgrades (lookup)").isEqualTo(flashKey);

		// back to the defaults: what only the options created is deleted
		upgrade(namespace, "r", "--reset-values");
		assertThat(exists(namespace, allOptions.manifest())).containsExactlyInAnyOrderElementsOf(defaults.names())
			.doesNotContain("ingress.networking.k8s.io/r-stackspin-admin", "secret/r-stackspin-admin-smtp");
		assertThat(helmOk(namespace, "history", "r", "--max", "10").output().lines().count()).isEqualTo(5);

		helmOk(namespace, "uninstall", "r", "--wait", "--timeout", "60s");
		assertThat(exists(namespace, allOptions.manifest())).isEmpty();
		assertThat(everythingIn(namespace)).as("objects left in the namespace after helm uninstall")
			.containsOnly("serviceaccount/default");

		// and the namespace itself goes (namespace controller), as an operator would see
		// it
		Tools.Result deleted = kubernetes.kubectl("delete", "namespace", namespace, "--wait", "--timeout=60s");
		assertThat(deleted.exitCode()).as(deleted.output()).isZero();
	}

	@Test
	void strictCheckWhenATemplateHasAMisspeltFieldThenItFails(@TempDir Path temp) throws IOException {
		// a copy of the chart with one typo that YAML and Helm accept
		Path chart = temp.resolve("stackspin-admin");
		FileSystemUtils.copyRecursively(Tools.project().resolve(CHART), chart);
		Path deployment = chart.resolve("templates/deployment.yaml");
		String original = Files.readString(deployment);
		assertThat(original).contains("automountServiceAccountToken: false");
		Files.writeString(deployment,
				original.replace("automountServiceAccountToken: false", "automountServiceAccountTokn: false"));
		String namespace = "typo";
		List<String> strict = strictProblems(chart.toString(), namespace, "r");
		assertThat(String.join("\n", strict)).contains("unknown field").contains("automountServiceAccountTokn");

		// Helm alone installs it, only warning: the tests treat that warning as a failure
		// too
		createNamespace(namespace);
		Tools.Result helm = helm(namespace, "install", "r", chart.toString());
		assertThat(helm.exitCode()).as(helm.output()).isZero();
		assertThat(installProblems(helm)).isNotEmpty();
		helmOk(namespace, "uninstall", "r");
	}

	// ---- install and check

	/** What a release put into the server: its manifest and the objects' names. */
	record Installed(String manifest, Set<String> names) {
	}

	/**
	 * Renders, checks every object strictly, installs, and returns what was stored: fails
	 * on any strict-validation error or Helm warning.
	 */
	static Installed install(String chart, String namespace, String release, String... values) {
		createNamespace(namespace);
		assertThat(strictProblems(chart, namespace, release, values))
			.as("strict server-side validation of %s with %s", chart, Arrays.toString(values))
			.isEmpty();
		List<String> command = new ArrayList<>(List.of("install", release, chart));
		command.addAll(List.of(values));
		Tools.Result installed = helm(namespace, command.toArray(String[]::new));
		assertThat(installed.exitCode()).as(installed.output()).isZero();
		assertThat(installProblems(installed)).as("helm install %s %s", chart, Arrays.toString(values)).isEmpty();
		return stored(namespace, release);
	}

	static Installed upgrade(String namespace, String release, String... values) {
		// what the release will hold: these values on the defaults (--reset-values only
		// tells
		// helm upgrade to forget the previous ones)
		String[] rendered = Arrays.stream(values).filter((arg) -> !arg.equals("--reset-values")).toArray(String[]::new);
		assertThat(strictProblems(CHART, namespace, release, rendered)).isEmpty();
		List<String> command = new ArrayList<>(List.of("upgrade", release, CHART));
		command.addAll(List.of(values));
		Tools.Result upgraded = helm(namespace, command.toArray(String[]::new));
		assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();
		assertThat(installProblems(upgraded)).isEmpty();
		return stored(namespace, release);
	}

	/** The release's manifest; every object in it must be in the server. */
	static Installed stored(String namespace, String release) {
		String manifest = helmOk(namespace, "get", "manifest", release).output();
		Set<String> names = exists(namespace, manifest);
		long objects = manifest.lines().filter((line) -> line.startsWith("kind:")).count();
		assertThat(names).as("objects of the release found in the server").hasSize((int) objects);
		return new Installed(manifest, names);
	}

	/**
	 * Every rendered object sent to the server as a dry-run create with strict field
	 * validation; the errors and warnings it reports. The dry run goes to an empty
	 * namespace of its own, so an object the release already has is checked as a new one
	 * too.
	 */
	static List<String> strictProblems(String chart, String namespace, String release, String... values) {
		List<String> command = new ArrayList<>(List.of("template", release, chart));
		command.addAll(List.of(values));
		String rendered = helmOk(namespace, command.toArray(String[]::new)).output();
		Tools.Result checked = kubernetes.kubectlWithInput(rendered, "create", "--dry-run=server", "--validate=strict",
				"-n", strictCheckNamespace(), "-f", "-");
		List<String> problems = new ArrayList<>();
		if (checked.exitCode() != 0) {
			problems.add("kubectl create --dry-run=server --validate=strict failed:\n" + checked.output());
		}
		checked.output().lines().filter((line) -> line.contains("Warning")).forEach(problems::add);
		long objects = rendered.lines().filter((line) -> line.startsWith("kind:")).count();
		long accepted = checked.output().lines().filter((line) -> line.endsWith("(server dry run)")).count();
		if (checked.exitCode() == 0 && accepted != objects) {
			problems.add(objects + " objects rendered, " + accepted + " accepted:\n" + checked.output());
		}
		return problems;
	}

	/** Helm 3 reports an unknown field only as a warning: every warning counts. */
	static List<String> installProblems(Tools.Result helm) {
		return helm.output()
			.lines()
			.filter((line) -> line.contains("Warning") || line.contains("unknown field"))
			.toList();
	}

	/** Which of the manifest's objects exist in the namespace, as kubectl names them. */
	static Set<String> exists(String namespace, String manifest) {
		Tools.Result found = kubernetes.kubectlWithInput(manifest, "get", "-n", namespace, "--ignore-not-found", "-o",
				"name", "-f", "-");
		assertThat(found.exitCode()).as(found.output()).isZero();
		return found.output().lines().filter((line) -> !line.isBlank()).collect(Collectors.toCollection(TreeSet::new));
	}

	/** Every object of every listable namespaced kind in the namespace. */
	static Set<String> everythingIn(String namespace) {
		Tools.Result kinds = kubernetes.kubectl("api-resources", "--verbs=list", "--namespaced", "-o", "name");
		assertThat(kinds.exitCode()).as(kinds.output()).isZero();
		String listable = kinds.output()
			.lines()
			// events come and go on their own; v1 Endpoints is deprecated (EndpointSlices
			// are
			// listed)
			.filter((kind) -> !kind.isBlank() && !kind.startsWith("events") && !kind.equals("endpoints"))
			.collect(Collectors.joining(","));
		Tools.Result all = kubernetes.kubectl("get", listable, "-n", namespace, "--ignore-not-found", "-o", "name");
		assertThat(all.exitCode()).as(all.output()).isZero();
		return all.output().lines().filter((line) -> !line.isBlank()).collect(Collectors.toCollection(TreeSet::new));
	}

	private static boolean strictCheckNamespaceCreated;

	static synchronized String strictCheckNamespace() {
		if (!strictCheckNamespaceCreated) {
			createNamespace("strict-check");
			strictCheckNamespaceCreated = true;
		}
		return "strict-check";
	}

	static String flashKey(String namespace) {
		Tools.Result key = kubernetes.kubectl("get", "secret/r-stackspin-admin-flash-key", "-n", namespace, "-o",
				"jsonpath={.data.flash-key}");
		assertThat(key.exitCode()).as(key.output()).isZero();
		assertThat(key.output()).isNotBlank();
		return key.output();
	}

	static void createNamespace(String namespace) {
		Tools.Result created = kubernetes.kubectl("create", "namespace", namespace);
		assertThat(created.exitCode()).as(created.output()).isZero();
	}

	static Tools.Result helm(String namespace, String... args) {
		List<String> command = new ArrayList<>(List.of(Tools.helm().toString(), "--namespace", namespace));
		command.addAll(List.of(args));
		return Tools.run(Tools.project(), kubernetes.environment(), command.toArray(String[]::new));
	}

	static Tools.Result helmOk(String namespace, String... args) {
		Tools.Result result = helm(namespace, args);
		assertThat(result.exitCode()).as("helm %s:\n%s", String.join(" ", args), result.output()).isZero();
		return result;
	}

}

package net.stackspin.admin.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real Kubernetes API server on loopback for the chart tests: Debian's etcd, and
 * kube-apiserver and kube-controller-manager (only the serviceaccount, namespace and
 * garbagecollector controllers) v1.37.2 as {@code helm/install-kube.sh} builds them from
 * the Go module {@code k8s.io/kubernetes}. Self-made CA and serving certificate, a static
 * admin token. No kubelet and no scheduler: objects are stored and validated, pods never
 * run. Started once per test JVM on free ports and stopped when the JVM exits.
 * (docs/deployment.md, "Checked in CI".)
 */
final class KubeApiServer {

	static final String VERSION = "v1.37.2";

	private static KubeApiServer shared;

	private final Path dir;

	private final Path kubeconfig;

	private final Path kubectl;

	private final List<Process> processes = new ArrayList<>();

	private KubeApiServer(Path dir, Path bin) {
		this.dir = dir;
		this.kubeconfig = dir.resolve("kubeconfig");
		this.kubectl = bin.resolve("kubectl");
	}

	/** The API server shared by every test in this JVM, started on first use. */
	static synchronized KubeApiServer shared() {
		if (shared == null) {
			Path bin = binaries();
			Path etcd = etcd();
			try {
				KubeApiServer server = new KubeApiServer(Files.createTempDirectory("kube-apiserver"), bin);
				Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-apiserver-stop"));
				server.start(bin, etcd);
				shared = server;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return shared;
	}

	Path kubeconfig() {
		return this.kubeconfig;
	}

	/**
	 * The environment for helm and kubectl: this server, and Helm's folders in the temp
	 * dir.
	 */
	Map<String, String> environment() {
		return Map.of("KUBECONFIG", this.kubeconfig.toString(), "HELM_CACHE_HOME",
				this.dir.resolve("helm/cache").toString(), "HELM_CONFIG_HOME",
				this.dir.resolve("helm/config").toString(), "HELM_DATA_HOME", this.dir.resolve("helm/data").toString());
	}

	/** Runs kubectl against this server. */
	Tools.Result kubectl(String... args) {
		return kubectlWithInput(null, args);
	}

	/** Runs kubectl against this server with {@code input} on its standard input. */
	Tools.Result kubectlWithInput(String input, String... args) {
		List<String> command = new ArrayList<>(List.of(this.kubectl.toString()));
		command.addAll(List.of(args));
		return Tools.runWithInput(Tools.project(), environment(), input, command.toArray(String[]::new));
	}

	// ---- start and stop

	private void start(Path bin, Path etcd) throws IOException {
		long started = System.nanoTime();
		String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
		Certificates certificates = Certificates.make(this.dir);
		Files.writeString(this.dir.resolve("tokens.csv"), token + ",stackspin-admin-tests,1,\"system:masters\"\n");

		int etcdPort = freePort();
		int peerPort = freePort();
		String etcdUrl = "http://127.0.0.1:" + etcdPort;
		launch("etcd", etcd.toString(), "--name", "tests", "--data-dir", this.dir.resolve("etcd").toString(),
				"--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl, "--listen-peer-urls",
				"http://127.0.0.1:" + peerPort, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
				"--initial-cluster", "tests=http://127.0.0.1:" + peerPort, "--logger=zap", "--log-level=warn");

		int apiPort = freePort();
		String server = "https://127.0.0.1:" + apiPort;
		launch("kube-apiserver", bin.resolve("kube-apiserver").toString(), "--etcd-servers=" + etcdUrl,
				"--bind-address=127.0.0.1", "--secure-port=" + apiPort, "--advertise-address=127.0.0.1",
				"--endpoint-reconciler-type=none", "--tls-cert-file=" + certificates.serverCert(),
				"--tls-private-key-file=" + certificates.serverKey(), "--cert-dir=" + this.dir.resolve("certs"),
				"--token-auth-file=" + this.dir.resolve("tokens.csv"), "--authorization-mode=RBAC",
				"--service-account-issuer=https://kubernetes.default.svc",
				"--service-account-key-file=" + certificates.serviceAccountKey(),
				"--service-account-signing-key-file=" + certificates.serviceAccountKey(),
				"--service-cluster-ip-range=10.96.0.0/24", "--profiling=false", "--v=0");

		Files.writeString(this.kubeconfig, """
				apiVersion: v1
				kind: Config
				clusters:
				  - name: tests
				    cluster:
				      server: %s
				      certificate-authority-data: %s
				users:
				  - name: admin
				    user:
				      token: %s
				contexts:
				  - name: tests
				    context:
				      cluster: tests
				      user: admin
				current-context: tests
				""".formatted(server, Base64.getEncoder().encodeToString(Files.readAllBytes(certificates.caCert())),
				token));
		awaitReady(server, token, certificates.caCert());

		launch("kube-controller-manager", bin.resolve("kube-controller-manager").toString(),
				"--kubeconfig=" + this.kubeconfig, "--controllers=serviceaccount,namespace,garbagecollector",
				"--leader-elect=false", "--secure-port=0", "--profiling=false", "--v=0");

		// ServiceMonitor is not built in: the Prometheus Operator's CRD (subset) makes it
		// known
		Tools.Result crd = kubectl("apply", "-f", "src/test/resources/kubernetes/servicemonitor-crd.yaml");
		if (crd.exitCode() != 0) {
			fail("could not install the ServiceMonitor CRD:\n" + crd.output() + logs());
		}
		Tools.Result established = kubectl("wait", "--for=condition=Established", "--timeout=30s",
				"crd/servicemonitors.monitoring.coreos.com");
		if (established.exitCode() != 0) {
			fail("the ServiceMonitor CRD was not established:\n" + established.output() + logs());
		}
		System.out.printf("kube-apiserver %s ready at %s after %d ms%n", VERSION, server,
				Duration.ofNanos(System.nanoTime() - started).toMillis());
	}

	private void launch(String name, String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.dir.resolve(name + ".log").toFile())
			.start();
		process.getOutputStream().close();
		this.processes.add(process);
	}

	private void awaitReady(String server, String token, Path caCert) {
		HttpClient client = HttpClient.newBuilder()
			.sslContext(trusting(caCert))
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		String last = "no answer";
		while (System.nanoTime() < deadline) {
			for (Process process : this.processes) {
				if (!process.isAlive()) {
					fail("a process of the local Kubernetes API server ended (exit " + process.exitValue() + ")"
							+ logs());
				}
			}
			try {
				HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(server + "/readyz"))
					.header("Authorization", "Bearer " + token)
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (ready.statusCode() == 200) {
					return;
				}
				last = ready.statusCode() + " " + ready.body();
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(250);
		}
		fail("kube-apiserver was not ready within 60 s (last: " + last + ")" + logs());
	}

	private String logs() {
		StringBuilder logs = new StringBuilder();
		for (String name : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
			Path log = this.dir.resolve(name + ".log");
			if (Files.exists(log)) {
				try {
					List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
					logs.append("\n--- last lines of ")
						.append(name)
						.append(".log\n")
						.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
				}
				catch (IOException ex) {
					logs.append("\n(could not read ").append(log).append(")");
				}
			}
		}
		return logs.toString();
	}

	private void stop() {
		// the reverse order: controller-manager, API server, then etcd
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			Process process = this.processes.get(i);
			process.destroy();
			try {
				if (!process.waitFor(10, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
		try {
			FileSystemUtils.deleteRecursively(this.dir);
		}
		catch (IOException ex) {
			// a temp dir left behind is not worth failing a finished test run for
		}
	}

	// ---- the binaries

	/** The folder with kube-apiserver, kube-controller-manager and kubectl. */
	static Path binaries() {
		String override = System.getenv("KUBE_BIN_DIR");
		Path bin;
		if (override != null && !override.isBlank()) {
			bin = Path.of(override);
		}
		else {
			String cache = System.getenv("XDG_CACHE_HOME");
			Path cacheRoot = (cache != null && !cache.isBlank()) ? Path.of(cache)
					: Path.of(System.getProperty("user.home"), ".cache");
			bin = cacheRoot.resolve("stackspin-admin/kube-" + VERSION);
		}
		if (!complete(bin)) {
			// like Kratos and Helm: build once from the Go module (about 6 minutes), then
			// cached
			Tools.Result built = Tools.run(Tools.project(), Map.of(), "bash", "helm/install-kube.sh");
			if (built.exitCode() != 0 || !complete(bin)) {
				fail("kube-apiserver, kube-controller-manager and kubectl " + VERSION + " are not in " + bin
						+ " and `bash helm/install-kube.sh` (builds them from the Go module k8s.io/kubernetes, "
						+ "about 6 minutes, once) failed:\n" + built.output());
			}
		}
		return bin;
	}

	private static boolean complete(Path bin) {
		return List.of("kube-apiserver", "kube-controller-manager", "kubectl")
			.stream()
			.allMatch((name) -> Files.isExecutable(bin.resolve(name)));
	}

	/** Debian's etcd (package etcd-server). */
	static Path etcd() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path etcd = Path.of(dir, "etcd");
			if (Files.isExecutable(etcd)) {
				return etcd;
			}
		}
		return fail("etcd is not installed. Install it (Debian: `apt-get install etcd-server`; .ci/run does) and "
				+ "run the tests again. Its service need not run: the tests start it on a free port.");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
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

	private static SSLContext trusting(Path caCert) {
		try {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			try (var in = Files.newInputStream(caCert)) {
				trust.setCertificateEntry("ca",
						(X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not trust the test CA " + caCert, ex);
		}
	}

	/**
	 * A self-made CA, a serving certificate for 127.0.0.1 signed by it, a service-account
	 * key.
	 */
	record Certificates(Path caCert, Path serverCert, Path serverKey, Path serviceAccountKey) {

		static Certificates make(Path dir) throws IOException {
			Path certs = Files.createDirectories(dir.resolve("pki"));
			Certificates made = new Certificates(certs.resolve("ca.crt"), certs.resolve("server.crt"),
					certs.resolve("server.key"), certs.resolve("sa.key"));
			Path caKey = certs.resolve("ca.key");
			Path request = certs.resolve("server.csr");
			Path extensions = certs.resolve("server.ext");
			Files.writeString(extensions, """
					subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:kubernetes.default.svc
					keyUsage = critical, digitalSignature, keyEncipherment
					extendedKeyUsage = serverAuth
					""");
			openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out",
					made.caCert().toString(), "-days", "2", "-subj", "/CN=stackspin-admin-tests-ca");
			openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", made.serverKey().toString(), "-out",
					request.toString(), "-subj", "/CN=kube-apiserver");
			openssl(certs, "x509", "-req", "-in", request.toString(), "-CA", made.caCert().toString(), "-CAkey",
					caKey.toString(), "-CAcreateserial", "-out", made.serverCert().toString(), "-days", "2", "-extfile",
					extensions.toString());
			openssl(certs, "genrsa", "-out", made.serviceAccountKey().toString(), "2048");
			return made;
		}

		private static void openssl(Path dir, String... args) {
			List<String> command = new ArrayList<>(List.of("openssl"));
			command.addAll(List.of(args));
			Tools.Result result = Tools.run(dir, Map.of(), command.toArray(String[]::new));
			if (result.exitCode() != 0) {
				fail(String.join(" ", command) + " failed:\n" + result.output());
			}
		}

	}

}

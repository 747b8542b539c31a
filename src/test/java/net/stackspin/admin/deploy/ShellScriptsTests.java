package net.stackspin.admin.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shell script of the project is shellcheck-clean, and the SSH tunnel script does
 * what its help says (checked with {@code --dry-run}: no SSH connection is made).
 */
class ShellScriptsTests {

	static final Path PROJECT = Tools.project();

	@Test
	void shellcheckWhenEveryScriptThenClean() {
		List<String> scripts = new ArrayList<>();
		for (String dir : List.of("kratos", "docker", "helm")) {
			Tools.files(PROJECT.resolve(dir), ".sh").forEach((p) -> scripts.add(PROJECT.relativize(p).toString()));
		}
		scripts.addAll(List.of("api-examples.sh", "set-ssh-tunnel.sh", ".ci/run"));
		assertThat(scripts).contains("kratos/install.sh", "kratos/run-local.sh", "docker/healthcheck.sh",
				"helm/install-helm.sh", "helm/install-kube.sh");
		List<String> command = new ArrayList<>(List.of(Tools.shellcheck(), "--shell=bash", "--severity=info"));
		command.addAll(scripts);
		Tools.Result result = Tools.run(PROJECT, Map.of(), command.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).isEmpty();
	}

	@Test
	void tunnelWhenDryRunThenForwardsLocalPortsToKratosServicesThroughTheNodesLoopback() {
		Tools.Result result = Tools.run(PROJECT, Map.of(), "bash", "set-ssh-tunnel.sh", "--dry-run", "--user", "ops",
				"cluster.example.org");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).startsWith("ssh ")
			.contains("-L 127.0.0.1:8000:127.0.0.1:18000", "-L 127.0.0.1:8080:127.0.0.1:18080",
					"ops@cluster.example.org")
			.contains("svc/single-sign-on-kratos-admin\\ 18000:80", "svc/single-sign-on-kratos-public\\ 18080:80",
					"-n\\ stackspin");
	}

	@Test
	void tunnelWhenOptionsOrEnvironmentThenOverridden() {
		Tools.Result options = Tools.run(PROJECT, Map.of(), "bash", "set-ssh-tunnel.sh", "--dry-run", "-n", "sso",
				"--admin-service", "my-kratos-admin", "--public-service", "my-kratos-public", "--service-port", "4434",
				"--local-admin", "9000", "--local-public", "9080", "--remote-admin", "19000", "--remote-public",
				"19080", "node");
		assertThat(options.exitCode()).as(options.output()).isZero();
		assertThat(options.output())
			.contains("-L 127.0.0.1:9000:127.0.0.1:19000", "-L 127.0.0.1:9080:127.0.0.1:19080", " node ")
			.contains("-n\\ sso", "svc/my-kratos-admin\\ 19000:4434", "svc/my-kratos-public\\ 19080:4434");

		Tools.Result environment = Tools.run(PROJECT, Map.of("TUNNEL_LOCAL_ADMIN", "7000", "TUNNEL_NAMESPACE", "other"),
				"bash", "set-ssh-tunnel.sh", "--dry-run", "node");
		assertThat(environment.output()).contains("-L 127.0.0.1:7000:127.0.0.1:18000", "-n\\ other");
	}

	@Test
	void tunnelWhenHelpOrMistakeThenExplains() {
		Tools.Result help = Tools.run(PROJECT, Map.of(), "bash", "set-ssh-tunnel.sh", "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.output()).contains("localhost:8000", "localhost:8080", "--namespace", "--dry-run")
			.doesNotContain("set -euo");

		Tools.Result noHost = Tools.run(PROJECT, Map.of(), "bash", "set-ssh-tunnel.sh");
		assertThat(noHost.exitCode()).isEqualTo(2);
		assertThat(noHost.output()).contains("which host?");

		Tools.Result badPort = Tools.run(PROJECT, Map.of(), "bash", "set-ssh-tunnel.sh", "--local-admin", "99999",
				"node");
		assertThat(badPort.exitCode()).isEqualTo(2);
		assertThat(badPort.output()).contains("not a port: 99999");
	}

}

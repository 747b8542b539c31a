package net.stackspin.admin.testing;

import java.nio.file.Path;
import java.util.Map;

import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * The Docker route of {@link KratosServer}: {@code oryd/kratos:<version>} with the same
 * configuration, for machines with a Docker engine but no Go toolchain. Host ports are
 * fixed before start so that Kratos's base URLs (used in recovery links) are the ones the
 * tests see.
 */
final class KratosContainer extends GenericContainer<KratosContainer> {

	private static final String IMAGE = "oryd/kratos:" + KratosServer.VERSION;

	private static final int PUBLIC_PORT = 4433;

	private static final int ADMIN_PORT = 4434;

	private KratosContainer() {
		super(IMAGE);
	}

	static KratosServer start(Path project, int smtpPort, int panelPort) {
		int publicPort = KratosServer.freePort();
		int adminPort = KratosServer.freePort();
		String publicUrl = "http://127.0.0.1:" + publicPort;
		String adminUrl = "http://127.0.0.1:" + adminPort;
		Path schemas = KratosServer.prepareSchemaDir(project);
		// the courier in the container reaches the tests' SMTP server on the host
		Testcontainers.exposeHostPorts(smtpPort);
		Map<String, String> env = KratosServer.environment(project, "0.0.0.0", PUBLIC_PORT, ADMIN_PORT,
				"/etc/config/kratos", publicUrl, adminUrl, smtpPort, "host.testcontainers.internal", panelPort);
		KratosContainer container = new KratosContainer();
		container.addFixedExposedPort(publicPort, PUBLIC_PORT);
		container.addFixedExposedPort(adminPort, ADMIN_PORT);
		container.withEnv(env)
			.withCopyFileToContainer(MountableFile.forHostPath(project.resolve("kratos/kratos.yml")),
					"/etc/config/kratos/kratos.yml")
			.withCopyFileToContainer(MountableFile.forHostPath(schemas.resolve("identity.schema.json")),
					"/etc/config/kratos/identity.schema.json")
			.withCopyFileToContainer(MountableFile.forHostPath(schemas.resolve("extended.schema.json")),
					"/etc/config/kratos/extended.schema.json");
		for (String id : KratosServer.EXTRA_SCHEMA_IDS) {
			container.withCopyFileToContainer(MountableFile.forHostPath(schemas.resolve(id + ".schema.json")),
					"/etc/config/kratos/" + id + ".schema.json");
		}
		container
			.withCommand("serve", "-c", "/etc/config/kratos/kratos.yml", "--dev", "--watch-courier", "--sqa-opt-out")
			.waitingFor(Wait.forHttp("/admin/health/ready").forPort(ADMIN_PORT).forStatusCode(200));
		container.start();
		return new KratosServer(adminUrl, publicUrl, smtpPort, panelPort, container::stop);
	}

}

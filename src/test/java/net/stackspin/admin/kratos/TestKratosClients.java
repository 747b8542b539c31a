package net.stackspin.admin.kratos;

import java.net.URI;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.stackspin.admin.testing.KratosServer;

/**
 * A {@link KratosAdminClient} outside any application context, for tests that run the
 * panel elsewhere (e.g. in a container) and still create their data with the test
 * helpers.
 */
public final class TestKratosClients {

	private TestKratosClients() {
	}

	public static KratosAdminClient admin(KratosServer kratos) {
		return admin(kratos.adminUrl(), kratos.publicUrl());
	}

	/** For a Kratos the tests did not start (e.g. one in a compose project). */
	public static KratosAdminClient admin(String adminUrl, String publicUrl) {
		KratosProperties properties = new KratosProperties(URI.create(adminUrl), URI.create(publicUrl),
				Duration.ofSeconds(2), Duration.ofSeconds(10));
		return new KratosAdminClient(new KratosClients(properties), new SimpleMeterRegistry());
	}

}

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
		KratosProperties properties = new KratosProperties(URI.create(kratos.adminUrl()),
				URI.create(kratos.publicUrl()), Duration.ofSeconds(2), Duration.ofSeconds(10));
		return new KratosAdminClient(new KratosClients(properties), new SimpleMeterRegistry());
	}

}

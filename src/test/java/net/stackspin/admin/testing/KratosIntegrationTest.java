package net.stackspin.admin.testing;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that talks to the real Kratos: points the panel at the Kratos of
 * this test JVM ({@link KratosServer#shared()}). Tests create their own data with unique
 * e-mails, so they can run in any order against the one shared server.
 */
public abstract class KratosIntegrationTest {

	protected static final KratosServer KRATOS = KratosServer.shared();

	@DynamicPropertySource
	static void kratosUrls(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", KRATOS::adminUrl);
		registry.add("stackspin.kratos.public-url", KRATOS::publicUrl);
	}

	/** An e-mail address no other test uses. */
	protected static String uniqueEmail(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 13) + "@example.org";
	}

}

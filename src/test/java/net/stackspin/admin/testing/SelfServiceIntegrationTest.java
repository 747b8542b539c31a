package net.stackspin.admin.testing;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test in which Kratos's browser flows reach the panel: the panel runs on
 * {@link KratosServer#panelPort()}, where the test Kratos's {@code ui_url}s point, with
 * the self-service pages on. Keep this the ONE context configuration on that port:
 * Spring's test context cache keeps contexts (and their ports) alive, so a second
 * configuration could not bind it. Browsers should open {@link KratosServer#panelUrl()}
 * (127.0.0.1, the host of Kratos's public URL, so that Kratos's cookies reach the panel).
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "stackspin.security.cookie-secure=false", "stackspin.self-service.enabled=true" })
public abstract class SelfServiceIntegrationTest extends KratosIntegrationTest {

	@DynamicPropertySource
	static void panelOnKratosUiPort(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> KRATOS.panelPort());
		// the panel's own mail (welcome e-mails) goes to the same test SMTP server as
		// Kratos's
		TestMail.shared();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMail::port);
	}

	/** The panel's URL for this path, as Kratos's flows know it. */
	protected static String panel(String path) {
		return KRATOS.panelUrl() + path;
	}

}

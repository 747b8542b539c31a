package net.stackspin.admin.testing;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@link KratosIntegrationTest} whose panel sends its own mail to the test SMTP server
 * ({@link TestMail}), the same one Kratos's courier delivers to.
 */
public abstract class MailIntegrationTest extends KratosIntegrationTest {

	@DynamicPropertySource
	static void panelMailToTestSmtp(DynamicPropertyRegistry registry) {
		TestMail.shared();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMail::port);
	}

}

package net.stackspin.admin.testing;

import java.time.Duration;

import jakarta.mail.internet.MimeMessage;
import net.stackspin.admin.kratos.KratosAdminClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness itself: Kratos's courier really delivers to the test SMTP server (a
 * recovery e-mail started through Kratos's public API arrives with a 6-digit code).
 */
@SpringBootTest
class TestMailTests extends KratosIntegrationTest {

	@Autowired
	KratosAdminClient kratos;

	@Test
	void kratosCourierDeliversRecoveryCodeToGreenMail() {
		TestMail.shared();
		String email = uniqueEmail("mail");
		TestIdentities.user(this.kratos, email);
		HttpSession browser = new HttpSession();
		String flow = browser.getJson(KRATOS.publicUrl() + "/self-service/recovery/api").body();
		String flowId = flow.replaceAll("(?s).*?\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		var sent = browser.postJson(KRATOS.publicUrl() + "/self-service/recovery?flow=" + flowId,
				"{\"method\":\"code\",\"email\":\"" + email + "\"}");
		assertThat(sent.statusCode()).isEqualTo(200);
		MimeMessage message = TestMail.awaitMessage(email, "", Duration.ofSeconds(30));
		assertThat(TestMail.body(message)).containsPattern("\\b\\d{6}\\b");
	}

}

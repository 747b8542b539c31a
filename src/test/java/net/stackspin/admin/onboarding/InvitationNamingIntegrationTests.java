package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import net.stackspin.admin.testing.MailIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestMail;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A user who signs in with a login name and is reached by e-mail: the welcome e-mail goes
 * to the address, greets by the schema's name trait and tells the login name to sign in
 * with, as every page names them.
 */
@SpringBootTest
@AutoConfigureMockMvc
class InvitationNamingIntegrationTests extends MailIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Test
	void welcomeMailNamesTheAccountByItsLoginName() throws Exception {
		String login = "lee-" + UUID.randomUUID().toString().substring(0, 8);
		String email = uniqueEmail("lee");
		this.mvc
			.perform(post("/identities/new").with(SignedIn.admin())
				.with(csrf())
				.param("schema", "names-login")
				.param("traits.login", login)
				.param("traits.email", email)
				.param("traits.display_name", "Lee Login")
				.param("state", "ACTIVE")
				.param("sendWelcome", "true"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message", "User " + login + " created and a welcome e-mail sent."));
		MimeMessage mail = TestMail.awaitMessage(email, "Welcome to Stackspin", Duration.ofSeconds(15));
		assertThat(Mails.plainText(mail)).contains("Hello Lee Login,")
			.contains("An account was created for you (" + login + ").");
	}

}

package net.stackspin.admin.onboarding;

import java.time.Duration;

import jakarta.mail.internet.MimeMessage;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.testing.KratosFlows;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Creating a user with "Send a welcome e-mail" ticked (the default) e-mails the
 * invitation through the panel's SMTP; the link in it leads to a password the user signs
 * in with. Unticked, nothing is sent.
 */
@SpringBootTest
@AutoConfigureMockMvc
class WelcomeOnCreateIntegrationTests extends MailIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosPublicClient kratosPublic;

	@Test
	void createWhenWelcomeTickedThenMailedLinkSetsThePassword() throws Exception {
		assertThat(this.mvc.perform(get("/identities/new").with(SignedIn.admin()))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("id=\"sendWelcome\"").contains("checked");
		String email = uniqueEmail("welcome");
		this.mvc
			.perform(post("/identities/new").with(SignedIn.admin())
				.with(csrf())
				.param("traits.email", email)
				.param("traits.name.first", "Wil")
				.param("traits.name.last", "Kommen")
				.param("state", "ACTIVE")
				.param("sendWelcome", "true"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message", "User " + email + " created and a welcome e-mail sent."));
		MimeMessage mail = TestMail.awaitMessage(email, "Welcome to Stackspin", Duration.ofSeconds(15));
		String link = Mails.firstMatch(Mails.plainText(mail),
				"(http\\S+/self-service/recovery\\?flow=\\S+&token=\\S+)");
		new KratosFlows(KRATOS.publicUrl()).completeRecoveryLink(link, "Welcome-Password-For-Tests-91");
		IdentitySummary user = this.kratos.findByIdentifier(email).orElseThrow();
		assertThat(this.kratosPublic.signInWithPassword(email, "Welcome-Password-For-Tests-91").session().identityId())
			.isEqualTo(user.id());
	}

	@Test
	void createWhenWelcomeUntickedThenNoMail() throws Exception {
		String email = uniqueEmail("quiet");
		this.mvc
			.perform(post("/identities/new").with(SignedIn.admin())
				.with(csrf())
				.param("traits.email", email)
				.param("state", "ACTIVE"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message", "User " + email + " created."));
		Thread.sleep(1500);
		assertThat(TestMail.messagesTo(email)).isEmpty();
	}

}

package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosFlows;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A panel without SMTP ({@code spring.mail.host} unset): nothing is mailed, the
 * administrator gets the invitation link to hand over, and that link works.
 */
@SpringBootTest(properties = "stackspin.onboarding.invitation-lifetime=2d")
@AutoConfigureMockMvc
class InvitationWithoutSmtpIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosCredentials credentials;

	@Autowired
	KratosPublicClient kratosPublic;

	@Autowired
	InvitationService invitations;

	@Test
	void inviteWhenNoSmtpThenLinkToCopyThatSetsThePassword() throws Exception {
		assertThat(this.invitations.canSendMail()).isFalse();
		String email = uniqueEmail("no-smtp");
		IdentitySummary user = this.kratos
			.createIdentity(new NewIdentity(null, Map.of("email", email), IdentityState.ACTIVE, List.of()));
		String url = "/identities/" + user.id() + "/access";
		assertThat(this.mvc.perform(get(url).with(SignedIn.admin())).andReturn().getResponse().getContentAsString())
			.contains("Create invitation link")
			.contains("No SMTP server is configured for the panel");

		MvcResult result = this.mvc.perform(post(url + "/invitation").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message",
					"No SMTP server is configured, so nothing was e-mailed: hand this link to the user."))
			.andReturn();
		OneTimeSecret secret = (OneTimeSecret) result.getFlashMap().get("secret");
		assertThat(secret.kind()).isEqualTo("invitation");
		assertThat(secret.expiresAt()).isBetween(Instant.now().plus(Duration.ofDays(2)).minusSeconds(120),
				Instant.now().plus(Duration.ofDays(2)).plusSeconds(120));
		var note = InvitationService.lastInvitation(this.credentials.identityAccess(user.id()));
		assertThat(note.mailed()).isFalse();
		assertThat(note.validUntil()).isEqualTo(secret.expiresAt());
		assertThat(this.mvc
			.perform(get(url).with(SignedIn.admin()).cookie(result.getResponse().getCookie("stackspin_flash")))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Invitation link").contains("Last invitation link handed out on");

		new KratosFlows(KRATOS.publicUrl()).completeRecoveryLink(secret.value(), "Chosen-By-The-User-1234");
		assertThat(this.kratosPublic.signInWithPassword(email, "Chosen-By-The-User-1234").session().identityId())
			.isEqualTo(user.id());
	}

}

package net.stackspin.admin.onboarding;

import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestMail;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * SMTP configured but not answering: a clear message, the link offered to copy, and
 * nothing recorded as sent.
 */
@SpringBootTest
@AutoConfigureMockMvc
class InvitationSmtpDownIntegrationTests extends KratosIntegrationTest {

	@DynamicPropertySource
	static void deadSmtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", KratosServer::freePort);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosCredentials credentials;

	@Autowired
	InvitationService invitations;

	@Test
	void inviteWhenSmtpDownThenClearMessageLinkToCopyAndNothingRecorded() throws Exception {
		assertThat(this.invitations.canSendMail()).isTrue();
		String email = uniqueEmail("smtp-down");
		IdentitySummary user = this.kratos
			.createIdentity(new NewIdentity(null, Map.of("email", email), IdentityState.ACTIVE, List.of("admin")));
		MvcResult result = this.mvc
			.perform(post("/identities/" + user.id() + "/access/invitation").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound())
			.andReturn();
		assertThat((String) result.getFlashMap().get("error")).startsWith("The invitation e-mail could not be sent (")
			.contains("Nothing was recorded; hand this link to the user instead");
		OneTimeSecret secret = (OneTimeSecret) result.getFlashMap().get("secret");
		assertThat(secret.value()).contains("/self-service/recovery?flow=");
		assertThat(InvitationService.lastInvitation(this.credentials.identityAccess(user.id()))).isNull();
		assertThat(this.kratos.adminRoles(user.id())).containsExactly("admin");
		assertThat(TestMail.messagesTo(email)).isEmpty();

		Invitation direct = this.invitations.invite(user.id());
		assertThat(direct.mailed()).isFalse();
		assertThat(direct.linkToCopy()).isTrue();
		assertThat(direct.mailProblem()).isNotBlank();
	}

}

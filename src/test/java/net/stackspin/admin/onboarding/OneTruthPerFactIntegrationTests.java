package net.stackspin.admin.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The profile and the Access tab tell the same story against the real Kratos: a user
 * without a password is not listed as signing in with one, and a used invitation link is
 * no longer "valid until".
 */
@SpringBootTest
@AutoConfigureMockMvc
class OneTruthPerFactIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Test
	void aUserWithoutAPasswordIsNotListedWithOneOnTheProfile() throws Exception {
		IdentitySummary invited = this.kratos.createIdentity(
				new NewIdentity(null, Map.of("email", uniqueEmail("no-password")), IdentityState.ACTIVE, List.of()));
		assertThat(page("/identities/" + invited.id() + "/access")).contains("not set yet");
		assertThat(page("/identities/" + invited.id())).doesNotContain("<li>Password</li>")
			.contains("No sign-in method set up yet.");

		IdentitySummary withPassword = TestIdentities.user(this.kratos, uniqueEmail("with-password"));
		assertThat(page("/identities/" + withPassword.id() + "/access")).doesNotContain("not set yet");
		assertThat(page("/identities/" + withPassword.id())).contains("<li>Password</li>");
	}

	@Test
	void anAcceptedInvitationsLinkIsNoLongerValidUntil() throws Exception {
		IdentitySummary invited = this.kratos.createIdentity(
				new NewIdentity(null, Map.of("email", uniqueEmail("accepted")), IdentityState.ACTIVE, List.of()));
		this.mvc.perform(post("/identities/" + invited.id() + "/access/invitation").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound());
		assertThat(page("/identities/" + invited.id() + "/access")).contains("id=\"invitation-valid-until\"")
			.contains("its link is valid until");

		// the invitation accepted, as the panel notes it when the link is followed
		this.identities.patch(invited.id(), List.of(IdentityChange
			.add("/metadata_admin/" + InvitationService.METADATA_KEY + "/accepted_at", Instant.now().toString())));

		assertThat(page("/identities/" + invited.id() + "/access")).contains("id=\"invitation-accepted\"")
			.doesNotContain("id=\"invitation-valid-until\"")
			.doesNotContain("its link is valid until");
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}

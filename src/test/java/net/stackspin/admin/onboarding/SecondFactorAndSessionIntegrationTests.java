package net.stackspin.admin.onboarding;

import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentitySession;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Second factors and sessions against the real Kratos: users enrol TOTP and backup codes
 * through Kratos's public settings flow and sign in from several devices; the
 * administrator resets and revokes in the panel, and Kratos then behaves accordingly.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SecondFactorAndSessionIntegrationTests extends KratosIntegrationTest {

	private static final String PHONE = "StackspinTest/1.0 (phone)";

	private static final String LAPTOP = "StackspinTest/1.0 (laptop)";

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosCredentials credentials;

	@Autowired
	KratosSessionsAdmin sessions;

	private final PublicApi publicApi = new PublicApi(KRATOS.publicUrl());

	private final RequestPostProcessor admin = SignedIn.admin();

	@Test
	void totpWhenEnrolledThenSignInNeedsItUntilTheAdministratorResetsIt() throws Exception {
		String email = uniqueEmail("totp");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		this.publicApi.enrolTotp(this.publicApi.signIn(email, TestIdentities.PASSWORD, PHONE));
		assertThat(this.credentials.identityAccess(user.id()).has("totp")).isTrue();
		assertNeedsSecondFactor(this.publicApi.signIn(email, TestIdentities.PASSWORD, PHONE));
		assertThat(page(user.id())).contains("Authenticator app (TOTP)").contains("id=\"reset-totp\"");

		String confirm = this.mvc.perform(get(base(user.id()) + "/second-factors/totp/reset").with(this.admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(confirm).contains("Remove Authenticator app (TOTP) of " + email + "?").contains("confirm-reset");
		assertThat(this.credentials.identityAccess(user.id()).has("totp")).as("asking is not doing").isTrue();

		action(user.id(), "/second-factors/totp/reset").andExpect(flash().attribute("message",
				"Authenticator app (TOTP) removed. Consider revoking the user's sessions below."));
		assertThat(this.credentials.identityAccess(user.id()).has("totp")).isFalse();
		assertThat(this.publicApi.whoami(this.publicApi.signIn(email, TestIdentities.PASSWORD, PHONE)).status())
			.isEqualTo(200);
		action(user.id(), "/second-factors/totp/reset")
			.andExpect(flash().attribute("message", "The user has no Authenticator app (TOTP); nothing was removed."));
	}

	@Test
	void lookupCodesWhenEnrolledThenSignInNeedsThemUntilReset() throws Exception {
		String email = uniqueEmail("lookup");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		this.publicApi.enrolLookupCodes(this.publicApi.signIn(email, TestIdentities.PASSWORD, PHONE));
		assertThat(this.credentials.identityAccess(user.id()).has("lookup_secret")).isTrue();
		assertNeedsSecondFactor(this.publicApi.signIn(email, TestIdentities.PASSWORD, PHONE));
		assertThat(page(user.id())).contains("Backup codes").contains("id=\"reset-lookup_secret\"");

		action(user.id(), "/second-factors/lookup_secret/reset").andExpect(flash().attributeExists("message"));
		assertThat(this.credentials.identityAccess(user.id()).has("lookup_secret")).isFalse();
		assertThat(this.publicApi.whoami(this.publicApi.signIn(email, TestIdentities.PASSWORD, PHONE)).status())
			.isEqualTo(200);
	}

	@Test
	void firstFactorWhenResetRequestedThenRefusedAndExplained() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("first"));
		assertThat(page(user.id())).contains("id=\"credential-password\"")
			.contains("Cannot be removed: Kratos keeps first factors")
			.doesNotContain("id=\"reset-password\"");
		action(user.id(), "/second-factors/password/reset").andExpect(flash().attribute("error",
				"Only second factors (TOTP, WebAuthn, backup codes) can be reset; first factors cannot be removed."));
		assertThat(this.credentials.identityAccess(user.id()).hasPassword()).isTrue();
	}

	@Test
	void sessionsWhenTwoDevicesThenListedAndRevokedOneThenAll() throws Exception {
		String email = uniqueEmail("sessions");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		assertThat(page(user.id())).contains("id=\"no-sessions\"")
			.contains("No sessions: the user is not signed in anywhere.")
			.doesNotContain("revoke-all-sessions");

		String phone = this.publicApi.signIn(email, TestIdentities.PASSWORD, PHONE);
		String laptop = this.publicApi.signIn(email, TestIdentities.PASSWORD, LAPTOP);
		List<IdentitySession> listed = this.sessions.sessions(user.id());
		assertThat(listed).hasSize(2).allSatisfy((session) -> {
			assertThat(session.active()).isTrue();
			assertThat(session.methods()).containsExactly("password");
			assertThat(session.authenticatedAt()).isNotNull();
			assertThat(session.expiresAt()).isAfter(session.authenticatedAt());
		});
		assertThat(listed).flatExtracting(IdentitySession::devices)
			.extracting(IdentitySession.Device::userAgent)
			.containsExactlyInAnyOrder(PHONE, LAPTOP);
		String page = page(user.id());
		assertThat(page).contains(PHONE).contains(LAPTOP).contains("127.0.0.1").contains("password (aal1)");

		String phoneSession = this.publicApi.whoami(phone).json().path("id").asString();
		action(user.id(), "/sessions/" + phoneSession + "/revoke")
			.andExpect(flash().attribute("message", "Session revoked: that device is signed out."));
		assertThat(this.publicApi.whoami(phone).status()).isEqualTo(401);
		assertThat(this.publicApi.whoami(laptop).status()).isEqualTo(200);

		action(user.id(), "/sessions/revoke")
			.andExpect(flash().attribute("message", "All sessions revoked: the user is signed out everywhere."));
		assertThat(this.publicApi.whoami(laptop).status()).isEqualTo(401);
		assertThat(this.sessions.sessions(user.id())).noneMatch(IdentitySession::active);
		action(user.id(), "/sessions/revoke")
			.andExpect(flash().attribute("message", "The user had no sessions; nothing to revoke."));
	}

	@Test
	void revokeWhenSessionOfAnotherIdentityThenRefusedAndKept() throws Exception {
		String otherEmail = uniqueEmail("other");
		TestIdentities.user(this.kratos, otherEmail);
		String token = this.publicApi.signIn(otherEmail, TestIdentities.PASSWORD, LAPTOP);
		String otherSession = this.publicApi.whoami(token).json().path("id").asString();
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("victim"));
		action(user.id(), "/sessions/" + otherSession + "/revoke")
			.andExpect(flash().attribute("error", "This user has no such session; nothing was revoked."));
		assertThat(this.publicApi.whoami(token).status()).isEqualTo(200);
	}

	private void assertNeedsSecondFactor(String token) {
		PublicApi.Answer whoami = this.publicApi.whoami(token);
		assertThat(whoami.status()).as(whoami.body()).isEqualTo(403);
		assertThat(whoami.json().path("error").path("id").asString()).isEqualTo("session_aal2_required");
	}

	private static String base(String id) {
		return "/identities/" + id + "/access";
	}

	private String page(String id) throws Exception {
		return this.mvc.perform(get(base(id)).with(this.admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private ResultActions action(String id, String action) throws Exception {
		return this.mvc.perform(post(base(id) + action).with(this.admin).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl(base(id)));
	}

}

package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import net.stackspin.admin.auth.AdminRole;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.KratosRecoveryFlows;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.kratos.RecoveryLink;
import net.stackspin.admin.testing.KratosFlows;
import net.stackspin.admin.testing.MailIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import net.stackspin.admin.testing.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Welcome e-mails and recovery against the real Kratos, with the panel and Kratos's
 * courier both sending to the test SMTP server; every mail is followed the way the user
 * would.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class RecoveryIntegrationTests extends MailIntegrationTest {

	private static final String NEW_PASSWORD = "Brand-New-Password-For-Tests-77";

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosCredentials credentials;

	@Autowired
	KratosPublicClient kratosPublic;

	@Autowired
	KratosRecoveryFlows recoveryFlows;

	@Autowired
	InvitationService invitations;

	private final KratosFlows flows = new KratosFlows(KRATOS.publicUrl());

	private final PublicApi publicApi = new PublicApi(KRATOS.publicUrl());

	private final RequestPostProcessor admin = SignedIn.admin();

	@Test
	void resendInvitationWhenNoPasswordThenWelcomeMailWhoseLinkSetsThePassword() throws Exception {
		String email = uniqueEmail("invited");
		IdentitySummary user = this.kratos.createIdentity(
				new NewIdentity(null, Map.of("email", email, "name", Map.of("first", "Ina", "last", "Vited")),
						IdentityState.ACTIVE, List.of(AdminRole.KRATOS_ROLE)));
		assertThat(this.invitations.canSendMail()).isTrue();
		String page = page(user.id(), null);
		assertThat(page).contains("id=\"resend-invitation\"")
			.contains("No invitation was sent from this panel.")
			.contains("not set yet");

		action(user.id(), "/invitation", Map.of())
			.andExpect(flash().attribute("message", "Invitation e-mailed to " + email + "."));

		MimeMessage mail = TestMail.awaitMessage(email, "Welcome to Stackspin", Duration.ofSeconds(10));
		String text = Mails.plainText(mail);
		assertThat(text).contains("Hello Ina Vited,").contains("The link works once, until");
		assertThat(Mails.html(mail)).contains("Set your password");
		String link = Mails.firstMatch(text, "(http\\S+/self-service/recovery\\?flow=\\S+&token=\\S+)");
		this.flows.completeRecoveryLink(link, NEW_PASSWORD);
		assertThat(this.kratosPublic.signInWithPassword(email, NEW_PASSWORD).session().identityId())
			.isEqualTo(user.id());

		// noted next to the roles, which stay; the link itself is not kept
		assertThat(this.kratos.adminRoles(user.id())).containsExactly(AdminRole.KRATOS_ROLE);
		var note = InvitationService.lastInvitation(this.credentials.identityAccess(user.id()));
		assertThat(note.mailed()).isTrue();
		assertThat(note.validUntil()).isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(120),
				Instant.now().plus(Duration.ofDays(7)).plusSeconds(120));
		assertThat(this.credentials.identityAccess(user.id()).metadataAdmin().toString()).doesNotContain("token=");
		String after = page(user.id(), null);
		assertThat(after).contains("Last invitation e-mailed on")
			.doesNotContain("id=\"resend-invitation\"")
			.contains("id=\"credential-password\"");
	}

	@Test
	void resendInvitationWhenPasswordSetThenRefused() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("has-password"));
		action(user.id(), "/invitation", Map.of()).andExpect(flash().attribute("error",
				"This user has already set a password, so there is no invitation to resend. Use recovery instead."));
		assertThat(InvitationService.lastInvitation(this.credentials.identityAccess(user.id()))).isNull();
	}

	@Test
	void recoveryLinkWhenCreatedThenShownOnceAndItSetsThePassword() throws Exception {
		String email = uniqueEmail("link");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		MvcResult created = action(user.id(), "/recovery-link", Map.of("lifetime", "4h")).andReturn();
		OneTimeSecret secret = (OneTimeSecret) created.getFlashMap().get("secret");
		assertThat(secret.kind()).isEqualTo("link");
		assertThat(secret.expiresAt()).isBetween(Instant.now().plus(Duration.ofHours(4)).minusSeconds(60),
				Instant.now().plus(Duration.ofHours(4)).plusSeconds(60));
		String shown = page(user.id(), created);
		assertThat(shown).contains("id=\"one-time-secret\"")
			.contains(secret.value().replace("&", "&amp;"))
			.contains("data-copy=\"secret-value\"")
			.contains("/js/copy.js");
		assertThat(page(user.id(), null)).doesNotContain("one-time-secret").doesNotContain(secret.value());

		this.flows.completeRecoveryLink(secret.value(), NEW_PASSWORD);
		assertThat(this.kratosPublic.signInWithPassword(email, NEW_PASSWORD).session().identityId())
			.isEqualTo(user.id());
	}

	@Test
	void recoveryCodeWhenCreatedThenWorksOnceAndNotTwice() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("code"));
		MvcResult created = action(user.id(), "/recovery-code", Map.of("lifetime", "15m")).andReturn();
		OneTimeSecret secret = (OneTimeSecret) created.getFlashMap().get("secret");
		assertThat(secret.kind()).isEqualTo("code");
		assertThat(secret.value()).matches("\\d{6}");
		assertThat(page(user.id(), created)).contains(secret.value()).contains("id=\"secret-url\"");
		String flowId = Mails.firstMatch(secret.url(), "[?&]flow=([0-9a-f-]{36})");

		PublicApi.Answer wrong = this.publicApi.submitRecoveryCode(flowId,
				"000000".equals(secret.value()) ? "111111" : "000000");
		assertThat(wrong.body()).contains("invalid");
		PublicApi.Answer used = this.publicApi.submitRecoveryCode(flowId, secret.value());
		assertAccepted(used);
		PublicApi.Answer again = this.publicApi.submitRecoveryCode(flowId, secret.value());
		assertThat(again.body()).doesNotContain("/self-service/settings?flow=");
		assertThat(again.location()).doesNotContain("/self-service/settings");
		assertThat(again.status()).as("%s %s", again.location(), again.body()).isNotEqualTo(422).isNotEqualTo(200);
	}

	@Test
	void sendRecoveryEmailWhenRequestedThenKratosMailsACodeThatWorks() throws Exception {
		String email = uniqueEmail("kratos-mail");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		action(user.id(), "/recovery-email", Map.of())
			.andExpect(flash().attribute("message", "Kratos is sending its recovery e-mail to " + email
					+ ". Its delivery shows under \"Mail from Kratos\"."));
		MimeMessage mail = TestMail.awaitMessage(email, "", Duration.ofSeconds(30));
		assertThat(Mails.plainText(mail)).containsPattern("\\b\\d{6}\\b");
		awaitCourierStatus(user.id(), "sent");

		// the code Kratos mails belongs to the flow the panel started: follow it through
		KratosRecoveryFlows.StartedRecovery flow = this.recoveryFlows.sendRecoveryEmail(email);
		assertThat(flow.state()).isEqualTo("sent_email");
		MimeMessage second = awaitNth(email, 2);
		String code = Mails.firstMatch(Mails.plainText(second), "\\b(\\d{6})\\b");
		assertAccepted(this.publicApi.submitRecoveryCode(flow.flowId(), code));
	}

	@Test
	void recoveryLinkAndCodeWhenCreatedThenAuditedButNeverLogged(CapturedOutput output) throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit"));
		OneTimeSecret link = (OneTimeSecret) action(user.id(), "/recovery-link", Map.of("lifetime", "1h")).andReturn()
			.getFlashMap()
			.get("secret");
		OneTimeSecret code = (OneTimeSecret) action(user.id(), "/recovery-code", Map.of("lifetime", "1h")).andReturn()
			.getFlashMap()
			.get("secret");
		assertThat(output).containsPattern("action=identity.recovery_link outcome=success .*target_id=" + user.id())
			.containsPattern("action=identity.recovery_code outcome=success .*target_id=" + user.id())
			.doesNotContain(link.value())
			.doesNotContain(Mails.firstMatch(link.value(), "token=([^&]+)"))
			.doesNotContain("code=" + code.value());
		assertThat(link.toString()).doesNotContain("http");
		assertThat(code.toString()).doesNotContain(code.value());
	}

	@Test
	void lifetimeWhenUnknownOrOutOfRangeThenRefusedAndNothingCreated() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("lifetime"));
		for (String lifetime : new String[] { "forever", "8d", "5m", "" }) {
			for (String action : new String[] { "/recovery-link", "/recovery-code" }) {
				action(user.id(), action, Map.of("lifetime", lifetime))
					.andExpect(flash().attribute("error",
							"Choose how long it stays valid: between 15 minutes and 7 days (e.g. 15m, 4h, 3d)."))
					.andExpect(flash().attributeCount(1));
			}
		}
	}

	@Test
	void actionWhenIdentityDeletedThenRefusedWithAClearMessage() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("deleted"));
		this.kratos.deleteIdentity(user.id());
		for (String action : new String[] { "/invitation", "/recovery-link", "/recovery-code", "/recovery-email",
				"/second-factors/totp/reset", "/sessions/revoke" }) {
			this.mvc
				.perform(post("/identities/" + user.id() + "/access" + action).param("lifetime", "1h")
					.with(this.admin)
					.with(csrf()))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/identities"))
				.andExpect(
						flash().attribute("error", "This user no longer exists (it was deleted). Nothing was done."));
		}
		this.mvc.perform(get("/identities/" + user.id() + "/access").with(this.admin)).andExpect(status().isNotFound());
	}

	@Test
	void actionWhenNoCsrfTokenThenForbidden() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("csrf"));
		this.mvc
			.perform(
					post("/identities/" + user.id() + "/access/recovery-link").param("lifetime", "1h").with(this.admin))
			.andExpect(status().isForbidden());
	}

	@Test
	void inviteWhenCalledByTheCreateFlowThenMailedAndNoted() {
		String email = uniqueEmail("created");
		IdentitySummary user = this.kratos
			.createIdentity(new NewIdentity(null, Map.of("email", email), IdentityState.ACTIVE, List.of()));
		Invitation invitation = this.invitations.invite(user.id());
		assertThat(invitation.mailed()).isTrue();
		assertThat(invitation.linkToCopy()).isFalse();
		assertThat(invitation.toString()).doesNotContain("http");
		assertThat(Mails.plainText(TestMail.awaitMessage(email, "Welcome", Duration.ofSeconds(10))))
			.startsWith("Hello,");
	}

	/**
	 * Kratos accepts a recovery code by sending the user on to the settings flow, where
	 * they choose a new password.
	 */
	private static void assertAccepted(PublicApi.Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(422);
		assertThat(answer.json().path("error").path("id").asString()).isEqualTo("browser_location_change_required");
		assertThat(answer.json().path("redirect_browser_to").asString()).contains("/self-service/settings?flow=");
	}

	private void awaitCourierStatus(String id, String status) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		String page = "";
		while (Instant.now().isBefore(deadline)) {
			page = page(id, null);
			if (page.contains("id=\"courier-messages\"") && page.contains(">" + status + "</span>")) {
				assertThat(page).contains("recovery_code_valid");
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("no courier message with status " + status + " on the page:\n" + page);
	}

	private static MimeMessage awaitNth(String email, int n) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			List<MimeMessage> mails = TestMail.messagesTo(email);
			if (mails.size() >= n) {
				return mails.get(n - 1);
			}
			Thread.sleep(100);
		}
		throw new AssertionError("fewer than " + n + " mails to " + email);
	}

	/**
	 * The access page, carrying the sealed flash cookie of {@code redirectedFrom} if
	 * given.
	 */
	private String page(String id, MvcResult redirectedFrom) throws Exception {
		var request = get("/identities/" + id + "/access").with(this.admin);
		if (redirectedFrom != null) {
			request.cookie(redirectedFrom.getResponse().getCookie("stackspin_flash"));
		}
		return this.mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	private org.springframework.test.web.servlet.ResultActions action(String id, String action,
			Map<String, String> params) throws Exception {
		var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post("/identities/" + id + "/access" + action)
			.with(this.admin)
			.with(csrf());
		params.forEach(request::param);
		return this.mvc.perform(request)
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities/" + id + "/access"));
	}

}

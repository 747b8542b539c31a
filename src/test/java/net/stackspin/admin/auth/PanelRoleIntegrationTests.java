package net.stackspin.admin.auth;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentitySession;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.testing.HtmlForm;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.RecordedAudit;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The panel roles over real HTTP, signed in through the sign-in page with real Kratos
 * sessions: a helpdesk user helps someone back in but cannot change them, even with a
 * hand-made POST that carries a valid CSRF token; a viewer sees no action that creates a
 * secret and may not use one either.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "stackspin.security.cookie-secure=false", "management.server.port=" })
@Import(RecordedAudit.class)
class PanelRoleIntegrationTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosSessionsAdmin sessions;

	@Autowired
	RecordedAudit.Events audit;

	@Test
	void helpdeskIssuesARecoveryCodeButMayNotCreateEditOrDelete() {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("helped"));
		HttpSession helpdesk = signedIn("helpdesk");

		HttpResponse<String> access = helpdesk.get(url("/identities/" + user.id() + "/access"));
		assertThat(access.statusCode()).isEqualTo(200);
		assertThat(access.body()).contains("id=\"create-recovery-code\"").contains("id=\"recovery-actions\"");
		HttpResponse<String> issued = helpdesk.postForm(url("/identities/" + user.id() + "/access/recovery-code"),
				Map.of("lifetime", "1h"));
		assertThat(issued.statusCode()).isEqualTo(302);
		assertThat(helpdesk.get(url("/identities/" + user.id() + "/access")).body()).contains("id=\"one-time-secret\"")
			.contains("id=\"secret-value\"");

		// the pages offer no way to change the user...
		String detail = helpdesk.get(url("/identities/" + user.id())).body();
		assertThat(detail).doesNotContain("id=\"edit\"").doesNotContain("id=\"delete\"");
		String list = helpdesk.get(url("/identities")).body();
		assertThat(list).doesNotContain("id=\"new-identity\"")
			.doesNotContain("id=\"drift-report\"")
			.doesNotContain("id=\"bulk-bar\"")
			.doesNotContain("name=\"ids\"")
			.doesNotContain("/identities/bulk")
			.contains("id=\"signed-in-role\">helpdesk</span>");
		// ...and hand-made requests with this session's valid token are refused
		String token = helpdesk.csrfToken();
		assertThat(token).isNotBlank();
		String intruder = uniqueEmail("intruder");
		assertThat(helpdesk
			.postForm(url("/identities/" + user.id() + "/edit"), Map.of("_csrf", token, "schema", "default",
					"traits.email", uniqueEmail("hijacked"), "role", "admin"))
			.statusCode()).isEqualTo(403);
		assertThat(helpdesk.postForm(url("/identities/" + user.id() + "/delete"), Map.of("_csrf", token)).statusCode())
			.isEqualTo(403);
		assertThat(helpdesk
			.postForm(url("/identities/new"), Map.of("_csrf", token, "schema", "default", "traits.email", intruder))
			.statusCode()).isEqualTo(403);
		assertThat(helpdesk.get(url("/identities/" + user.id() + "/edit")).statusCode()).isEqualTo(403);
		assertThat(helpdesk.get(url("/identities/drift")).statusCode()).isEqualTo(403);

		assertThat(this.kratos.findByIdentifier(user.email())).isPresent();
		assertThat(this.kratos.adminRoles(user.id())).isEmpty();
		assertThat(this.kratos.findByIdentifier(intruder)).isEmpty();
		// the token itself was good: the same session may still use what its role allows
		assertThat(
				helpdesk.postForm(url("/identities/" + user.id() + "/access/sessions/revoke"), Map.of("_csrf", token))
					.statusCode())
			.isEqualTo(302);
	}

	@Test
	void helpdeskCannotTakeOverAnAdministrator() {
		String adminEmail = uniqueEmail("outranking-admin");
		IdentitySummary admin = TestIdentities.create(this.kratos, adminEmail, IdentityState.ACTIVE, List.of("admin"));
		HttpSession adminBrowser = signIn(adminEmail);
		HttpSession helpdesk = signedIn("helpdesk");

		// the Access tab says why and offers nothing...
		HttpResponse<String> tab = helpdesk.get(url("/identities/" + admin.id() + "/access"));
		assertThat(tab.statusCode()).isEqualTo(200);
		assertThat(tab.body()).contains("id=\"outranked\"")
			.contains("holds the panel role “admin”")
			.doesNotContain("id=\"recovery-actions\"")
			.doesNotContain("/access/recovery-")
			.doesNotContain("/revoke\"")
			.doesNotContain("id=\"revoke-all-sessions\"");
		// ...and the hand-made POSTs with a valid token are refused with a page that says
		// why
		String token = helpdesk.csrfToken();
		HttpResponse<String> link = helpdesk.postForm(url("/identities/" + admin.id() + "/access/recovery-link"),
				Map.of("_csrf", token, "lifetime", "1h"));
		assertThat(link.statusCode()).isEqualTo(403);
		assertThat(link.body()).contains("Not allowed for this user")
			.contains("Only an administrator can help them back in")
			.doesNotContain("/self-service/recovery?");
		assertThat(
				helpdesk.postForm(url("/identities/" + admin.id() + "/access/sessions/revoke"), Map.of("_csrf", token))
					.statusCode())
			.isEqualTo(403);
		assertThat(this.sessions.sessions(admin.id())).anyMatch(IdentitySession::active);
		assertThat(adminBrowser.get(url("/identities")).statusCode()).isEqualTo(200);
		// the refusal is in the administrator's trail
		assertThat(this.audit.events()).anySatisfy((event) -> {
			assertThat(event.action()).isEqualTo("identity.recovery_link");
			assertThat(event.target().id()).isEqualTo(admin.id());
			assertThat(event.outcome()).isEqualTo("refused");
			assertThat(event.values()).containsEntry("reason", "rank");
		});

		// an administrator is the administrator's peer: the buttons are there
		HttpSession otherAdmin = signedIn("admin");
		assertThat(otherAdmin.get(url("/identities/" + admin.id() + "/access")).body())
			.contains("id=\"create-recovery-link\"")
			.doesNotContain("id=\"outranked\"");
	}

	@Test
	void viewerSeesTheAccessTabWithoutAnyActionThatCreatesSecrets() {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("viewed"));
		HttpSession viewer = signedIn("viewer");

		HttpResponse<String> access = viewer.get(url("/identities/" + user.id() + "/access"));
		assertThat(access.statusCode()).isEqualTo(200);
		assertThat(access.body()).contains("id=\"credentials\"")
			.doesNotContain("id=\"recovery-actions\"")
			.doesNotContain("id=\"create-recovery-link\"")
			.doesNotContain("id=\"create-recovery-code\"")
			.doesNotContain("id=\"send-recovery-email\"")
			.doesNotContain("id=\"resend-invitation\"")
			.doesNotContain("/access/recovery-")
			.doesNotContain("/access/invitation")
			.doesNotContain("/reset\"")
			.doesNotContain("/revoke\"");
		String detail = viewer.get(url("/identities/" + user.id())).body();
		assertThat(detail).contains("id=\"tab-access\"")
			.contains("id=\"signed-in-role\">viewer (read-only)</span>")
			.doesNotContain("id=\"edit\"")
			.doesNotContain("id=\"delete\"");

		String token = viewer.csrfToken();
		HttpResponse<String> refused = viewer.postForm(url("/identities/" + user.id() + "/access/recovery-code"),
				Map.of("_csrf", token, "lifetime", "1h"));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain("one-time-secret");
		assertThat(viewer.postForm(url("/identities/" + user.id() + "/access/recovery-link"), Map.of("_csrf", token))
			.statusCode()).isEqualTo(403);
	}

	@Test
	void administratorMakesAColleagueHelpdeskWhoThenHelpsAUserBackIn() {
		IdentitySummary colleague = TestIdentities.user(this.kratos, uniqueEmail("colleague"));
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("locked-out"));
		HttpSession admin = signedIn("admin");
		String editPage = admin.get(url("/identities/" + colleague.id() + "/edit")).body();
		Map<String, String> form = new HashMap<>(
				HtmlForm.params(editPage, "action=\"/identities/" + colleague.id() + "/edit\"").toSingleValueMap());
		assertThat(form).containsEntry("role", "");
		form.put("role", "helpdesk");
		assertThat(admin.postForm(url("/identities/" + colleague.id() + "/edit"), form).statusCode()).isEqualTo(302);
		assertThat(this.kratos.adminRoles(colleague.id())).containsExactly("helpdesk");
		assertThat(admin.get(url("/identities/" + colleague.id())).body()).contains("helpdesk (helps users back in)");

		HttpSession helpdesk = signIn(colleague.email());
		helpdesk.get(url("/identities/" + user.id() + "/access"));
		assertThat(
				helpdesk.postForm(url("/identities/" + user.id() + "/access/recovery-link"), Map.of("lifetime", "1h"))
					.statusCode())
			.isEqualTo(302);
		assertThat(helpdesk.get(url("/identities/" + user.id() + "/access")).body())
			.contains("/self-service/recovery?");
	}

	@Test
	void identitiesWithoutAPanelRoleOrWithAnotherRoleAreNotSignedIn() {
		for (List<String> roles : List.of(List.<String>of(), List.of("billing"))) {
			String email = uniqueEmail("norole");
			TestIdentities.create(this.kratos, email, IdentityState.ACTIVE, roles);
			HttpSession browser = new HttpSession();
			browser.get(url("/login"));
			HttpResponse<String> refused = browser.postForm(url("/login"),
					Map.of("email", email, "password", TestIdentities.PASSWORD));
			assertThat(refused.statusCode()).as(roles.toString()).isNotEqualTo(302);
			assertThat(refused.body()).contains("This account has no role in this panel");
			assertThat(browser.get(url("/identities")).statusCode()).isEqualTo(302);
		}
	}

	private HttpSession signedIn(String role) {
		String email = uniqueEmail(role);
		TestIdentities.create(this.kratos, email, IdentityState.ACTIVE, List.of(role));
		return signIn(email);
	}

	private HttpSession signIn(String email) {
		HttpSession browser = new HttpSession();
		browser.get(url("/login"));
		assertThat(browser.postForm(url("/login"), Map.of("email", email, "password", TestIdentities.PASSWORD))
			.statusCode()).isEqualTo(302);
		assertThat(browser.get(url("/identities")).statusCode()).isEqualTo(200);
		return browser;
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}

package net.stackspin.admin.identities;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import net.stackspin.admin.audit.AuditEvent;
import net.stackspin.admin.auth.AdminRole;
import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.InvitationNote;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.RecordedAudit;
import net.stackspin.admin.testing.HtmlForm;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import net.stackspin.admin.testing.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Bulk actions on the list, over real HTTP with JavaScript off (the forms as the HTML has
 * them: tick boxes, post, confirm, read the results) against a Kratos of its own, so that
 * "the last active administrator" is known. Every action, the refusals for one's own
 * account and the last administrator (also when two administrators deactivate each other
 * at once), and one audit event per user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "stackspin.security.cookie-secure=false", "management.server.port=" })
@AutoConfigureMockMvc
@Import(RecordedAudit.class)
class BulkActionsIntegrationTests {

	private static final KratosServer OWN_KRATOS = KratosServer.startIsolated();

	@DynamicPropertySource
	static void kratosAndMail(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", OWN_KRATOS::adminUrl);
		registry.add("stackspin.kratos.public-url", OWN_KRATOS::publicUrl);
		TestMail.shared();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMail::port);
	}

	@AfterAll
	static void stopKratos() {
		OWN_KRATOS.stop();
	}

	@LocalServerPort
	int port;

	/** Every audit event of the run. */
	@Autowired
	RecordedAudit.Events audit;

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Autowired
	KratosSessionsAdmin sessions;

	@Autowired
	KratosPublicClient kratosPublic;

	@Autowired
	KratosCredentials credentials;

	@BeforeEach
	void noIdentities() {
		IdentityPage page = this.kratos.listIdentities(250, null);
		while (!page.identities().isEmpty()) {
			page.identities().forEach((identity) -> this.kratos.deleteIdentity(identity.id()));
			page = this.kratos.listIdentities(250, null);
		}
		this.audit.events().clear();
	}

	@Test
	void everyActionThroughPlainFormsWithYourOwnAccountSkipped() {
		IdentitySummary me = TestIdentities.admin(this.kratos, "me@example.org");
		IdentitySummary colleague = TestIdentities.admin(this.kratos, "colleague@example.org");
		IdentitySummary ada = TestIdentities.user(this.kratos, "ada@example.org");
		IdentitySummary bob = TestIdentities.user(this.kratos, "bob@example.org");
		IdentitySummary invited = this.kratos.createIdentity(
				new NewIdentity(null, Map.of("email", "invited@example.org"), IdentityState.ACTIVE, List.of()));
		HttpSession browser = signIn(me.email());

		// the list: a labelled checkbox per row, nothing ticked; "select all" without
		// JavaScript is a link that ticks every box
		String list = browser.get(url("/identities?size=250")).body();
		assertThat(list).contains("id=\"bulk-form\"")
			.contains("name=\"ids\" value=\"" + ada.id() + "\"")
			.contains("aria-label=\"Select ada@example.org\"")
			.doesNotContain(" checked>");
		String selectAll = HtmlForm.attribute(list, "id=\"select-all-link\"", "href");
		String allTicked = browser.get(url(selectAll)).body();
		assertThat(HtmlForm.params(allTicked, "id=\"bulk-form\"").get("ids")).containsExactlyInAnyOrder(me.id(),
				colleague.id(), ada.id(), bob.id(), invited.id());

		List<String> results = bulk(browser, "deactivate", me, colleague, ada);
		assertThat(results).containsExactly(me.id() + "=self", colleague.id() + "=deactivated",
				ada.id() + "=deactivated");
		assertThat(this.identities.detail(me.id()).state()).isEqualTo(IdentityState.ACTIVE);
		assertThat(this.identities.detail(colleague.id()).state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(this.identities.detail(ada.id()).state()).isEqualTo(IdentityState.INACTIVE);

		assertThat(bulk(browser, "activate", colleague, ada, bob)).containsExactly(colleague.id() + "=activated",
				ada.id() + "=activated", bob.id() + "=already_activated");
		assertThat(this.identities.detail(ada.id()).state()).isEqualTo(IdentityState.ACTIVE);

		this.kratosPublic.signInWithPassword(ada.email(), TestIdentities.PASSWORD);
		assertThat(this.sessions.sessions(ada.id())).anyMatch((session) -> session.active());
		assertThat(bulk(browser, "revoke_sessions", ada, bob)).containsExactly(ada.id() + "=revoked",
				bob.id() + "=noSessions");

		assertThat(this.sessions.sessions(ada.id())).noneMatch((session) -> session.active());

		assertThat(bulk(browser, "resend_invitation", invited, ada)).containsExactly(invited.id() + "=invited",
				ada.id() + "=hasPassword");
		assertThat(TestMail.awaitMessage("invited@example.org", "Welcome to Stackspin", Duration.ofSeconds(15)))
			.isNotNull();

		assertThat(bulk(browser, "delete", bob, me)).containsExactly(bob.id() + "=deleted", me.id() + "=self");
		assertThat(this.kratos.findByIdentifier("bob@example.org")).isEmpty();
		assertThat(this.kratos.findByIdentifier("me@example.org")).isPresent();

		// one event per user, and one with the counts
		List<AuditEvent> deletes = this.audit.events()
			.stream()
			.filter((event) -> event.action().equals("identity.bulk.delete"))
			.toList();
		assertThat(deletes).hasSize(3);
		assertThat(deletes.get(0).target().id()).isEqualTo(bob.id());
		assertThat(deletes.get(0).outcome()).isEqualTo("deleted");
		assertThat(deletes.get(0).actor().id()).isEqualTo(me.id());
		assertThat(deletes.get(1).outcome()).isEqualTo("self");
		assertThat(deletes.get(2).target()).isNull();
		assertThat(deletes.get(2).counts()).containsEntry("selected", 2L)
			.containsEntry("deleted", 1L)
			.containsEntry("self", 1L);
	}

	@Test
	void theLastActiveAdministratorIsNeverDeactivatedOrDeleted() throws Exception {
		IdentitySummary last = TestIdentities.admin(this.kratos, "last-admin@example.org");
		IdentitySummary inactive = TestIdentities.create(this.kratos, "inactive-admin@example.org",
				IdentityState.INACTIVE, List.of(AdminRole.KRATOS_ROLE));
		// signed in, but no longer in Kratos (e.g. deleted by another replica meanwhile)
		var ghost = SignedIn.admin(UUID.randomUUID().toString(), "ghost@example.org");
		String deactivated = this.mvc
			.perform(run("deactivate", last.id(), inactive.id(), UUID.randomUUID().toString()).with(ghost))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(deactivated).contains("data-outcome=\"lastAdmin\"")
			.contains("Refused: the last active administrator.")
			.contains("data-outcome=\"already_deactivated\"")
			.contains("Skipped: this user no longer exists.");
		this.mvc.perform(run("delete", last.id()).with(ghost)).andExpect(status().isOk());
		IdentityDetail kept = this.identities.detail(last.id());
		assertThat(kept.state()).isEqualTo(IdentityState.ACTIVE);
		assertThat(kept.roles()).containsExactly(AdminRole.KRATOS_ROLE);
	}

	@Test
	void twoAdministratorsDeactivatingEachOtherAtOnceLeaveOne() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 3; round++) {
				noIdentities();
				IdentitySummary a = TestIdentities.admin(this.kratos, "a-" + round + "@example.org");
				IdentitySummary b = TestIdentities.admin(this.kratos, "b-" + round + "@example.org");
				MockHttpServletRequestBuilder aOnB = run("deactivate", b.id()).with(SignedIn.admin(a.id(), a.email()));
				MockHttpServletRequestBuilder bOnA = run("deactivate", a.id()).with(SignedIn.admin(b.id(), b.email()));
				CyclicBarrier start = new CyclicBarrier(2);
				List<Future<String>> answers = new ArrayList<>();
				for (MockHttpServletRequestBuilder request : List.of(aOnB, bOnA)) {
					answers.add(pool.submit(() -> {
						start.await();
						return this.mvc.perform(request).andReturn().getResponse().getContentAsString();
					}));
				}
				for (Future<String> answer : answers) {
					answer.get();
				}
				long active = List.of(a, b)
					.stream()
					.filter((admin) -> this.identities.detail(admin.id()).state() == IdentityState.ACTIVE)
					.count();
				assertThat(active).as("round %d", round).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void badSelectionsAreRefusedWithAMessageAndHelpdeskMayNotUseBulkActions() throws Exception {
		IdentitySummary ada = TestIdentities.user(this.kratos, "ada@example.org");
		this.mvc.perform(post("/identities/bulk").with(SignedIn.admin()).with(csrf()).param("action", "delete"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("error", "Select at least one user."));
		MockHttpServletRequestBuilder tooMany = run("deactivate").with(SignedIn.admin());
		for (int i = 0; i <= BulkActions.MAX_SELECTION; i++) {
			tooMany.param("ids", UUID.randomUUID().toString());
		}
		assertThat(this.mvc.perform(tooMany)
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("At most 250 users can be changed at once.");
		assertThat(this.mvc.perform(run("deactivate", ada.id(), "../../etc").with(SignedIn.admin()))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("The selection holds something that is no user id.");
		this.mvc
			.perform(post("/identities/bulk").with(SignedIn.admin())
				.with(csrf())
				.param("action", "explode")
				.param("ids", ada.id()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("error", "Choose what to do with the selected users."));
		// without a CSRF token, and for helpdesk, nothing happens
		this.mvc.perform(
				post("/identities/bulk/run").with(SignedIn.admin()).param("action", "delete").param("ids", ada.id()))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(run("delete", ada.id())
				.with(SignedIn.as(PanelRole.HELPDESK, UUID.randomUUID().toString(), "help@example.org")))
			.andExpect(status().isForbidden());
		assertThat(this.identities.detail(ada.id()).state()).isEqualTo(IdentityState.ACTIVE);
	}

	@Test
	void everyonePendingFilteredAcrossPagesThenInvitedAgainInOneGo() {
		IdentitySummary me = TestIdentities.admin(this.kratos, "me@example.org");
		Instant now = Instant.now();
		List<String> pending = new ArrayList<>();
		Map<String, String> emails = new java.util.HashMap<>();
		for (int i = 0; i < 30; i++) {
			IdentitySummary user = this.kratos.createIdentity(new NewIdentity(null,
					Map.of("email", "pending-" + i + "@example.org"), IdentityState.ACTIVE, List.of()));
			note(user, InvitationNote.sent(null, now, now.plus(Duration.ofDays(7)), "email", null));
			pending.add(user.id());
			emails.put(user.id(), "pending-" + i + "@example.org");
			if (i % 6 == 0) {
				IdentitySummary expired = this.kratos.createIdentity(new NewIdentity(null,
						Map.of("email", "expired-" + i + "@example.org"), IdentityState.ACTIVE, List.of()));
				note(expired, InvitationNote.sent(null, now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(2)),
						"email", null));
				TestIdentities.user(this.kratos, "never-" + i + "@example.org");
			}
		}
		HttpSession browser = signIn(me.email());

		// 25 a page: the first page ends at the 25th pending user, the next starts after
		// it
		String first = browser.get(url("/identities?size=25&invitation=pending")).body();
		List<String> firstIds = rowIds(first);
		assertThat(firstIds).hasSize(25);
		assertThat(first).doesNotContain("data-invitation=\"expired\"").doesNotContain("data-invitation=\"none\"");
		String next = HtmlForm.attribute(first, "rel=\"next\"", "href");
		assertThat(next).contains("invitation=pending");
		List<String> secondIds = rowIds(browser.get(url(next)).body());
		assertThat(secondIds).hasSize(5).doesNotContainAnyElementsOf(firstIds);
		List<String> all = new ArrayList<>(firstIds);
		all.addAll(secondIds);
		assertThat(all).containsExactlyInAnyOrderElementsOf(pending);
		assertThat(rowIds(browser.get(url("/identities?size=25&invitation=expired")).body())).hasSize(5);

		// "resend to everyone pending": select all on the filtered page, resend
		String ticked = browser.get(url(HtmlForm.attribute(first, "id=\"select-all-link\"", "href"))).body();
		MultiValueMap<String, String> form = HtmlForm.params(ticked, "id=\"bulk-form\"");
		assertThat(form.get("ids")).containsExactlyInAnyOrderElementsOf(firstIds);
		form.put("action", List.of("resend_invitation"));
		HttpResponse<String> confirm = browser.postForm(url("/identities/bulk"), form);
		HttpResponse<String> result = browser.postForm(url("/identities/bulk/run"),
				HtmlForm.params(confirm.body(), "id=\"bulk-run\""));
		assertThat(result.body()).contains("Done for 25 of 25 users.");
		// the first page holds 25 of the 30 in Kratos's (id) order: pending-0 may be on
		// the second
		assertThat(TestMail.awaitMessage(emails.get(firstIds.get(0)), "Welcome to Stackspin", Duration.ofSeconds(15)))
			.isNotNull();
	}

	private void note(IdentitySummary user, InvitationNote note) {
		this.credentials.putAdminMetadata(user.id(), InvitationNote.METADATA_KEY, note.toMetadata());
	}

	private static List<String> rowIds(String html) {
		List<String> ids = new ArrayList<>();
		java.util.regex.Matcher box = java.util.regex.Pattern.compile("name=\"ids\" value=\"([^\"]+)\"").matcher(html);
		while (box.find()) {
			ids.add(box.group(1));
		}
		return ids;
	}

	/**
	 * Ticks these users on the list, chooses the action, posts; reads the confirmation
	 * page (which names them), posts its form, and returns "id=outcome" per result row.
	 */
	private List<String> bulk(HttpSession browser, String action, IdentitySummary... users) {
		String list = browser.get(url("/identities?size=250")).body();
		MultiValueMap<String, String> form = HtmlForm.params(list, "id=\"bulk-form\"");
		form.put("action", List.of(action));
		form.put("ids", java.util.Arrays.stream(users).map(IdentitySummary::id).toList());
		HttpResponse<String> confirm = browser.postForm(url("/identities/bulk"), form);
		assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
		for (IdentitySummary user : users) {
			assertThat(confirm.body()).contains(">" + user.email() + "</a>");
		}
		HttpResponse<String> result = browser.postForm(url("/identities/bulk/run"),
				HtmlForm.params(confirm.body(), "id=\"bulk-run\""));
		assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
		List<String> outcomes = new ArrayList<>();
		java.util.regex.Matcher row = java.util.regex.Pattern.compile("data-id=\"([^\"]+)\" data-outcome=\"([^\"]+)\"")
			.matcher(result.body());
		while (row.find()) {
			outcomes.add(row.group(1) + "=" + row.group(2));
		}
		return outcomes;
	}

	private static MockHttpServletRequestBuilder run(String action, String... ids) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		params.add("action", action);
		params.put("ids", List.of(ids));
		return post("/identities/bulk/run").with(csrf()).params(params);
	}

	private HttpSession signIn(String email) {
		HttpSession browser = new HttpSession();
		browser.get(url("/login"));
		assertThat(browser.postForm(url("/login"), Map.of("email", email, "password", TestIdentities.PASSWORD))
			.statusCode()).isEqualTo(302);
		return browser;
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}

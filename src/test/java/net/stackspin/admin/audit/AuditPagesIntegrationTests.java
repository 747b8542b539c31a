package net.stackspin.admin.audit;

import java.time.Duration;
import java.util.List;

import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.PostgresServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Activity page and a user's History tab over a real PostgreSQL and the real Kratos:
 * who may see which, filters, keyset paging, both languages, and clear answers to bad
 * input.
 */
@SpringBootTest
@AutoConfigureMockMvc
class AuditPagesIntegrationTests extends KratosIntegrationTest {

	static final String DATABASE = PostgresServer.shared().createDatabase("pages");

	@DynamicPropertySource
	static void auditDatabase(DynamicPropertyRegistry registry) {
		registry.add("stackspin.audit.database-url", () -> DATABASE);
		registry.add("stackspin.audit.database-username", () -> "postgres");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	AuditTrail audit;

	@Autowired
	DatabaseAuditSink sink;

	@Autowired
	KratosAdminClient kratos;

	static final RequestPostProcessor ADMIN = SignedIn.admin();

	@Test
	void historyTabShowsTheEventsOfThatUserToAnyoneWhoMayViewUsers() throws Exception {
		String email = uniqueEmail("history");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		IdentitySummary other = TestIdentities.user(this.kratos, uniqueEmail("other"));
		this.audit.event("identity.update")
			.actor("00000000-0000-4000-8000-0000000000a1", "ada@example.org", "admin")
			.target(user.id(), email)
			.changed(List.of("name.first", "state"))
			.value("state", "inactive")
			.record();
		this.audit.event("identity.recovery_code")
			.actor("00000000-0000-4000-8000-0000000000b2", "<b>helper</b>@example.org", "helpdesk")
			.target(user.id(), email)
			.record();
		this.audit.event("identity.delete").actor("x", "x@example.org", "admin").target(other.id(), "other").record();
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();

		for (PanelRole role : PanelRole.values()) {
			String page = this.mvc
				.perform(get("/identities/" + user.id() + "/history")
					.with(SignedIn.as(role, "00000000-0000-4000-8000-00000000c0c" + role.ordinal(), "r@example.org")))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(page).contains("<caption>Recorded actions concerning " + email + ", newest first</caption>")
				.contains("Edited user", "changed: name.first, state; state = inactive", "ada@example.org")
				.contains("Created recovery code", "&lt;b&gt;helper&lt;/b&gt;@example.org")
				.doesNotContain("<b>helper</b>")
				.doesNotContain("Deleted user")
				.contains("aria-current=\"page\" id=\"tab-history\"");
			assertThat(page.indexOf("Created recovery code")).as("newest first")
				.isLessThan(page.indexOf("Edited user"));
		}
		String dutch = this.mvc
			.perform(get("/identities/" + user.id() + "/history").header("Accept-Language", "nl").with(ADMIN))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(dutch).contains("Geschiedenis", "Gebruiker bewerkt", "gewijzigd: name.first, state");

		// the profile and access tabs link to it
		assertThat(this.mvc.perform(get("/identities/" + user.id()).with(ADMIN))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("href=\"/identities/" + user.id() + "/history\"");
	}

	/**
	 * Issue 24: an administrator created by an import is named in its own History tab
	 * (role, hash, verified); where the importing administrator worked from is shown to
	 * administrators only.
	 */
	@Test
	void anImportedAdministratorHasItsOwnEventAndClientAddressesAreForAdministrators() throws Exception {
		String email = uniqueEmail("imported-admin");
		String file = "email,role,verified,password_hash\n" + email + ",admin,true,"
				+ new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode("Imported-Pw-1")
				+ "\n";
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/identities/import")
				.file(new org.springframework.mock.web.MockMultipartFile("file", "admins.csv", "text/csv",
						file.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				.param("action", "import")
				.with(ADMIN)
				.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
				.with((request) -> {
					request.setRemoteAddr("198.51.100.24");
					return request;
				}))
			.andExpect(status().isOk());
		String id = this.kratos.findByIdentifier(email).orElseThrow().id();
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();

		String history = body("/identities/" + id + "/history");
		assertThat(history).doesNotContain("Nothing recorded.")
			.contains("data-action=\"identity.create\"")
			.contains("via = import")
			.contains("role = admin")
			.contains("password_hash = yes")
			.contains("verified = yes")
			.contains("198.51.100.24");
		for (PanelRole role : List.of(PanelRole.VIEWER, PanelRole.HELPDESK)) {
			String page = this.mvc
				.perform(get("/identities/" + id + "/history")
					.with(SignedIn.as(role, "00000000-0000-4000-8000-00000000c0c" + role.ordinal(), "r@example.org")))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(page).as(role.name())
				.contains("data-action=\"identity.create\"")
				.doesNotContain("198.51.100.24")
				.doesNotContain("class=\"client-address\"");
		}
	}

	@Test
	void activityPageIsForAdministratorsAndFiltersByActorTargetActionAndDay() throws Exception {
		String actorId = java.util.UUID.randomUUID().toString();
		String target = uniqueEmail("activity");
		for (int i = 0; i < 3; i++) {
			this.audit.event("identity.recovery_link")
				.actor(actorId, "filter-admin@example.org", "admin")
				.target(null, target)
				.record();
		}
		this.audit.event("identity.update")
			.actor(actorId, "filter-admin@example.org", "admin")
			.target(null, target)
			.record();
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();

		String all = body("/activity?actor=" + actorId);
		assertThat(all).contains("<caption>Recorded actions of all panel users, newest first</caption>");
		assertThat(count(all, "data-action=\"identity.recovery_link\"")).isEqualTo(3);
		assertThat(count(all, "data-action=\"identity.update\"")).isEqualTo(1);
		assertThat(count(body("/activity?actor=filter-admin&target=" + target + "&action=identity.recovery"),
				"data-action="))
			.isEqualTo(3);
		String today = java.time.LocalDate.now(java.time.ZoneId.systemDefault()).toString();
		assertThat(count(body("/activity?actor=" + actorId + "&from=" + today + "&until=" + today), "data-action="))
			.isEqualTo(4);
		assertThat(body("/activity?actor=" + actorId + "&until=2001-01-01")).contains("Nothing recorded.");

		// only administrators: the page and the navigation link
		for (PanelRole role : List.of(PanelRole.VIEWER, PanelRole.HELPDESK)) {
			this.mvc.perform(get("/activity").with(SignedIn.as(role, actorId, "r@example.org")))
				.andExpect(status().isForbidden());
			assertThat(this.mvc.perform(get("/identities").with(SignedIn.as(role, actorId, "r@example.org")))
				.andReturn()
				.getResponse()
				.getContentAsString()).doesNotContain("href=\"/activity\"");
		}
		assertThat(body("/identities")).contains("href=\"/activity\"");
	}

	@Test
	void pagesFollowTheKeysetCursorToOlderEvents() throws Exception {
		String actorId = java.util.UUID.randomUUID().toString();
		for (int i = 0; i < ActivityController.PAGE_SIZE + 5; i++) {
			this.audit.event("identity.update")
				.actor(actorId, "pager@example.org", "admin")
				.target(null, "t" + i)
				.record();
		}
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();

		String first = body("/activity?actor=" + actorId);
		assertThat(count(first, "data-action=")).isEqualTo(ActivityController.PAGE_SIZE);
		java.util.regex.Matcher next = java.util.regex.Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"")
			.matcher(first);
		assertThat(next.find()).as("a link to older events").isTrue();
		String second = body(org.springframework.web.util.HtmlUtils.htmlUnescape(next.group(1)));
		assertThat(count(second, "data-action=")).isEqualTo(5);
		assertThat(second).doesNotContain("id=\"next-page\"").contains("id=\"first-page\"");
	}

	@Test
	void badDatesAndInventedPageLinksGetAClearAnswer() throws Exception {
		String page = this.mvc.perform(get("/activity?from=yesterday&until=2026-13-45").with(ADMIN))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Not a date: write it as YYYY-MM-DD.").contains("value=\"yesterday\"");
		assertThat(this.mvc.perform(get("/activity?after=invented").with(ADMIN))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("This page link is not valid");
		this.mvc.perform(get("/identities/not-a-uuid/history").with(ADMIN)).andExpect(status().isNotFound());
		this.mvc.perform(get("/identities/" + java.util.UUID.randomUUID() + "/history").with(ADMIN))
			.andExpect(status().isNotFound());
	}

	/**
	 * Issue 24, finding 5e: dates Java parses but cannot compute with
	 * ({@code +999999999-12-31} is LocalDate.MAX, the day after it does not exist) or the
	 * database cannot hold were a 500.
	 */
	@Test
	void datesOutOfRangeAreAClearFieldErrorNotAServerError() throws Exception {
		String[][] filters = { { "until", "+999999999-12-31" }, { "from", "+999999999-12-31" },
				{ "from", "-999999999-01-01" }, { "until", "+10000-01-01" }, { "from", "0000-01-01" },
				{ "until", "-0001-12-31" } };
		for (String[] filter : filters) {
			String page = this.mvc
				.perform(get("/activity").param(filter[0], filter[1]).with(ADMIN).header("Accept-Language", "en"))
				.andExpect(status().isBadRequest())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(page).as(filter[1])
				.contains("id=\"" + filter[0] + "-error\">Choose a day from 0001-01-01 to 9999-12-31.");
		}
		assertThat(this.mvc
			.perform(get("/activity").param("until", "+999999999-12-31").with(ADMIN).header("Accept-Language", "nl"))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Kies een dag van 0001-01-01 tot en met 9999-12-31.");
		this.mvc.perform(get("/activity").param("from", "0001-01-01").param("until", "9999-12-31").with(ADMIN))
			.andExpect(status().isOk());
	}

	private String body(String path) throws Exception {
		return this.mvc.perform(get(path).with(ADMIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	static int count(String text, String part) {
		int n = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			n++;
		}
		return n;
	}

}

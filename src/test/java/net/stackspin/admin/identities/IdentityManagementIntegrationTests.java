package net.stackspin.admin.identities;

import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Detail, search, create, edit and delete against the real Kratos: what the pages show,
 * what ends up stored in Kratos, and what is refused.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IdentityManagementIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	// --- detail

	@Test
	void detailShowsTraitsAddressesSignInMethodsRoleAndTabs() throws Exception {
		IdentitySummary admin = TestIdentities.admin(this.kratos, uniqueEmail("detail"));
		String html = page("/identities/" + admin.id());
		assertThat(html).contains(admin.email())
			.contains("Test Person")
			.contains("name.first")
			.contains("not verified")
			.contains("Password")
			.contains("This user is a Stackspin administrator.")
			.contains("href=\"/identities/" + admin.id() + "/access\"")
			.contains("Access &amp; recovery")
			.contains("&quot;roles&quot;");
	}

	@Test
	void detailWhenIdIsNotAUuidOrUnknownThen404Page() throws Exception {
		this.mvc.perform(get("/identities/not-a-uuid").with(SignedIn.admin()))
			.andExpect(status().isNotFound())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(org.hamcrest.Matchers.containsString("User not found")));
		this.mvc.perform(get("/identities/6f1f6a40-0d8c-4d55-9c3e-999999999999").with(SignedIn.admin()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/identities/6f1f6a40-0d8c-4d55-9c3e-999999999999/edit").with(SignedIn.admin()))
			.andExpect(status().isNotFound());
	}

	// --- search

	@Test
	void searchWhenExactEmailThenThatIdentityOnly() throws Exception {
		String email = uniqueEmail("exact");
		TestIdentities.user(this.kratos, email);
		String other = email.replace("@", "x@");
		TestIdentities.user(this.kratos, other);
		String html = page("/identities?q=" + email);
		assertThat(html).contains(email).doesNotContain(other).contains("Results for");
	}

	@Test
	void searchWhenFragmentThenPrefixMatches() throws Exception {
		String prefix = "pfx" + java.util.UUID.randomUUID().toString().substring(0, 8);
		String first = prefix + "-one@example.org";
		String second = prefix + "-two@example.org";
		TestIdentities.user(this.kratos, first);
		TestIdentities.user(this.kratos, second);
		TestIdentities.user(this.kratos, uniqueEmail("unrelated"));
		String html = page("/identities?q=" + prefix);
		assertThat(html).contains(first).contains(second).doesNotContain("unrelated-");
		assertThat(page("/identities?q=nobody-" + prefix)).contains("No user matches.");
	}

	@Test
	void searchWhenUuidThenRedirectToDetail() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("byid"));
		this.mvc.perform(get("/identities").param("q", " " + user.id().toUpperCase() + " ").with(SignedIn.admin()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities/" + user.id()));
	}

	// --- create

	@Test
	void newFormFollowsTheStackspinSchemaServedByKratos() throws Exception {
		String html = page("/identities/new");
		assertThat(html).contains("name=\"traits.email\"")
			.contains("type=\"email\"")
			.contains("minlength=\"3\"")
			.contains("maxlength=\"320\"")
			.contains("<legend class=\"fs-6 fw-semibold\"><span>Name</span>")
			.contains("name=\"traits.name.first\"")
			.contains("maxlength=\"256\"")
			.contains("First name")
			.contains("name=\"state\"")
			.contains("name=\"role\"")
			// no SMTP in this context: no welcome checkbox, the invitation link is
			// offered instead
			.doesNotContain("name=\"sendWelcome\"")
			.contains("id=\"no-smtp-invitation\"");
	}

	@Test
	void newFormFollowsASecondSchemaWithoutCodeChanges() throws Exception {
		String html = page("/identities/new?schema=" + KratosServer.EXTENDED_SCHEMA_ID);
		assertThat(html).contains("<select class=\"form-select\" id=\"traits.department\" name=\"traits.department\"")
			// an option posts its JSON, so "" and non-string values are told apart
			.contains("<option value=\"&quot;engineering&quot;\">engineering</option>")
			// an optional boolean: not set, yes or no (false is stored as false)
			.contains("<select class=\"form-select\" id=\"traits.newsletter\" name=\"traits.newsletter\"")
			.contains("<option value=\"false\">no</option>")
			.contains("type=\"url\" id=\"traits.website\"")
			.contains("type=\"date\" id=\"traits.birthday\"")
			.contains("<textarea class=\"form-control\" rows=\"3\" id=\"traits.aliases\"")
			.contains("Receives the newsletter")
			.contains("<option value=\"extended\" selected=\"selected\">extended</option>");
	}

	@Test
	void createStoresTraitsStateAndAdminRoleThenShowsTheUser() throws Exception {
		String email = uniqueEmail("created");
		String location = this.mvc
			.perform(form("/identities/new", "traits.email", email, "traits.name.first", "Grace", "traits.name.last",
					"Hopper", "state", "INACTIVE", "role", "admin", "sendWelcome", "true"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrlPattern("/identities/*"))
			.andExpect(flash().attribute("message", startsWith("User " + email + " created. No SMTP server")))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		IdentityDetail stored = this.identities.detail(location.substring("/identities/".length()));
		assertThat(stored.traits())
			.isEqualTo(Map.of("email", email, "name", Map.of("first", "Grace", "last", "Hopper")));
		assertThat(stored.state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(stored.roles()).containsExactly("admin");
	}

	@Test
	void createWithTheSecondSchemaStoresTypedTraits() throws Exception {
		String email = uniqueEmail("extended");
		this.mvc
			.perform(form("/identities/new", "schema", KratosServer.EXTENDED_SCHEMA_ID, "traits.email", email,
					"traits.department", "sales", "traits.newsletter", "true", "traits.website", "https://example.org",
					"traits.birthday", "1906-12-09", "traits.username", "grace.h", "traits.aliases",
					"amazing grace\r\ngrandma cobol"))
			.andExpect(status().isFound());
		IdentitySummary created = this.kratos.findByIdentifier(email).orElseThrow();
		assertThat(created.schemaId()).isEqualTo(KratosServer.EXTENDED_SCHEMA_ID);
		assertThat(created.traits()).containsEntry("department", "sales")
			.containsEntry("newsletter", true)
			.containsEntry("birthday", "1906-12-09")
			.containsEntry("aliases", List.of("amazing grace", "grandma cobol"));
		assertThat(page("/identities?q=" + email)).contains("<td class=\"identity-schema\">extended</td>");
	}

	@Test
	void createWhenEmailTakenThen409ErrorAtTheEmailAndInputKept() throws Exception {
		String email = uniqueEmail("taken");
		TestIdentities.user(this.kratos, email);
		String html = this.mvc
			.perform(form("/identities/new", "traits.email", email, "traits.name.first", "Kept <First>"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html)
			.contains("id=\"traits.email-error\">This e-mail address is taken: another user signs in with it.")
			.contains("value=\"" + email + "\"")
			.contains("value=\"Kept &lt;First&gt;\"");
	}

	@Test
	void createWhenATraitHoldsANulCharacterThenErrorAtItAndNothingCreated() throws Exception {
		String email = uniqueEmail("nul");
		String html = this.mvc
			.perform(form("/identities/new", "traits.email", email, "traits.name.first", "Ada\u0000Lovelace"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"traits.name.first-error\">This value contains a NUL character");
		assertThat(this.kratos.findByIdentifier(email)).isEmpty();
	}

	@Test
	void createWhenEmailInvalidThenErrorAtTheEmailAndNothingCreated() throws Exception {
		String html = this.mvc
			.perform(form("/identities/new", "traits.email", "no-at-sign.example.org", "traits.name.last", "Typed"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"traits.email-error\">Enter a valid e-mail address.")
			.contains("value=\"no-at-sign.example.org\"")
			.contains("value=\"Typed\"");
		assertThat(this.kratos.findByIdentifier("no-at-sign.example.org")).isEmpty();
	}

	@Test
	void createWhenNameHas10000CharactersThenErrorAtTheNameAndKept() throws Exception {
		String email = uniqueEmail("longname");
		String longName = "n".repeat(10_000);
		String html = this.mvc.perform(form("/identities/new", "traits.email", email, "traits.name.first", longName))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"traits.name.first-error\">At most 256 characters.")
			.contains("value=\"" + longName + "\"");
		assertThat(this.kratos.findByIdentifier(email)).isEmpty();
	}

	// --- edit

	@Test
	void editFormShowsCurrentValuesAndWhatItWasLoadedWith() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("editform"));
		String html = page("/identities/" + user.id() + "/edit");
		assertThat(html).contains("name=\"original.traits.name.first\" value=\"Test\"")
			.containsPattern("id=\"traits.name.first\" name=\"traits.name.first\"\\s+value=\"Test\"")
			.contains("name=\"metadata_public\"");
	}

	@Test
	void editSendsOnlyTheChangedFieldsAndKeepsTheRest() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("edit"));
		this.mvc.perform(edit(user, Map.of("traits.name.first", "Edited", "metadata_public", "{\"team\": \"blue\"}")))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities/" + user.id()))
			.andExpect(flash().attribute("message", "Saved (2 field(s) changed)."));
		IdentityDetail stored = this.identities.detail(user.id());
		assertThat(stored.traits())
			.isEqualTo(Map.of("email", user.email(), "name", Map.of("first", "Edited", "last", "Person")));
		assertThat(stored.metadataPublic()).isEqualTo(Map.of("team", "blue"));
		assertThat(this.kratos.createRecoveryLink(user.id(), java.time.Duration.ofMinutes(5))).isNotNull();
	}

	@Test
	void editWhenSameFieldChangedMeanwhileThenConflictPageAndNothingWritten() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("conflict"));
		MockHttpServletRequestBuilder mine = edit(user,
				Map.of("traits.name.first", "Mine", "traits.name.last", "Also mine"));
		this.identities.patch(user.id(), List.of(IdentityChange.replace("/traits/name/first", "Theirs")));
		String html = this.mvc.perform(mine)
			.andExpect(status().isConflict())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("Changed by someone else")
			.contains("<td class=\"text-break conflict-theirs\">Theirs</td>")
			.contains("<td class=\"text-break conflict-yours\">Mine</td>");
		IdentityDetail stored = this.identities.detail(user.id());
		assertThat(stored.traits()).containsEntry("name", Map.of("first", "Theirs", "last", "Person"));
	}

	@Test
	void editWhenDifferentFieldChangedMeanwhileThenBothChangesKept() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("merge"));
		MockHttpServletRequestBuilder mine = edit(user, Map.of("traits.name.first", "Mine"));
		this.identities.patch(user.id(), List.of(IdentityChange.replace("/traits/name/last", "Theirs")));
		this.mvc.perform(mine).andExpect(status().isFound());
		assertThat(this.identities.detail(user.id()).traits()).containsEntry("name",
				Map.of("first", "Mine", "last", "Theirs"));
	}

	@Test
	void editWhenMetadataIsNotJsonThenErrorAtTheFieldAndNothingWritten() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("badjson"));
		String html = this.mvc
			.perform(edit(user, Map.of("metadata_public", "{not json", "traits.name.first", "Unsaved")))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"metadata_public-error\">This is not valid JSON.")
			.contains("{not json")
			.contains("value=\"Unsaved\"");
		assertThat(this.identities.detail(user.id()).traits()).containsEntry("name",
				Map.of("first", "Test", "last", "Person"));
	}

	@Test
	void editCanDeactivateAndDemoteAnotherAdministrator() throws Exception {
		IdentitySummary other = TestIdentities.admin(this.kratos, uniqueEmail("demoted"));
		this.mvc.perform(edit(other, Map.of("state", "INACTIVE", "role", ""))).andExpect(status().isFound());
		IdentityDetail stored = this.identities.detail(other.id());
		assertThat(stored.state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(stored.roles()).isEmpty();
	}

	@Test
	void editSetsOnePanelRoleAndKeepsTheOtherRoles() throws Exception {
		IdentitySummary colleague = TestIdentities.create(this.kratos, uniqueEmail("colleague"), IdentityState.ACTIVE,
				List.of("admin", "billing"));
		String page = this.mvc.perform(get("/identities/" + colleague.id() + "/edit").with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("<select class=\"form-select\" id=\"role\" name=\"role\"")
			.contains("<option value=\"admin\" selected=\"selected\">");
		this.mvc.perform(edit(colleague, Map.of("role", "helpdesk"))).andExpect(status().isFound());
		assertThat(this.identities.detail(colleague.id()).roles()).containsExactlyInAnyOrder("billing", "helpdesk");
		this.mvc.perform(edit(colleague, Map.of("role", "viewer"))).andExpect(status().isFound());
		assertThat(this.identities.detail(colleague.id()).roles()).containsExactlyInAnyOrder("billing", "viewer");
		// a made-up role is no role
		this.mvc.perform(edit(colleague, Map.of("role", "root"))).andExpect(status().isFound());
		assertThat(this.identities.detail(colleague.id()).roles()).containsExactly("billing");
	}

	@Test
	void editWhenEmailChangedToATakenOneThenErrorAtTheEmail() throws Exception {
		String taken = uniqueEmail("taken-edit");
		TestIdentities.user(this.kratos, taken);
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("renamed"));
		String html = this.mvc.perform(edit(user, Map.of("traits.email", taken)))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html)
			.contains("id=\"traits.email-error\">This e-mail address is taken: another user signs in with it.");
	}

	// --- delete

	@Test
	void deleteAsksFirstThenDeletesAndReportsAlreadyGone() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("deleted"));
		assertThat(page("/identities/" + user.id() + "/delete")).contains("Delete Test Person (" + user.email() + ")?")
			.contains("method=\"post\"");
		this.mvc.perform(post("/identities/" + user.id() + "/delete").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities"))
			.andExpect(flash().attribute("message", "User " + user.email() + " deleted."));
		assertThat(this.kratos.findByIdentifier(user.email())).isEmpty();
		this.mvc.perform(post("/identities/" + user.id() + "/delete").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message", "This user was already deleted."));
	}

	@Test
	void deleteWhenYourselfThenRefused() throws Exception {
		IdentitySummary me = TestIdentities.admin(this.kratos, uniqueEmail("me"));
		assertThat(page("/identities/" + me.id() + "/delete", SignedIn.admin(me.id(), me.email())))
			.contains("This is your own account; you cannot delete it.")
			.doesNotContain("confirm-delete");
		this.mvc
			.perform(post("/identities/" + me.id() + "/delete").with(SignedIn.admin(me.id(), me.email())).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities/" + me.id()))
			.andExpect(flash().attribute("error", "You cannot delete your own account."));
		assertThat(this.kratos.findByIdentifier(me.email())).isPresent();
	}

	@Test
	void deleteWhenGetOrNoCsrfThenNothingDeleted() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("kept"));
		this.mvc.perform(post("/identities/" + user.id() + "/delete").with(SignedIn.admin()))
			.andExpect(status().isForbidden());
		assertThat(this.kratos.findByIdentifier(user.email())).isPresent();
	}

	// --- helpers

	private String page(String url) throws Exception {
		return page(url, SignedIn.admin());
	}

	private String page(String url, org.springframework.test.web.servlet.request.RequestPostProcessor who)
			throws Exception {
		return this.mvc.perform(get(url).with(who))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static MockHttpServletRequestBuilder form(String url, String... pairs) {
		MockHttpServletRequestBuilder request = post(url).with(SignedIn.admin()).with(csrf());
		for (int i = 0; i < pairs.length; i += 2) {
			request.param(pairs[i], pairs[i + 1]);
		}
		return request;
	}

	/**
	 * The edit form as the page renders it for the identity now (inputs and their
	 * {@code original.} twins), with some inputs changed.
	 */
	private MockHttpServletRequestBuilder edit(IdentitySummary user, Map<String, String> changes) {
		return edit(user, changes, SignedIn.admin());
	}

	MockHttpServletRequestBuilder edit(IdentitySummary user, Map<String, String> changes,
			org.springframework.test.web.servlet.request.RequestPostProcessor who) {
		IdentityDetail loaded = this.identities.detail(user.id());
		List<SchemaField> leaves = SchemaField
			.leaves(IdentitySchemaForm.fields(Map.of("properties",
					Map.of("traits",
							Map.of("properties", Map.of("email", Map.of("type", "string"), "name", Map.of("type",
									"object", "properties",
									Map.of("first", Map.of("type", "string"), "last", Map.of("type", "string")))))))));
		MockHttpServletRequestBuilder request = post("/identities/" + user.id() + "/edit").with(who).with(csrf());
		request.param("schema", loaded.summary().schemaId());
		IdentityForm.valuesOf(loaded, leaves).forEach((name, value) -> {
			request.param(name, changes.getOrDefault(name, value));
			request.param(IdentityForm.ORIGINAL + name, value);
		});
		return request;
	}

}

package net.stackspin.admin.identities;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Identities without an {@code email} trait (username only, phone only, a list of
 * addresses) against the real Kratos: reachable from the list and search, named by the
 * one rule on every page and message; Kratos's 409 put at the identifier that is taken;
 * schemas Kratos does not serve; the edit form bound to the stored identity's schema.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IdentityNamesIntegrationTests extends KratosIntegrationTest {

	private static final Pattern NEXT = Pattern.compile("rel=\"next\"\\s+href=\"([^\"]+)\"");

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Autowired
	SchemaFieldsCache schemaFields;

	@Autowired
	MeterRegistry meters;

	// --- a label for every identity

	@Test
	void usernameOnlyIdentityIsCreatedListedFoundAndNamedUntilDeleted() throws Exception {
		String username = unique("ann");
		String location = this.mvc
			.perform(create("names-username", "traits.username", username, "traits.full_name", "Ann Smith"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message", "User " + username + " created."))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		String id = location.substring(location.lastIndexOf('/') + 1);

		assertThat(listed(id)).contains(row(id, username));
		String results = page("/identities?q=" + username);
		assertThat(results).contains(row(id, username)).contains("<td class=\"identity-name\">Ann Smith</td>");
		// by the start of it too (Kratos's similarity search)
		assertThat(page("/identities?q=" + username.substring(0, 8))).contains(row(id, username));

		String detail = page("/identities/" + id);
		assertThat(detail).contains("<title>" + username + " · ")
			.contains("id=\"identity-heading\">" + username + "</span>")
			.contains("id=\"identity-name\">Ann Smith</small>");
		assertThat(page("/identities/" + id + "/access")).contains("class=\"identity-label\">" + username + "</span>");
		assertThat(page("/identities/" + id + "/delete")).contains("Delete Ann Smith (" + username + ")?");

		this.mvc.perform(post("/identities/" + id + "/delete").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message", "User " + username + " deleted."));
		assertThat(this.kratos.findByIdentifier(username)).isEmpty();
	}

	@Test
	void phoneOnlyIdentityIsFoundByItsNumberAndNamedByIt() throws Exception {
		String phone = "+3120" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9_000_000));
		IdentitySummary created = this.kratos.createIdentity(new NewIdentity("names-phone",
				Map.of("nickname", "Bo", "phone", phone), IdentityState.ACTIVE, List.of()));

		String results = this.mvc.perform(get("/identities").param("q", phone).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(results).contains(row(created.id(), phone)).contains("id=\"label-column\">Phone number</th>");
		assertThat(listed(created.id())).contains(row(created.id(), phone));
		assertThat(page("/identities/" + created.id())).contains("id=\"identity-heading\">" + phone + "</span>");
	}

	@Test
	void aListOfAddressesIsNamedByTheFirstAndFoundByAnyOfThem() throws Exception {
		String first = uniqueEmail("first");
		String second = uniqueEmail("second");
		String location = this.mvc
			.perform(create("names-emails", "traits.emails", first + "\r\n" + second, "traits.name.first", "Cy",
					"traits.name.last", "Young"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("message", "User " + first + " created."))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		String id = location.substring(location.lastIndexOf('/') + 1);

		assertThat(page("/identities?q=" + second)).contains(row(id, first))
			.contains("<td class=\"identity-name\">Cy Young</td>");
		assertThat(listed(id)).contains(row(id, first));
	}

	@Test
	void aListPageStaysOneKratosCallWhenItsSchemasAreKnown() throws Exception {
		this.kratos.createIdentity(
				new NewIdentity("names-phone", Map.of("phone", "+31301234000"), IdentityState.ACTIVE, List.of()));
		page("/identities?size=250");
		long lists = calls("list_identities");
		long schemaReads = calls("get_identity_schema");

		String html = page("/identities?size=250");

		assertThat(calls("list_identities")).isEqualTo(lists + 1);
		assertThat(calls("get_identity_schema")).isEqualTo(schemaReads);
		assertThat(html).contains("<td class=\"identity-label\"><a href=\"/identities/");
	}

	private long calls(String operation) {
		return this.meters.find("stackspin.kratos.requests")
			.tag("operation", operation)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	// --- right field, right words for Kratos's 409

	@Test
	void createWithATakenUsernameSaysSoAtTheUsernameAndKeepsTheInput() throws Exception {
		String username = unique("taken");
		this.kratos.createIdentity(
				new NewIdentity("names-username", Map.of("username", username), IdentityState.ACTIVE, List.of()));
		String html = this.mvc
			.perform(create("names-username", "traits.username", username, "traits.team", "Kept <Team>"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html)
			.contains("id=\"traits.username-error\">This username is taken: another user signs in with it.</div>")
			.contains("value=\"" + username + "\"")
			.contains("value=\"Kept &lt;Team&gt;\"");
	}

	@Test
	void aTakenAddressInAListIsNamedAtTheList() throws Exception {
		String taken = uniqueEmail("listed");
		this.kratos.createIdentity(
				new NewIdentity("names-emails", Map.of("emails", List.of(taken)), IdentityState.ACTIVE, List.of()));
		String mine = uniqueEmail("mine");
		String html = this.mvc
			.perform(create("names-emails", "traits.emails", mine + "\n" + taken, "traits.username", unique("cy")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html)
			.contains("id=\"traits.emails-error\">“" + taken + "” is taken: another user signs in with it.</div>");
		assertThat(this.kratos.findByIdentifier(mine)).isEmpty();
	}

	@Test
	void editToATakenUsernameSaysSoAtTheUsernameNotAtTheAddresses() throws Exception {
		String taken = unique("holder");
		this.kratos.createIdentity(new NewIdentity("names-emails",
				Map.of("emails", List.of(uniqueEmail("holder")), "username", taken), IdentityState.ACTIVE, List.of()));
		IdentitySummary user = this.kratos.createIdentity(new NewIdentity("names-emails",
				Map.of("emails", List.of(uniqueEmail("renamed")), "username", unique("renamed")), IdentityState.ACTIVE,
				List.of()));

		String html = this.mvc.perform(edit(user, Map.of("traits.username", taken)))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html)
			.contains("id=\"traits.username-error\">This username is taken: another user signs in with it.</div>")
			.doesNotContain("id=\"traits.emails-error\"")
			.contains("value=\"" + taken + "\"");
	}

	// --- schemas that are not there

	@ParameterizedTest
	@ValueSource(strings = { "nope", "ZGVmYXVsdA", "../default", "default/../extended", "<script>alert(1)</script>",
			"default\u0000", "%2e%2e%2f", "{schema}", " default", "DEFAULT", "names-username?x=1#y", "\u202edefault" })
	void unknownSchemaIsA404NamingItAndTheServedOnesOnGetAndPost(String schema) throws Exception {
		String html = this.mvc.perform(get("/identities/new").param("schema", schema).with(SignedIn.admin()))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertUnknownSchemaPage(html, schema);

		String email = uniqueEmail("unknown-schema");
		html = this.mvc.perform(create(schema, "traits.email", email))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertUnknownSchemaPage(html, schema);
		assertThat(this.kratos.findByIdentifier(email)).isEmpty();
	}

	@Test
	void aVeryLongUnknownSchemaIsShownShortened() throws Exception {
		String schema = "x".repeat(5000);
		String html = this.mvc.perform(get("/identities/new").param("schema", schema).with(SignedIn.admin()))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("x".repeat(100) + "…").doesNotContain("x".repeat(101));
	}

	private static void assertUnknownSchemaPage(String html, String schema) {
		assertThat(html).contains("Unknown identity schema")
			.contains("Kratos has no identity schema “" + HtmlUtils.htmlEscape(schema) + "”")
			.contains("href=\"/identities/new?schema=default\"")
			.contains("href=\"/identities/new?schema=names-username\"")
			.doesNotContain("<script>");
	}

	// --- the edit form follows the stored identity

	@Test
	void editIgnoresThePostedSchemaAndWritesOnlyTraitsOfTheStoredOne() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("stored-schema"));
		MockHttpServletRequestBuilder request = edit(user, Map.of("traits.name.first", "Still default"));
		// a hand-made request: another schema and its traits
		request.param("schema", KratosServer.EXTENDED_SCHEMA_ID)
			.param("traits.username", "hijack")
			.param("traits.department", "sales");
		this.mvc.perform(request).andExpect(status().isFound()).andExpect(redirectedUrl("/identities/" + user.id()));

		IdentityDetail stored = this.identities.detail(user.id());
		assertThat(stored.summary().schemaId()).isEqualTo("default");
		assertThat(stored.traits()).doesNotContainKeys("username", "department")
			.containsEntry("email", user.email())
			.containsEntry("name", Map.of("first", "Still default", "last", "Person"));
	}

	// --- helpers

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String row(String id, String label) {
		// the name may follow the link (shown under it on a phone)
		return "<td class=\"identity-label\"><a href=\"/identities/" + id + "\">" + HtmlUtils.htmlEscape(label)
				+ "</a>";
	}

	/** The list page (250 a page) on which this identity is, following "next" links. */
	private String listed(String id) throws Exception {
		String url = "/identities?size=250";
		for (int pages = 0; pages < 100; pages++) {
			String html = page(url);
			if (html.contains("href=\"/identities/" + id + "\"")) {
				return html;
			}
			Matcher next = NEXT.matcher(html);
			if (!next.find()) {
				break;
			}
			url = HtmlUtils.htmlUnescape(next.group(1));
		}
		return "(not in any page of the list)";
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(url).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static MockHttpServletRequestBuilder create(String schema, String... fields) {
		MockHttpServletRequestBuilder request = post("/identities/new").with(SignedIn.admin()).with(csrf());
		request.param("schema", schema).param("state", "ACTIVE");
		for (int i = 0; i < fields.length; i += 2) {
			request.param(fields[i], fields[i + 1]);
		}
		return request;
	}

	/**
	 * The edit form as the page renders it for the stored identity, with some inputs
	 * changed.
	 */
	private MockHttpServletRequestBuilder edit(IdentitySummary user, Map<String, String> changes) {
		IdentityDetail loaded = this.identities.detail(user.id());
		List<SchemaField> leaves = SchemaField.leaves(this.schemaFields.fields(loaded.summary().schemaId()));
		MockHttpServletRequestBuilder request = post("/identities/" + user.id() + "/edit").with(SignedIn.admin())
			.with(csrf());
		Optional.ofNullable(changes.get("schema")).ifPresent((schema) -> request.param("schema", schema));
		IdentityForm.valuesOf(loaded, leaves).forEach((name, value) -> {
			request.param(name, changes.getOrDefault(name, value));
			request.param(IdentityForm.ORIGINAL + name, value);
		});
		return request;
	}

}

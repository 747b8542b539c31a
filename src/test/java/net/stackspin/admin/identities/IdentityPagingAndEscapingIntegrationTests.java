package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Paging through hundreds of identities at two page sizes, and hostile trait values shown
 * escaped on every page that shows them, against the real Kratos.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IdentityPagingAndEscapingIntegrationTests extends KratosIntegrationTest {

	private static final Pattern NEXT = Pattern.compile("rel=\"next\"\\s+href=\"([^\"]+)\"");

	private static final Pattern ROW = Pattern
		.compile("<td class=\"identity-label\"><a href=\"/identities/([0-9a-f-]{36})\"");

	private static final String SCRIPT = "<script>alert('x')</script>";

	private static final String IMG = "\"><img src=x onerror=alert(1)>";

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Test
	void sixHundredIdentitiesPagedAt250And25WithoutDuplicatesOrGaps() throws Exception {
		String run = java.util.UUID.randomUUID().toString().substring(0, 8);
		List<NewIdentity> batch = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			batch.add(NewIdentity.withTraits(Map.of("email", "page-" + run + "-" + i + "@example.org")));
		}
		List<String> seeded = new ArrayList<>();
		for (int from = 0; from < batch.size(); from += 100) {
			// small batches: one large batch can outlast the client's read timeout on a
			// busy machine
			seeded.addAll(this.identities.createBatch(batch.subList(from, from + 100)));
		}
		assertThat(seeded).hasSize(600);
		Set<String> everyone = rawIds();
		for (int size : new int[] { 250, 25 }) {
			List<String> listed = walk("/identities?size=" + size, size);
			assertThat(new HashSet<>(listed)).as("page size %d: no duplicates", size).hasSameSizeAs(listed);
			assertThat(listed).as("page size %d: every seeded identity", size).containsAll(seeded);
			assertThat(new LinkedHashSet<>(listed)).as("page size %d: exactly what Kratos holds", size)
				.isEqualTo(everyone);
		}
	}

	@Test
	void scriptPayloadsInEveryTraitAreShownEscapedOnEveryPage() throws Exception {
		String email = "o'brien&co-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		Map<String, Object> traits = Map.of("email", email, "name", Map.of("first", SCRIPT, "last", IMG), "website",
				"https://example.org/?q=" + SCRIPT.replace(" ", ""), "username", "xx", "aliases", List.of(SCRIPT, IMG));
		IdentitySummary hostile = this.kratos
			.createIdentity(new NewIdentity(KratosServer.EXTENDED_SCHEMA_ID, traits, IdentityState.ACTIVE, List.of()));
		this.identities.patch(hostile.id(), List.of(IdentityChange.add("/metadata_public", Map.of("note", SCRIPT)),
				IdentityChange.add("/metadata_admin", Map.of("note", IMG))));
		Map<String, String> pages = new java.util.LinkedHashMap<>();
		pages.put("search",
				this.mvc.perform(get("/identities").param("q", email).with(SignedIn.admin()))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsString());
		pages.put("detail", page("/identities/" + hostile.id()));
		pages.put("edit", page("/identities/" + hostile.id() + "/edit"));
		pages.put("delete", page("/identities/" + hostile.id() + "/delete"));
		String conflictForm = this.mvc.perform(conflictingEdit(hostile))
			.andExpect(status().isConflict())
			.andReturn()
			.getResponse()
			.getContentAsString();
		pages.put("conflict", conflictForm);
		for (Map.Entry<String, String> page : pages.entrySet()) {
			assertThat(page.getValue()).as(page.getKey())
				.doesNotContain(SCRIPT)
				.doesNotContain("<img src=x")
				.doesNotContain(email);
		}
		assertThat(pages.get("detail")).contains(HtmlUtils.htmlEscape(SCRIPT))
			.contains(HtmlUtils.htmlEscape(IMG))
			.contains(HtmlUtils.htmlEscape(email));
		assertThat(pages.get("edit")).contains("value=\"" + HtmlUtils.htmlEscape(SCRIPT) + "\"");
		assertThat(pages.get("search")).contains(HtmlUtils.htmlEscape(email))
			.contains("<td class=\"identity-name\">" + HtmlUtils.htmlEscape(SCRIPT + " " + IMG) + "</td>");
		assertThat(pages.get("conflict")).contains(HtmlUtils.htmlEscape(SCRIPT));
	}

	private MockHttpServletRequestBuilder conflictingEdit(IdentitySummary user) {
		MockHttpServletRequestBuilder request = post("/identities/" + user.id() + "/edit").with(SignedIn.admin())
			.with(csrf());
		request.param("schema", KratosServer.EXTENDED_SCHEMA_ID);
		request.param("traits.email", user.email());
		request.param("original.traits.email", user.email());
		request.param("traits.name.first", "Mine");
		request.param("original.traits.name.first", "Loaded " + IMG);
		request.param("traits.username", "xx");
		request.param("original.traits.username", "xx");
		return request;
	}

	private List<String> walk(String first, int size) throws Exception {
		List<String> ids = new ArrayList<>();
		String url = first;
		int pages = 0;
		while (url != null) {
			String html = page(url);
			Matcher row = ROW.matcher(html);
			int onPage = 0;
			while (row.find()) {
				ids.add(row.group(1));
				onPage++;
			}
			assertThat(onPage).isLessThanOrEqualTo(size);
			Matcher next = NEXT.matcher(html);
			url = next.find() ? HtmlUtils.htmlUnescape(next.group(1)) : null;
			assertThat(++pages).as("pages").isLessThan(10_000);
		}
		return ids;
	}

	private Set<String> rawIds() {
		Set<String> ids = new LinkedHashSet<>();
		String token = null;
		do {
			IdentityPage page = this.kratos.listIdentities(KratosAdminClient.MAX_PAGE_SIZE, token);
			page.identities().forEach((identity) -> ids.add(identity.id()));
			token = page.nextPageToken().orElse(null);
		}
		while (token != null);
		return ids;
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(url).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}

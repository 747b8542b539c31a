package net.stackspin.admin.identities;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.SchemaNames;
import net.stackspin.admin.testing.HtmlForm;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every identity schema of the corpus ({@code src/test/resources/schemas/corpus}, served
 * by the test Kratos as {@code corpus-<name>}) through the panel's HTML forms, as a
 * browser would submit them, compared with what Kratos stores. Each schema has a case
 * file ({@code <name>.case.json}) with what to type and what must be stored; {@code {id}}
 * and {@code {digits}} in it become fresh letters and digits per run.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IdentitySchemaCorpusIntegrationTests extends KratosIntegrationTest {

	private static final Path PROJECT = Path.of("").toAbsolutePath();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CREATED = Pattern.compile("/identities/([0-9a-f-]{36})");

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Pattern NEXT_PAGE = Pattern.compile("rel=\"next\"\\s+href=\"([^\"]+)\"");

	private static final tools.jackson.core.type.TypeReference<Map<String, Object>> TRAITS = new tools.jackson.core.type.TypeReference<>() {
	};

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosSchemas schemas;

	static Stream<String> corpus() {
		return KratosServer.corpusSchemaIds(PROJECT).stream();
	}

	@Test
	void corpusHasAtLeastTenSchemasEachWithACaseAndKratosServesThemAll() {
		List<String> ids = KratosServer.corpusSchemaIds(PROJECT);
		assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
		assertThat(this.schemas.schemaIds()).containsAll(ids);
		for (String id : ids) {
			assertThat(caseFile(id)).exists();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void createShowEditThroughTheFormsStoresExactlyTheTypedTraits(String schemaId) throws Exception {
		JsonNode testCase = testCase(schemaId);
		List<SchemaField> leaves = SchemaField.leaves(IdentitySchemaForm.fields(this.schemas.schema(schemaId)));

		// the create form renders an input per trait
		String blank = page("/identities/new?schema=" + schemaId);
		for (SchemaField leaf : leaves) {
			assertThat(blank).as("input of %s", leaf.path()).contains("name=\"" + leaf.name() + "\"");
		}

		// invalid input: the error at the field, the input kept, nothing created
		MultiValueMap<String, String> invalid = HtmlForm.params(blank, "identity-form");
		override(invalid, testCase.get("invalid").get("params"));
		String field = testCase.get("invalid").get("field").asString();
		MockHttpServletResponse refused = submit("/identities/new", invalid);
		assertThat(refused.getStatus()).isEqualTo(200);
		assertThat(refused.getContentAsString()).contains("id=\"" + field + "-error\"")
			.contains("id=\"form-problems\"");
		for (JsonNode value : testCase.get("invalid").get("params")) {
			// each typed value that could be a sign-in identifier is no one's
			if (value.isString() && !value.asString().isBlank()) {
				assertThat(this.kratos.findByIdentifier(value.asString())).as("created by invalid input").isEmpty();
			}
		}

		// a filled form creates exactly the typed traits
		MultiValueMap<String, String> filled = HtmlForm.params(blank, "identity-form");
		override(filled, testCase.get("create"));
		MockHttpServletResponse created = submit("/identities/new", filled);
		assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(302);
		Matcher redirect = CREATED.matcher(created.getRedirectedUrl());
		assertThat(redirect.find()).isTrue();
		String id = redirect.group(1);
		try {
			JsonNode stored = storedIdentity(id);
			assertThat(stored.get("schema_id").asString()).isEqualTo(schemaId);
			assertThat(stored.get("traits")).isEqualTo(testCase.get("traits"));

			// the detail page shows the values as typed, with the schema's titles
			String detail = page("/identities/" + id);
			for (var shown : testCase.get("shown").properties()) {
				assertThat(detail).contains("data-trait=\"" + shown.getKey() + "\">"
						+ HtmlUtils.htmlEscape(shown.getValue().asString()) + "</dd>");
			}

			// an edit of one field changes only that field
			MultiValueMap<String, String> edit = HtmlForm.params(page("/identities/" + id + "/edit"), "identity-form");
			override(edit, testCase.get("edit"));
			MockHttpServletResponse saved = submit("/identities/" + id + "/edit", edit);
			assertThat(saved.getStatus()).as(saved.getContentAsString()).isEqualTo(302);
			assertThat(saved.getRedirectedUrl()).isEqualTo("/identities/" + id);
			assertThat(storedIdentity(id).get("traits")).isEqualTo(testCase.get("edited"));

			// saving the edit form unchanged writes nothing
			MultiValueMap<String, String> again = HtmlForm.params(page("/identities/" + id + "/edit"), "identity-form");
			MockHttpServletResponse unchanged = submit("/identities/" + id + "/edit", again);
			assertThat(unchanged.getStatus()).isEqualTo(302);
			assertThat(storedIdentity(id).get("traits")).isEqualTo(testCase.get("edited"));

			// named by the one rule on the detail and delete pages, reachable from the
			// list and (by its sign-in identifier, where the schema has one) the search
			SchemaNames naming = SchemaNames.of(schemaId, this.schemas.schema(schemaId));
			String label = naming.label(id, JSON.convertValue(storedIdentity(id).get("traits"), TRAITS));
			String shownLabel = HtmlUtils.htmlEscape(label, "UTF-8");
			assertThat(page("/identities/" + id)).contains("<span id=\"identity-heading\">" + shownLabel + "</span>");
			assertThat(page("/identities/" + id + "/delete"))
				.containsPattern("id=\"delete-question\">[^<]*" + Pattern.quote(shownLabel));
			String link = "<a href=\"/identities/" + id + "\">" + shownLabel + "</a>";
			assertThat(listPageWith(id)).as("list row of %s", id).contains(link);
			if (!naming.identifiers().isEmpty()) {
				assertThat(this.mvc.perform(get("/identities").param("q", label).with(SignedIn.admin()))
					.andReturn()
					.getResponse()
					.getContentAsString()).as("search for %s", label).contains(link);
			}

			// deleted through its confirmation form
			MockHttpServletResponse deleted = submit("/identities/" + id + "/delete",
					HtmlForm.params(page("/identities/" + id + "/delete"), "confirm-delete"));
			assertThat(deleted.getStatus()).isEqualTo(302);
			assertThat(deleted.getRedirectedUrl()).isEqualTo("/identities");
			assertThat(this.kratos.deleteIdentity(id)).as("still in Kratos").isFalse();
		}
		finally {
			this.kratos.deleteIdentity(id);
		}
	}

	/** The list page that holds this identity, following the next-page links. */
	private String listPageWith(String id) throws Exception {
		String path = "/identities?size=250";
		for (int pages = 0; pages < 100; pages++) {
			String html = page(path);
			if (html.contains("href=\"/identities/" + id + "\"")) {
				return html;
			}
			Matcher next = NEXT_PAGE.matcher(html);
			if (!next.find()) {
				break;
			}
			path = HtmlUtils.htmlUnescape(next.group(1));
		}
		throw new AssertionError("identity " + id + " is on no list page");
	}

	private MockHttpServletResponse submit(String path, MultiValueMap<String, String> params) throws Exception {
		return this.mvc.perform(post(path).params(params).with(csrf()).with(SignedIn.admin()))
			.andReturn()
			.getResponse();
	}

	private String page(String path) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(get(path).with(SignedIn.admin())).andReturn().getResponse();
		assertThat(response.getStatus()).as(path).isEqualTo(200);
		return response.getContentAsString();
	}

	/**
	 * Sets the named inputs as a person would type them; a JSON array posts each item.
	 */
	private static void override(MultiValueMap<String, String> params, JsonNode values) {
		for (var entry : values.properties()) {
			params.remove(entry.getKey());
			if (entry.getValue().isArray()) {
				entry.getValue().values().forEach((item) -> params.add(entry.getKey(), item.asString()));
			}
			else {
				params.add(entry.getKey(), entry.getValue().asString());
			}
		}
	}

	/** The identity as Kratos's admin API returns it, not as the panel reads it. */
	private static JsonNode storedIdentity(String id) throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(KRATOS.adminUrl() + "/admin/identities/" + id)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static Path caseFile(String schemaId) {
		Path schema = KratosServer.corpusSchema(PROJECT, schemaId);
		return schema.resolveSibling(schema.getFileName().toString().replace(".schema.json", ".case.json"));
	}

	private static JsonNode testCase(String schemaId) throws Exception {
		String letters = ThreadLocalRandom.current()
			.ints(8, 'a', 'z' + 1)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		String digits = String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
		String text = Files.readString(caseFile(schemaId)).replace("{id}", letters).replace("{digits}", digits);
		return JSON.readTree(text);
	}

}

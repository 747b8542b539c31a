package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import net.stackspin.admin.testing.HtmlForm;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * An identity stored under one version of its schema, edited after the schema changed: a
 * first Kratos stores it ({@code name} an object), a second Kratos on the same database
 * serves the changed schema ({@code name} a string). The panel talks to the second.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SchemaDriftIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Path DIR = tempDir();

	private static final String[] STORED = storeUnderTheOldSchema();

	/** Drifted; fixed by one test. */
	private static final String DRIFTED_ID = STORED[0];

	/** Drifted, and stays so. */
	private static final String STILL_DRIFTED_ID = STORED[1];

	/** Fits both schemas. */
	private static final String FITTING_ID = STORED[2];

	private static final KratosServer CHANGED = KratosServer.startIsolated(environment("after.schema.json"));

	@DynamicPropertySource
	static void kratosUrls(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", CHANGED::adminUrl);
		registry.add("stackspin.kratos.public-url", CHANGED::publicUrl);
	}

	@AfterAll
	static void stopKratos() {
		CHANGED.stop();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	SchemaDriftCommand command;

	@Test
	void driftedTraitIsShownAsJsonWithTheSchemasMessageAndCanBeFixedInPlace() throws Exception {
		String html = this.mvc.perform(get("/identities/" + DRIFTED_ID + "/edit").with(SignedIn.admin()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("<input type=\"hidden\" name=\"asJson\" value=\"traits.name\">")
			.contains("<textarea class=\"form-control font-monospace is-invalid\" rows=\"4\" id=\"traits.name\"")
			.contains("&quot;first&quot; : &quot;Ada&quot;")
			.contains("id=\"traits.name-error\">This must be of type string.")
			.contains("This user&#39;s stored values no longer fit the schema &quot;default&quot;")
			.doesNotContain("{first=");
		// the fitting traits are plain inputs as ever
		assertThat(html).containsPattern("type=\"text\" id=\"traits.team\" name=\"traits.team\"\\s+value=\"Engines\"");

		// saving without fixing it: refused at the field, nothing written
		MultiValueMap<String, String> unfixed = HtmlForm.params(html, "identity-form");
		unfixed.set("traits.team", "Looms");
		MockHttpServletResponse refused = submit(unfixed);
		assertThat(refused.getStatus()).isEqualTo(400);
		assertThat(refused.getContentAsString()).contains("id=\"traits.name-error\">This must be of type string.");
		assertThat(traits().get("team").asString()).isEqualTo("Engines");

		// fixed in place: plain text in the JSON box is taken as the string
		MultiValueMap<String, String> fixed = HtmlForm.params(html, "identity-form");
		fixed.set("traits.name", "  Ada Lovelace ");
		MockHttpServletResponse saved = submit(fixed);
		assertThat(saved.getStatus()).as(saved.getContentAsString()).isEqualTo(302);
		assertThat(traits()).isEqualTo(JSON.readTree("""
				{"email": "drift@example.org", "name": "Ada Lovelace", "team": "Engines"}"""));
	}

	private MockHttpServletResponse submit(MultiValueMap<String, String> params) throws Exception {
		return this.mvc
			.perform(post("/identities/" + DRIFTED_ID + "/edit").params(params).with(csrf()).with(SignedIn.admin()))
			.andReturn()
			.getResponse();
	}

	private static JsonNode traits() throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(CHANGED.adminUrl() + "/admin/identities/" + DRIFTED_ID)).build(),
				HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body()).get("traits");
	}

	@Test
	void driftReportListsTheDriftedIdentitiesProgressivelyWithTheirFirstProblem() throws Exception {
		// named like everywhere else: by the first sign-in identifier the schema declares
		// (here the username, not the e-mail)
		var started = this.mvc.perform(get("/identities/drift").with(SignedIn.admin()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
			.andReturn();
		String html = this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html)
			.contains("<tr data-identity=\"" + STILL_DRIFTED_ID + "\"><td><a href=\"/identities/" + STILL_DRIFTED_ID
					+ "/edit\">grace</a></td><td>default</td><td><code>name</code></td>"
					+ "<td>This must be of type string.</td></tr>")
			.doesNotContain(FITTING_ID)
			.containsPattern("id=\"drift-totals\">Checked 3 users: [12] do not fit their schema.");
	}

	@Test
	void driftCommandPrintsOneLinePerDriftedIdentityAndExitsWith3() {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int exit = this.command.report(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
				System.err);
		String lines = out.toString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(exit).isEqualTo(3);
		assertThat(lines)
			.contains("drift\t" + STILL_DRIFTED_ID + "\tdefault\tname\tThis must be of type string."
					+ System.lineSeparator())
			.doesNotContain(FITTING_ID)
			.containsPattern("checked\t3\tdrifted\t[12]\\R$");
	}

	/**
	 * Creates the identities with a first Kratos that serves the old schema, then stops
	 * it.
	 */
	private static String[] storeUnderTheOldSchema() {
		KratosServer before = KratosServer.startIsolated(environment("before.schema.json"));
		try {
			return new String[] { create(before, """
					{"email": "drift@example.org", "name": {"first": "Ada", "last": "Lovelace"}, "team": "Engines"}"""),
					create(before, """
							{"username": "grace", "email": "still@example.org", "name": {"first": "Grace"}}"""),
					create(before, """
							{"email": "fits@example.org", "team": "Compilers"}""") };
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			before.stop();
		}
	}

	private static String create(KratosServer kratos, String traits) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create(kratos.adminUrl() + "/admin/identities"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"schema_id\": \"default\", \"traits\": " + traits + "}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).get("id").asString();
	}

	/** One database file for both Kratos servers; only the schema differs. */
	private static Map<String, String> environment(String schemaFile) {
		return Map.of("DSN", "sqlite://" + DIR.resolve("kratos.sqlite") + "?_fk=true&mode=rwc", "IDENTITY_SCHEMAS",
				"[{\"id\":\"default\",\"url\":\"file://" + DIR.resolve(schemaFile) + "\"}]");
	}

	private static Path tempDir() {
		try {
			Path dir = Files.createTempDirectory("kratos-drift");
			for (String file : new String[] { "before.schema.json", "after.schema.json" }) {
				Files.copy(Path.of("src/test/resources/schemas/drift", file), dir.resolve(file));
			}
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

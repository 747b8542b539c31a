package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import net.stackspin.admin.AdminApplication;
import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.onboarding.InvitationService;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The export against the real Kratos: 600+ identities over several keyset pages, each
 * once, with the schema's trait columns, typed traits in JSON Lines, formulas
 * neutralised, a search, and the operators' command.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityExportIntegrationTests extends KratosIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int CREATED = 620;

	private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";

	/** Every identity of this class has an e-mail starting with this. */
	private final String prefix = "export-" + UUID.randomUUID().toString().substring(0, 8);

	private final Set<String> createdIds = new HashSet<>();

	private String formulaId;

	private String typedId;

	private String adminId;

	private String invitedId;

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Autowired
	InvitationService invitations;

	@Autowired
	ExportCommand command;

	@BeforeAll
	void createIdentities() {
		List<NewIdentity> batch = new ArrayList<>();
		for (int i = 0; i < CREATED; i++) {
			batch.add(NewIdentity.withTraits(Map.of("email", "%s-%04d@example.org".formatted(this.prefix, i), "name",
					Map.of("first", (i == 7) ? FORMULA : "First" + i, "last", "Last, \"" + i + "\""))));
		}
		List<String> ids = this.identities.createBatch(batch);
		assertThat(ids).hasSize(CREATED);
		this.createdIds.addAll(ids);
		this.formulaId = this.kratos.findByIdentifier(this.prefix + "-0007@example.org").orElseThrow().id();
		this.typedId = this.kratos
			.createIdentity(new NewIdentity(KratosServer.EXTENDED_SCHEMA_ID, Map.of("email",
					this.prefix + "-typed@example.org", "newsletter", true, "aliases", List.of("ada", "countess")),
					IdentityState.INACTIVE, List.of()))
			.id();
		IdentitySummary admin = TestIdentities.admin(this.kratos, this.prefix + "-admin@example.org");
		this.adminId = admin.id();
		this.invitedId = TestIdentities.user(this.kratos, this.prefix + "-invited@example.org").id();
		this.invitations.invite(this.invitedId);
		this.createdIds.addAll(List.of(this.typedId, this.adminId, this.invitedId));
	}

	@Test
	void csvExportHoldsEveryIdentityOnceWithTheSchemasTraitColumnsAndNeutralisedFormulas() throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(get("/identities/export").param("format", "csv").with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse();
		assertThat(response.getContentType()).startsWith("text/csv");
		assertThat(response.getHeader("Content-Disposition"))
			.isEqualTo("attachment; filename=\"stackspin-users-" + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
		assertThat(response.getContentAsByteArray()).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(response.getContentAsByteArray());
		List<List<String>> rows = IdentityExportTests.csv(bytes);
		List<String> header = rows.get(0);
		// the union of the served schemas' trait paths, between the fixed columns
		assertThat(header).startsWith("id", "schema", "state", "label", "email", "name.first", "name.last");
		assertThat(header).contains("newsletter", "aliases", "department")
			.endsWith("traits_json", "verified", "role", "created", "updated", "invitation");
		assertThat(header).doesNotHaveDuplicates();
		List<String> ids = rows.stream().skip(1).map((row) -> row.get(0)).toList();
		assertThat(ids).doesNotHaveDuplicates().containsAll(this.createdIds);
		assertThat(rows.stream().skip(1)).allSatisfy((row) -> assertThat(row).hasSameSizeAs(header));
		assertThat(ids).hasSize(rows.size() - 1);
		Map<String, String> formula = row(rows, this.formulaId);
		// also the quote after the comma: where a spreadsheet splits there, it would open
		// a cell
		assertThat(formula.get("name.first")).isEqualTo("'" + FORMULA.replace(",\"", ",'\""));
		assertThat(UsersCsv.unneutralised(formula.get("name.first"))).isEqualTo(FORMULA);
		assertThat(formula.get("name.last")).isEqualTo("Last, \"7\"");
		assertThat(formula.get("label")).isEqualTo(this.prefix + "-0007@example.org");
		assertThat(formula.get("state")).isEqualTo("active");
		assertThat(formula.get("schema")).isEqualTo("default");
		assertThat(formula.get("verified")).isEqualTo("false");
		assertThat(formula.get("invitation")).isEqualTo("none");
		assertThat(formula.get("role")).isEmpty();
		Map<String, String> typed = row(rows, this.typedId);
		assertThat(typed.get("schema")).isEqualTo(KratosServer.EXTENDED_SCHEMA_ID);
		assertThat(typed.get("state")).isEqualTo("inactive");
		assertThat(typed.get("newsletter")).isEqualTo("true");
		// a quote after a comma is neutralised too (see UsersCsv); the import undoes it
		assertThat(typed.get("aliases")).isEqualTo("[\"ada\",'\"countess\"]");
		assertThat(UsersCsv.unneutralised(typed.get("aliases"))).isEqualTo("[\"ada\",\"countess\"]");
		assertThat(row(rows, this.adminId).get("role")).isEqualTo(PanelRole.ADMIN.kratosName());
		assertThat(row(rows, this.invitedId).get("invitation")).isEqualTo("pending");
		assertThat(new String(response.getContentAsByteArray(), StandardCharsets.UTF_8)).doesNotContain("password",
				"hashed_password", "$2a$");
	}

	@Test
	void jsonLinesExportOfASearchHoldsExactlyTheMatchesWithTypedTraits() throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(get("/identities/export").param("format", "jsonl").param("q", this.prefix).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse();
		assertThat(response.getHeader("Content-Disposition")).endsWith(".jsonl\"");
		List<String> lines = response.getContentAsString(StandardCharsets.UTF_8).lines().toList();
		List<String> ids = new ArrayList<>();
		JsonNode typed = null;
		for (String line : lines) {
			JsonNode identity = JSON.readTree(line);
			assertThat(identity.has("incomplete")).isFalse();
			assertThat(identity.get("traits").get("email").asString()).startsWith(this.prefix);
			assertThat(identity.has("credentials")).isFalse();
			ids.add(identity.get("id").asString());
			if (identity.get("id").asString().equals(this.typedId)) {
				typed = identity;
			}
		}
		// the prefix search over three keyset pages: every match, nobody else, once
		assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(this.createdIds);
		assertThat(typed).isNotNull();
		assertThat(typed.get("traits").get("newsletter").isBoolean()).isTrue();
		assertThat(typed.get("traits").get("aliases").isArray()).isTrue();
		assertThat(typed.get("verified").isBoolean()).isTrue();
	}

	@Test
	void anExactIdentifierExportsThatOneIdentity() throws Exception {
		String text = this.mvc
			.perform(get("/identities/export").param("format", "jsonl")
				.param("q", this.prefix + "-admin@example.org")
				.with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(text.lines()).singleElement()
			.satisfies((line) -> assertThat(JSON.readTree(line).get("id").asString()).isEqualTo(this.adminId));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aUserIdExportsThatOneIdentityAndTheExportIsAuditedWithoutTheSearch(CapturedOutput output) throws Exception {
		String text = this.mvc
			.perform(get("/identities/export").param("format", "jsonl")
				.param("q", this.typedId.toUpperCase(java.util.Locale.ROOT))
				.with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(text.lines()).singleElement()
			.satisfies((line) -> assertThat(JSON.readTree(line).get("id").asString()).isEqualTo(this.typedId));
		assertThat(output).containsPattern("action=identity.export outcome=success .*format=jsonl search=yes rows=1")
			.doesNotContain(this.typedId.toUpperCase(java.util.Locale.ROOT));
	}

	@Test
	void helpdeskAndAnUnknownFormatAreRefused() throws Exception {
		this.mvc
			.perform(get("/identities/export")
				.with(SignedIn.as(PanelRole.HELPDESK, UUID.randomUUID().toString(), "helpdesk@example.org")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/identities/export").param("format", "xlsx").with(SignedIn.admin()))
			.andExpect(status().isBadRequest());
	}

	@Test
	void listPageLinksToTheExportOfTheCurrentSearchForAdministrators() throws Exception {
		String html = this.mvc.perform(get("/identities").param("q", this.prefix).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("href=\"/identities/export?format=csv&amp;q=" + this.prefix + "\"");
		String everyone = this.mvc.perform(get("/identities").with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(everyone).contains("href=\"/identities/export?format=csv\"")
			.contains("href=\"/identities/export?format=jsonl\"");
		String viewer = this.mvc
			.perform(get("/identities")
				.with(SignedIn.as(PanelRole.VIEWER, UUID.randomUUID().toString(), "viewer@example.org")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(viewer).doesNotContain("/identities/export");
	}

	@Test
	void exportCommandWritesTheFileAndExitsWith0(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("users.jsonl");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = this.command.export(file, null, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
		assertThat(exit).isZero();
		List<String> lines = Files.readAllLines(file);
		Set<String> ids = new HashSet<>();
		for (String line : lines) {
			ids.add(JSON.readTree(line).get("id").asString());
		}
		assertThat(ids).hasSize(lines.size()).containsAll(this.createdIds);
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("exported\t" + lines.size() + "\t");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void exportCommandExitsWith1AndWritesNoFileWhenKratosIsUnreachable(@TempDir Path dir, CapturedOutput output) {
		Path file = dir.resolve("users.csv");
		int code = SpringApplication.exit(AdminApplication.commandApplication()
			.run("--stackspin.kratos.admin-url=http://127.0.0.1:9",
					"--stackspin.kratos.public-url=" + KRATOS.publicUrl(), "--export=" + file));
		assertThat(code).isEqualTo(1);
		assertThat(file).doesNotExist();
		assertThat(output.getErr()).contains("Could not read the identities from Kratos");
	}

	private static Map<String, String> row(List<List<String>> rows, String id) {
		List<String> header = rows.get(0);
		List<String> row = rows.stream().filter((cells) -> cells.get(0).equals(id)).findFirst().orElseThrow();
		Map<String, String> cells = new java.util.HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			cells.put(header.get(i), row.get(i));
		}
		return cells;
	}

}

package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A Dutch office against the real Kratos: the plain "CSV" a Dutch Excel saves
 * (Windows-1252, semicolons) imports with the names intact and the preview says how it
 * was read; the export for such an Excel ({@code ;}) opens in columns, puts no formula at
 * a cell start, and imports again.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DutchSpreadsheetIntegrationTests extends KratosIntegrationTest {

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	private static final Pattern PAYLOAD = Pattern.compile("name=\"payload\" value=\"([^\"]*)\"");

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Autowired
	ImportCommand command;

	private final String prefix = "dutch-" + UUID.randomUUID().toString().substring(0, 8);

	private String email(String name) {
		return this.prefix + "-" + name + "@example.org";
	}

	@Test
	void excelsWindows1252SemicolonCsvImportsWithTheNamesIntactAndThePreviewSaysHowItWasRead() throws Exception {
		String csv = "email;name.first;name.last\r\n" + email("zoe") + ";Zoë;de Vries\r\n" + email("renee")
				+ ";Renée;Çelik\r\n";
		byte[] file = csv.getBytes(WINDOWS_1252);
		assertThat(new String(file, StandardCharsets.UTF_8)).as("not UTF-8").contains("\uFFFD");

		String preview = post(file, "preview", "nl");
		assertThat(preview).contains("id=\"import-encoding\"").contains("Windows-1252");
		String english = post(file, "preview", "en");
		assertThat(english).contains("id=\"import-encoding\"").contains("it was read as Windows-1252");
		assertThat(this.kratos.findByIdentifier(email("zoe"))).as("a preview creates nothing").isEmpty();

		post(payload(preview));

		assertThat(name(email("zoe"))).containsEntry("first", "Zoë").containsEntry("last", "de Vries");
		assertThat(name(email("renee"))).containsEntry("first", "Renée").containsEntry("last", "Çelik");
	}

	@Test
	void theOperatorsCommandSaysSoToo(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("excel.csv");
		Files.write(file, ("email;name.first\r\n" + email("cmd") + ";Zoë\r\n").getBytes(WINDOWS_1252));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = this.command.run(file, true, false, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(exit).isZero();
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("read as Windows-1252");
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("create\t" + email("cmd"));
	}

	@Test
	void aUtf8FileGetsNoEncodingNotice() throws Exception {
		byte[] file = ("email;name.first\r\n" + email("plain") + ";Zoë\r\n").getBytes(StandardCharsets.UTF_8);
		assertThat(post(file, "preview", "en")).contains("Import preview").doesNotContain("import-encoding");
	}

	@Test
	void theSemicolonExportOpensInColumnsNeutralisesFormulasAndImportsAgain() throws Exception {
		List<String> ids = this.identities.createBatch(List.of(
				NewIdentity.withTraits(
						Map.of("email", email("eve"), "name", Map.of("first", "Eve;=2+3;", "last", "=HYPERLINK(1)"))),
				NewIdentity
					.withTraits(Map.of("email", email("celik"), "name", Map.of("first", "Ayşe", "last", "Çelik")))));
		assertThat(ids).hasSize(2);

		byte[] export = this.mvc
			.perform(get("/identities/export").param("format", "csv-semicolon")
				.param("q", this.prefix)
				.with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(export);
		List<List<String>> rows = IdentityExportTests.csv(bytes, ';');
		List<String> header = rows.get(0);
		assertThat(header).startsWith("id", "schema", "state", "label", "email", "name.first", "name.last");
		assertThat(rows).hasSize(3).allSatisfy((row) -> assertThat(row).hasSameSizeAs(header));
		List<String> eve = rows.stream().filter((row) -> row.contains(email("eve"))).findFirst().orElseThrow();
		assertThat(eve.get(header.indexOf("name.first"))).isEqualTo("Eve;'=2+3;");
		assertThat(eve.get(header.indexOf("name.last"))).isEqualTo("'=HYPERLINK(1)");
		// split at ; without regard to quotes, as the worst spreadsheet would: no cell
		// starts a formula
		for (String line : new String(export, StandardCharsets.UTF_8).split("\r\n")) {
			for (String cell : line.split(";", -1)) {
				assertThat(cell.replaceFirst("^\"+", "")).as(line).doesNotStartWith("=");
			}
		}

		// the same file imports again once the users are gone, values as they were
		ids.forEach(this.kratos::deleteIdentity);
		String preview = post(export, "preview", "en");
		assertThat(preview).doesNotContain("import-encoding").contains("Rows: 2. Create: 2.");
		post(payload(preview));
		assertThat(name(email("eve"))).containsEntry("first", "Eve;=2+3;").containsEntry("last", "=HYPERLINK(1)");
		assertThat(name(email("celik"))).containsEntry("first", "Ayşe").containsEntry("last", "Çelik");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> name(String email) {
		IdentitySummary found = this.kratos.findByIdentifier(email).orElseThrow();
		return (Map<String, Object>) this.kratos.getIdentity(found.id()).traits().get("name");
	}

	private String post(byte[] file, String action, String language) throws Exception {
		return this.mvc
			.perform(multipart("/identities/import").file(new MockMultipartFile("file", "users.csv", "text/csv", file))
				.param("action", action)
				.header(HttpHeaders.ACCEPT_LANGUAGE, language)
				.with(SignedIn.admin())
				.with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	/** Imports what the preview carried, as its form posts it. */
	private void post(String payload) throws Exception {
		String done = this.mvc
			.perform(multipart("/identities/import").param("payload", payload)
				.param("action", "import")
				.with(SignedIn.admin())
				.with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(done).contains("id=\"import-done\"");
	}

	private static String payload(String preview) {
		Matcher matcher = PAYLOAD.matcher(preview);
		assertThat(matcher.find()).as(preview).isTrue();
		return matcher.group(1);
	}

}

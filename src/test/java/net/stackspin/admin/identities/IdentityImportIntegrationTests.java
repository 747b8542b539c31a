package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import net.stackspin.admin.audit.AuditEvent;
import net.stackspin.admin.kratos.BatchRow;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.ImportedIdentity;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.RecordedAudit;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The import against the real Kratos: a spreadsheet's CSV and JSON Lines, the dry run
 * that creates nothing, the commit that creates exactly the valid rows with typed traits,
 * the re-run that skips them, existing users in the file, imported password hashes that
 * sign in, malformed hashes, the limits, the results download, the audit event, the
 * operators' command, the v1.3.1 batch behaviour the import guards against, the dry run's
 * verdicts carried to the import (and distrusted), and batches in flight side by side.
 */
// small batches: a file of a hundred-odd rows makes several (each lookup of a taken
// identifier
// costs the tests' sqlite Kratos tens of milliseconds)
@SpringBootTest(properties = { "stackspin.import.batch-size=20", "stackspin.import.parallel-batches=3" })
@AutoConfigureMockMvc
@Import(RecordedAudit.class)
class IdentityImportIntegrationTests extends KratosIntegrationTest {

	private static final Pattern PAYLOAD = Pattern.compile("name=\"payload\" value=\"([^\"]*)\"");

	private static final Pattern EXISTING = Pattern.compile("name=\"existing\" value=\"([^\"]*)\"");

	private static final Pattern RESULTS = Pattern.compile("name=\"results\" value=\"([^\"]*)\"");

	/**
	 * An argon2id hash of {@value #ARGON2ID_PASSWORD} (m=1024, t=2, p=1), computed with
	 * golang.org/x/crypto/argon2, the library Kratos compares with.
	 */
	private static final String ARGON2ID_HASH = "$argon2id$v=19$m=1024,t=2,p=1$c3RhY2tzcGluLXNhbHQtMQ$mRMKxOmPYmGnbxtE4WSQOFzAE7k216+QxjIjR2zA4xY";

	private static final String ARGON2ID_PASSWORD = "Imported-Argon2-Password-7";

	/** An argon2i hash of {@value #ARGON2I_PASSWORD}, made the same way. */
	private static final String ARGON2I_HASH = "$argon2i$v=19$m=1024,t=2,p=1$c3RhY2tzcGluLXNhbHQtMQ$7ijsjyJzA0+SAT9V235aR/PslzTyVW3KnJvTLQ73snE";

	private static final String ARGON2I_PASSWORD = "Imported-Argon2i-Password-8";

	@Autowired
	RecordedAudit.Events audit;

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Autowired
	KratosPublicClient publicApi;

	@Autowired
	ImportCommand command;

	private String prefix;

	@BeforeEach
	void prefix() {
		this.prefix = "import-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private String email(String name) {
		return this.prefix + "-" + name + "@example.org";
	}

	@Test
	void spreadsheetCsvIsPreviewedWithoutCreatingAnythingThenImportedWithTypedTraitsAndARerunSkipsAll()
			throws Exception {
		// as a Dutch office suite saves it: BOM, semicolons, quotes, accents, a line
		// break inside a quoted cell
		String csv = "\uFEFFschema;email;name.first;name.last;newsletter;aliases;department;state\r\n" + "extended;"
				+ email("zoe") + ";Zoë;\"van 't Hoff; Jr.\";true;\"zo\nzoe\";sales;inactive\r\n" + ";"
				+ email("bjorn").toUpperCase() + ";Björn;\"O\"\"Brien\";;;;\r\n" + ";" + this.prefix
				+ "-not-an-address;Bad;Row;;;;\r\n" + ";" + email("zoe") + ";Twice;Row;;;;\r\n" + ";;;;;;;\r\n";
		byte[] file = csv.getBytes(StandardCharsets.UTF_8);

		String preview = preview(file, "users.csv");
		assertThat(preview).contains("Rows: 4. Create: 2. Skip (exists): 0. Errors: 2.");
		assertThat(rowOutcomes(preview)).containsExactly("create", "create", "error", "error");
		assertThat(preview).contains(HtmlUtils.htmlEscape("The same identifier is on line 2 of this file."));
		assertThat(this.kratos.findByIdentifier(email("zoe"))).as("a dry run creates nothing").isEmpty();
		assertThat(this.kratos.findByIdentifier(email("bjorn"))).isEmpty();

		int eventsBefore = this.audit.events().size();
		String done = commit(payload(preview));
		assertThat(done).contains("id=\"import-done\"")
			.contains("Rows: 4. Created: 2. Skipped (exist): 0. Errors: 2. Failed: 0.");
		String zoeId = this.kratos.findByIdentifier(email("zoe")).orElseThrow().id();
		IdentityDetail zoe = this.identities.detail(zoeId);
		assertThat(zoe.summary().schemaId()).isEqualTo(KratosServer.EXTENDED_SCHEMA_ID);
		assertThat(zoe.state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(zoe.traits()).containsEntry("newsletter", true)
			.containsEntry("department", "sales")
			.containsEntry("aliases", List.of("zo", "zoe"))
			.containsEntry("name", Map.of("first", "Zoë", "last", "van 't Hoff; Jr."));
		IdentityDetail bjorn = this.identities.detail(this.kratos.findByIdentifier(email("bjorn")).orElseThrow().id());
		assertThat(bjorn.summary().schemaId()).isEqualTo("default");
		assertThat(bjorn.traits()).containsEntry("name", Map.of("first", "Björn", "last", "O\"Brien"));
		assertThat(this.kratos.findByIdentifier(this.prefix + "-not-an-address")).isEmpty();
		AuditEvent event = this.audit.events()
			.subList(eventsBefore, this.audit.events().size())
			.stream()
			.filter((e) -> e.action().equals("identity.import"))
			.findFirst()
			.orElseThrow();
		assertThat(event.counts()).containsEntry("rows", 4L)
			.containsEntry("created", 2L)
			.containsEntry("errors", 2L)
			.containsEntry("skipped", 0L);
		assertThat(event.outcome()).isEqualTo("success");
		assertThat(event.actor().id()).isEqualTo("00000000-0000-4000-8000-00000000a0a0");

		// the results download: every row, with the ids created
		String results = HtmlUtils.htmlUnescape(match(RESULTS, done));
		MockHttpServletResponse download = this.mvc.perform(
				multipart("/identities/import/results").param("results", results).with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse();
		assertThat(download.getHeader("Content-Disposition"))
			.startsWith("attachment; filename=\"stackspin-import-results-");
		List<List<String>> rows = csv(download.getContentAsByteArray());
		assertThat(rows.get(0)).containsExactly("line", "identifier", "outcome", "id", "column", "message",
				"welcome_email");
		assertThat(rows.get(1)).startsWith("2", email("zoe"), "created", zoeId);
		assertThat(rows.get(3).get(2)).isEqualTo("error");
		assertThat(rows.get(3).get(4)).isEqualTo("email");
		assertThat(rows).hasSize(5);

		// the same file again: nothing twice
		String again = commit(payload(preview(file, "users.csv")));
		assertThat(again).contains("Rows: 4. Created: 0. Skipped (exist): 2. Errors: 2. Failed: 0.");
		assertThat(again).contains(zoeId);
	}

	@Test
	void jsonLinesImportRolesVerifiedAddressesAndStates() throws Exception {
		String jsonl = """
				{"traits":{"email":"%s","name":{"first":"Ada","last":"Lovelace"}},"role":"admin","verified":true}
				{"schema_id":"extended","traits":{"email":"%s","newsletter":false,"aliases":["b"]},"state":"inactive"}
				{"traits":{"email":"%s"},"state":"sleeping"}
				not json
				""".formatted(email("ada"), email("bob"), email("carl"));
		String preview = preview(jsonl.getBytes(StandardCharsets.UTF_8), "users.jsonl");
		assertThat(rowOutcomes(preview)).containsExactly("create", "create", "error", "error");
		assertThat(preview).contains("The state must be active or inactive.")
			.contains("This line is not a JSON object.");
		int eventsBefore = this.audit.events().size();
		String done = commit(payload(preview));
		assertThat(done).contains("Created: 2.");
		IdentityDetail ada = this.identities.detail(this.kratos.findByIdentifier(email("ada")).orElseThrow().id());
		assertThat(ada.roles()).containsExactly("admin");
		// the administrator it made is named in the trail (issue 24); the plain row is in
		// the counts only
		List<AuditEvent> events = List.copyOf(this.audit.events().subList(eventsBefore, this.audit.events().size()));
		assertThat(events.stream().filter((e) -> e.action().equals("identity.create"))).singleElement()
			.satisfies((created) -> {
				assertThat(created.target().id()).isEqualTo(ada.id());
				assertThat(created.target().label()).isEqualTo(email("ada"));
				assertThat(created.values()).containsEntry("via", "import")
					.containsEntry("role", "admin")
					.containsEntry("password_hash", "no")
					.containsEntry("verified", "yes");
				assertThat(created.actor().id()).isEqualTo("00000000-0000-4000-8000-00000000a0a0");
				assertThat(created.outcome()).isEqualTo("success");
			});
		assertThat(events.stream().filter((e) -> e.action().equals("identity.import"))).singleElement()
			.satisfies((summary) -> assertThat(summary.counts()).containsEntry("created", 2L));
		assertThat(ada.verifiableAddresses()).singleElement()
			.satisfies((address) -> assertThat(address.verified()).isTrue());
		IdentityDetail bob = this.identities.detail(this.kratos.findByIdentifier(email("bob")).orElseThrow().id());
		assertThat(bob.state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(bob.traits()).containsEntry("newsletter", false).containsEntry("aliases", List.of("b"));
		assertThat(bob.verifiableAddresses()).allSatisfy((address) -> assertThat(address.verified()).isFalse());
	}

	@Test
	void aNulCharacterInATraitIsAnErrorRow() throws Exception {
		String jsonl = """
				{"traits":{"email":"%s","name":{"first":"Ada\\u0000","last":"L"}}}
				{"traits":{"email":"%s","name":{"first":"Bob"}}}
				""".formatted(email("nul"), email("clean"));
		String preview = preview(jsonl.getBytes(StandardCharsets.UTF_8), "nul.jsonl");
		assertThat(rowOutcomes(preview)).containsExactly("error", "create");
		assertThat(preview).contains("This value contains a NUL character");
		commit(payload(preview));
		assertThat(this.kratos.findByIdentifier(email("nul"))).isEmpty();
		assertThat(this.kratos.findByIdentifier(email("clean"))).isPresent();
	}

	@Test
	void aFileWithAnExistingUserCreatesTheOthersAndReportsThatOne() throws Exception {
		String existing = TestIdentities.user(this.kratos, email("exists")).id();
		String csv = "email,name.first\n" + email("one") + ",One\n" + email("exists") + ",Again\n" + email("two")
				+ ",Two\n";
		String done = commit(null, csv.getBytes(StandardCharsets.UTF_8));
		assertThat(done).contains("Rows: 3. Created: 2. Skipped (exist): 1. Errors: 0. Failed: 0.");
		assertThat(done).contains(existing);
		assertThat(this.kratos.findByIdentifier(email("one"))).isPresent();
		assertThat(this.kratos.findByIdentifier(email("two"))).isPresent();
		assertThat(this.identities.detail(existing).traits()).as("left as it was")
			.containsEntry("name", Map.of("first", "Test", "last", "Person"));
	}

	@Test
	void importedBcryptAndArgon2HashesSignInWithTheOriginalPasswordAndMalformedOnesAreRejected() throws Exception {
		String bcryptPassword = "Imported-Bcrypt-Password-6";
		String bcrypt = new BCryptPasswordEncoder(4).encode(bcryptPassword);
		// argon2's parameters hold commas: quoted, as a spreadsheet writes them
		String csv = "email,password_hash\n" + email("bcrypt") + "," + bcrypt + "\n" + email("argon2id") + ",\""
				+ ARGON2ID_HASH + "\"\n" + email("argon2i") + ",\"" + ARGON2I_HASH + "\"\n" + email("short") + ","
				+ bcrypt.substring(0, 40) + "\n" + email("badsalt") + ",\""
				+ ARGON2ID_HASH.replace("c3RhY2tzcGluLXNhbHQtMQ", "not base64!") + "\"\n" + email("unknown")
				+ ",{CRYPT}abc\n";
		byte[] file = csv.getBytes(StandardCharsets.UTF_8);
		String preview = preview(file, "hashes.csv");
		assertThat(rowOutcomes(preview)).containsExactly("create", "create", "create", "error", "error", "error");
		assertThat(preview).contains("Malformed bcrypt hash").contains("Malformed argon2id hash");
		assertThat(preview).contains("Not a password hash Kratos can import");
		assertThat(preview).doesNotContain(bcrypt);
		String done = commit(payload(preview));
		assertThat(done).contains("Created: 3.").contains("Errors: 3.");
		assertThat(this.kratos.findByIdentifier(email("short"))).isEmpty();
		assertThat(this.publicApi.signInWithPassword(email("bcrypt"), bcryptPassword).sessionToken()).isNotBlank();
		assertThat(this.publicApi.signInWithPassword(email("argon2id"), ARGON2ID_PASSWORD).sessionToken()).isNotBlank();
		assertThat(this.publicApi.signInWithPassword(email("argon2i"), ARGON2I_PASSWORD).sessionToken()).isNotBlank();
	}

	@Test
	void aFileOverTheRowOrSizeLimitIsRefusedWithAMessageAndNothingIsAsked() throws Exception {
		StringBuilder rows = new StringBuilder("email\n");
		for (int i = 0; i <= 20_000; i++) {
			rows.append(this.prefix).append('-').append(i).append("@example.org\n");
		}
		String tooMany = ImportUploads.post(this.mvc, rows.toString().getBytes(StandardCharsets.UTF_8), "many.csv",
				"import", status().isBadRequest());
		assertThat(tooMany).contains("The file has more than 20000 rows, the most one import takes.");
		assertThat(this.kratos.findByIdentifier(this.prefix + "-0@example.org")).isEmpty();
		byte[] large = new byte[10 * 1024 * 1024 + 1];
		java.util.Arrays.fill(large, (byte) 'a');
		String tooLarge = this.mvc
			.perform(multipart("/identities/import").file(new MockMultipartFile("file", "large.csv", "text/csv", large))
				.with(SignedIn.admin())
				.with(csrf()))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(tooLarge).contains("The file is larger than 10 MB, the most one import takes.");
		String empty = this.mvc.perform(multipart("/identities/import").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(empty).contains("Choose a file to import.");
	}

	@Test
	void theCommandPrintsEveryRowAndExitsThreeWhenARowFails(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("users.csv");
		Files.writeString(file, "email;name.first\n" + email("cmd-a") + ";A\nnot-an-address;B\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int dry = this.command.run(file, true, false, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(dry).isEqualTo(3);
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("2\tcreate\t" + email("cmd-a"))
			.contains("3\terror\t")
			.contains("totals\trows=2\tcreate=1\tskip=0\terror=1");
		assertThat(this.kratos.findByIdentifier(email("cmd-a"))).isEmpty();

		out.reset();
		int commit = this.command.run(file, false, false, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(commit).isEqualTo(3);
		String id = this.kratos.findByIdentifier(email("cmd-a")).orElseThrow().id();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("2\tcreated\t" + email("cmd-a") + "\t" + id)
			.contains("totals\trows=2\tcreated=1\tskipped=0\terror=1\tfailed=0");

		Path clean = dir.resolve("clean.jsonl");
		Files.writeString(clean, "{\"traits\":{\"email\":\"" + email("cmd-a") + "\"}}\n");
		out.reset();
		assertThat(this.command.run(clean, false, false, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)))
			.as("skipping existing users is fine")
			.isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("1\tskip\t" + email("cmd-a") + "\t" + id);
		assertThat(
				this.command.run(dir.resolve("missing.csv"), true, false, new PrintStream(out), new PrintStream(err)))
			.isEqualTo(1);
	}

	@Test
	void theCommandRunsWithoutAWebServerAndExitsZeroForAFineFile(@TempDir Path dir) throws Exception {
		assertThat(net.stackspin.admin.AdminApplication.isCommand("--import=users.csv", "--dry-run")).isTrue();
		Path file = dir.resolve("users.jsonl");
		Files.writeString(file, "{\"traits\":{\"email\":\"" + email("cli") + "\"}}\n");
		int code = org.springframework.boot.SpringApplication
			.exit(net.stackspin.admin.AdminApplication.commandApplication()
				.run("--stackspin.kratos.admin-url=" + KRATOS.adminUrl(),
						"--stackspin.kratos.public-url=" + KRATOS.publicUrl(), "--import=" + file));
		assertThat(code).isZero();
		assertThat(this.kratos.findByIdentifier(email("cli"))).isPresent();
	}

	/**
	 * With the preview's verdicts the import looks up only the rows the dry run found
	 * existing and sends the others straight away: a user created between preview and
	 * import is caught by Kratos's refusal (not by a lookup, so the message says it came
	 * since), reported skipped with its id, and the rest of that batch, rolled back with
	 * it in v1.3.1, is sent again and created.
	 */
	@Test
	void theImportTrustsTheDryRunsVerdictsOnlyAsFarAsKratosConfirmsThem() throws Exception {
		String before = TestIdentities.user(this.kratos, email("before")).id();
		String csv = "email,name.first\n" + email("a") + ",A\n" + email("before") + ",Before\n" + email("since")
				+ ",Since\n" + email("b") + ",B\n";
		String preview = preview(csv.getBytes(StandardCharsets.UTF_8), "users.csv");
		assertThat(rowOutcomes(preview)).containsExactly("create", "skip", "create", "create");
		assertThat(existing(preview)).matches("[0-9a-f]{16}:3");
		String since = TestIdentities.user(this.kratos, email("since")).id();

		String done = commitAsPreviewed(preview);
		assertThat(done).contains("Rows: 4. Created: 2. Skipped (exist): 2. Errors: 0. Failed: 0.");
		List<List<String>> results = results(done);
		assertThat(resultOf(results, 3)).startsWith("3", email("before"), "skip", before)
			.contains("A user with this identifier exists already.");
		assertThat(resultOf(results, 4)).as("sent without a lookup, refused by Kratos, then looked up")
			.startsWith("4", email("since"), "skip", since)
			.contains("A user with this identifier was created after the file was checked; left as it is.");
		for (String name : List.of("a", "b")) {
			String id = this.kratos.findByIdentifier(email(name)).orElseThrow().id();
			assertThat(done).contains(id);
		}
		assertThat(this.identities.detail(since).traits()).as("left as it was")
			.containsEntry("name", Map.of("first", "Test", "last", "Person"));
	}

	/**
	 * A hint made for another file, or not a hint at all, is ignored: every row is looked
	 * up as without a dry run.
	 */
	@Test
	void aHintForAnotherFileOrGarbageMeansEveryRowIsLookedUp() throws Exception {
		String before = TestIdentities.user(this.kratos, email("before")).id();
		String csv = "email\n" + email("new") + "\n" + email("before") + "\n" + email("since") + "\n";
		String preview = preview(csv.getBytes(StandardCharsets.UTF_8), "users.csv");
		String since = TestIdentities.user(this.kratos, email("since")).id();
		String otherFile = "0000000000000000" + existing(preview).substring(16);

		String done = commit(payload(preview), null, otherFile);
		assertThat(done).contains("Rows: 3. Created: 1. Skipped (exist): 2. Errors: 0. Failed: 0.");
		List<List<String>> results = results(done);
		assertThat(resultOf(results, 3)).startsWith("3", email("before"), "skip", before);
		assertThat(resultOf(results, 4)).as("looked up, not refused by Kratos")
			.startsWith("4", email("since"), "skip", since)
			.contains("A user with this identifier exists already.");
		assertThat(this.kratos.findByIdentifier(email("new"))).isPresent();

		String csv2 = "email\n" + email("new2") + "\n" + email("before") + "\n";
		String preview2 = preview(csv2.getBytes(StandardCharsets.UTF_8), "users.csv");
		String garbage = commit(payload(preview2), null, "<script>:1-2,x");
		assertThat(garbage).contains("Rows: 2. Created: 1. Skipped (exist): 1. Errors: 0. Failed: 0.");
		assertThat(resultOf(results(garbage), 3)).startsWith("3", email("before"), "skip", before)
			.contains("A user with this identifier exists already.");
	}

	/** A hint claiming new rows exist is corrected by the lookup it asks for. */
	@Test
	void aHintClaimingNewRowsExistStillCreatesThem() throws Exception {
		String csv = "email\n" + email("one") + "\n" + email("two") + "\n";
		String preview = preview(csv.getBytes(StandardCharsets.UTF_8), "users.csv");
		String hint = existing(preview);
		assertThat(hint).endsWith(":");
		String done = commit(payload(preview), null, hint + "2-3");
		assertThat(done).contains("Rows: 2. Created: 2. Skipped (exist): 0. Errors: 0. Failed: 0.");
		assertThat(this.kratos.findByIdentifier(email("one"))).isPresent();
		assertThat(this.kratos.findByIdentifier(email("two"))).isPresent();
	}

	/**
	 * Batches of 20 with three in flight (this class's configuration): every row is
	 * reported once, in line order, a progress line per batch; a re-run skips them all.
	 */
	@Test
	void batchesInFlightSideBySideImportEveryRowOnceInLineOrder() throws Exception {
		String existingId = TestIdentities.user(this.kratos, email("p00060")).id();
		StringBuilder csv = new StringBuilder("email,name.first\n");
		for (int i = 0; i < 130; i++) {
			csv.append(email("p%05d".formatted(i))).append(",P").append(i).append('\n');
		}
		byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
		String preview = preview(file, "many.csv");
		assertThat(existing(preview)).endsWith(":62");

		String done = commitAsPreviewed(preview);
		assertThat(done).contains("Rows: 130. Created: 129. Skipped (exist): 1. Errors: 0. Failed: 0.");
		assertThat(Pattern.compile("<li>\\d+ rows done: ").matcher(done).results().count())
			.as("a progress line per batch")
			.isEqualTo(7);
		List<List<String>> results = results(done);
		List<List<String>> rows = results.subList(1, results.size());
		assertThat(rows.stream().map((row) -> Integer.parseInt(row.get(0))).toList())
			.isEqualTo(IntStream.rangeClosed(2, 131).boxed().toList());
		assertThat(rows.stream().map((row) -> row.get(3)).distinct().count()).as("an id each, none twice")
			.isEqualTo(130);
		assertThat(resultOf(results, 62)).startsWith("62", email("p00060"), "skip", existingId);
		for (int i : new int[] { 0, 19, 20, 59, 61, 129 }) {
			List<String> row = resultOf(results, i + 2);
			assertThat(row).startsWith(Integer.toString(i + 2), email("p%05d".formatted(i)), "created");
			assertThat(this.kratos.findByIdentifier(email("p%05d".formatted(i))).orElseThrow().id())
				.isEqualTo(row.get(3));
		}

		String again = commit(null, file);
		assertThat(again).contains("Rows: 130. Created: 0. Skipped (exist): 130. Errors: 0. Failed: 0.");
	}

	/**
	 * Two administrators import the same file at the same moment, both from the same
	 * preview: every user exists once afterwards, each row is created by one import and
	 * reported skipped by the other, none failed.
	 */
	@Test
	void twoAdministratorsImportingTheSameFileAtOnceCreateEachUserOnce() throws Exception {
		StringBuilder csv = new StringBuilder("email,name.first\n");
		for (int i = 0; i < 60; i++) {
			csv.append(email("twice%03d".formatted(i))).append(",T").append(i).append('\n');
		}
		String preview = preview(csv.toString().getBytes(StandardCharsets.UTF_8), "same.csv");
		java.util.concurrent.ExecutorService admins = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			java.util.concurrent.Future<String> first = admins.submit(() -> commitAsPreviewed(preview));
			java.util.concurrent.Future<String> second = admins.submit(() -> commitAsPreviewed(preview));
			List<List<String>> one = results(first.get());
			List<List<String>> other = results(second.get());
			for (int line = 2; line <= 61; line++) {
				List<String> a = resultOf(one, line);
				List<String> b = resultOf(other, line);
				assertThat(List.of(a.get(2), b.get(2))).as("line %d", line)
					.containsExactlyInAnyOrder("created", "skip");
				assertThat(a.get(3)).as("the same user, line %d", line).isEqualTo(b.get(3));
			}
		}
		finally {
			admins.shutdownNow();
		}
	}

	/**
	 * Why the import never sends a row whose identifier is taken and checks afterwards:
	 * in Kratos v1.3.1 one conflicting entry rolls the whole batch back while the answer
	 * still lists the other entries as created; v26.2.0 keeps them (ory/kratos#4211).
	 * Both answer the same, so only the lookup afterwards tells what Kratos holds.
	 */
	@Test
	void oneConflictInABatchIsRefusedAndTheOthersAnswerCreatedWhetherKeptOrRolledBack() {
		TestIdentities.user(this.kratos, email("taken"));
		List<ImportedIdentity> batch = new ArrayList<>();
		batch.add(new ImportedIdentity(NewIdentity.withTraits(Map.of("email", email("fresh"))), null, List.of()));
		batch.add(new ImportedIdentity(NewIdentity.withTraits(Map.of("email", email("taken"))), null, List.of()));
		List<BatchRow> answer = this.identities.importBatch(batch);
		assertThat(answer.get(0).created()).isTrue();
		assertThat(answer.get(1).created()).isFalse();
		assertThat(answer.get(1).status()).isEqualTo(409);
		boolean rolledBack = KratosServer.VERSION.equals("v1.3.1");
		assertThat(this.identities.existingIds(List.of(answer.get(0).id())).isEmpty())
			.as("rolled back (v1.3.1) or kept (v26.2.0)")
			.isEqualTo(rolledBack);
		assertThat(this.kratos.findByIdentifier(email("fresh")).isEmpty()).isEqualTo(rolledBack);
	}

	private String preview(byte[] file, String name) throws Exception {
		return ImportUploads.post(this.mvc, file, name, "preview", status().isOk());
	}

	private String commit(String payload) throws Exception {
		return commit(payload, null);
	}

	private String commit(String payload, byte[] file) throws Exception {
		return commit(payload, file, null);
	}

	/** The preview's import form as the browser posts it: the file and the hint. */
	private String commitAsPreviewed(String preview) throws Exception {
		return commit(payload(preview), null, existing(preview));
	}

	private String commit(String payload, byte[] file, String existing) throws Exception {
		var request = multipart("/identities/import").param("action", "import");
		if (file != null) {
			request.file(new MockMultipartFile("file", "users.csv", "text/csv", file));
		}
		else {
			request.param("payload", payload);
		}
		if (existing != null) {
			request.param("existing", existing);
		}
		MockHttpServletResponse response = this.mvc.perform(request.with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse();
		assertThat(response.getHeader("X-Accel-Buffering")).isEqualTo("no");
		return response.getContentAsString(StandardCharsets.UTF_8);
	}

	private static String payload(String preview) {
		return match(PAYLOAD, preview);
	}

	private static String existing(String preview) {
		return match(EXISTING, preview);
	}

	/** The results download's rows of the import's page, header first. */
	private static List<List<String>> results(String done) {
		return csv(HtmlUtils.htmlUnescape(match(RESULTS, done)).getBytes(StandardCharsets.UTF_8));
	}

	/** The results row of this line. */
	private static List<String> resultOf(List<List<String>> results, int line) {
		return results.stream().filter((row) -> row.get(0).equals(Integer.toString(line))).findFirst().orElseThrow();
	}

	private static String match(Pattern pattern, String html) {
		Matcher matcher = pattern.matcher(html);
		assertThat(matcher.find()).as("%s in the page", pattern).isTrue();
		return matcher.group(1);
	}

	private static List<String> rowOutcomes(String html) {
		List<String> outcomes = new ArrayList<>();
		Matcher matcher = Pattern.compile("data-outcome=\"([a-z]+)\"").matcher(html);
		while (matcher.find()) {
			outcomes.add(matcher.group(1));
		}
		return outcomes;
	}

	private static List<List<String>> csv(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes);
		return IdentityExportTests.csv(out);
	}

}

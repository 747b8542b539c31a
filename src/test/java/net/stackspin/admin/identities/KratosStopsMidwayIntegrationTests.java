package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.audit.AuditEvent;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.onboarding.InvitationService;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.RecordedAudit;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TcpProxy;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.HtmlUtils;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Work on many users when Kratos dies halfway, with the real Kratos behind a proxy that
 * can cut it off (not a subclass of KratosIntegrationTest, whose Kratos URLs would win
 * over the proxies'):
 * <ul>
 * <li>export: down before the first page is the 503 page (no download starts); cut off
 * after the first page, the file ends with the incomplete marker and a WARN is
 * logged;</li>
 * <li>import, through the service: Kratos cut off with batches in flight stops the run
 * with the failure; what was reported is in line order, true, from the calling thread; no
 * thread of the import is left; a re-run completes the file;</li>
 * <li>import: Kratos dies at the third batch request: the page says the import stopped,
 * every row reported created exists, the audit event says incomplete, and the same file
 * run again once Kratos is back creates the rest, nothing twice;</li>
 * <li>bulk action: Kratos dies at the second user's change: the first is done, the others
 * are reported "not done", and are untouched.</li>
 * </ul>
 */
@SpringBootTest(properties = { "stackspin.kratos.read-timeout=20s",
		"stackspin.import.batch-size=" + KratosStopsMidwayIntegrationTests.BATCH,
		// one batch at a time through the page: the request Kratos dies at is then always
		// after the first batch was reported (a batch may be sent twice, see
		// IdentityImport);
		// batches in flight are tried with an importer of their own below
		"stackspin.import.parallel-batches=1" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
@Import(RecordedAudit.class)
class KratosStopsMidwayIntegrationTests {

	static final KratosServer KRATOS = KratosServer.shared();

	/**
	 * Rows per batch: small, so that a few dozen rows make several batches (each lookup
	 * of a taken identifier costs the tests' sqlite Kratos tens of milliseconds).
	 */
	static final int BATCH = 20;

	/** Rows of the import files: five batches. */
	static final int ROWS = 5 * BATCH;

	private static final Pattern RESULTS = Pattern.compile("name=\"results\" value=\"([^\"]*)\"");

	static final TcpProxy ADMIN = new TcpProxy(KRATOS.adminUrl());

	static final TcpProxy PUBLIC = new TcpProxy(KRATOS.publicUrl());

	@DynamicPropertySource
	static void throughTheProxies(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", ADMIN::url);
		registry.add("stackspin.kratos.public-url", PUBLIC::url);
	}

	/** The proxies a test stopped, started again after it. */
	private final List<TcpProxy> stopped = new ArrayList<>();

	@AfterEach
	void kratosBack() {
		this.stopped.forEach(TcpProxy::start);
	}

	private void stop(TcpProxy proxy) {
		if (!this.stopped.contains(proxy)) {
			proxy.stop();
			this.stopped.add(proxy);
		}
	}

	@AfterAll
	static void closeProxies() {
		ADMIN.close();
		PUBLIC.close();
	}

	@Autowired
	RecordedAudit.Events audit;

	@Autowired
	MockMvc mvc;

	@Autowired
	IdentityExport export;

	@Autowired
	KratosIdentities identities;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosSchemas schemas;

	@Autowired
	SchemaFieldsCache fields;

	@Autowired
	IdentityNames names;

	@Autowired
	InvitationService invitations;

	@Autowired
	MessageSource messages;

	@Autowired
	net.stackspin.admin.audit.AuditTrail auditTrail;

	/** Batches of {@link #BATCH}, two in flight. */
	private IdentityImport inFlight() {
		ImportProperties properties = new ImportProperties(DataSize.ofMegabytes(10), 20_000, BATCH, 8, 5, 2);
		return new IdentityImport(this.kratos, this.identities, this.schemas, this.fields, this.names, this.invitations,
				properties, this.messages, this.auditTrail);
	}

	@Test
	void kratosDownBeforeTheFirstPageIsThe503PageNotADownload() throws Exception {
		stop(ADMIN);
		stop(PUBLIC);
		MockHttpServletResponse response = this.mvc
			.perform(get("/identities/export").param("format", "csv").with(SignedIn.admin()))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Content-Disposition")).isNull();
		assertThat(response.getContentAsString()).doesNotContain("Exception", "at net.stackspin");
	}

	@Test
	void kratosStoppingAfterTheFirstPageEndsTheFileWithTheMarker(CapturedOutput output) {
		String prefix = "stops-" + UUID.randomUUID().toString().substring(0, 8);
		List<NewIdentity> batch = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			batch.add(NewIdentity.withTraits(Map.of("email", "%s-%03d@example.org".formatted(prefix, i))));
		}
		assertThat(this.identities.createBatch(batch)).hasSize(300);
		IdentityExport.PageSource kratos = this.export.source(prefix);
		IdentityExport.PageSource stopsAfterTheFirstPage = (token) -> {
			if (token != null) {
				stop(ADMIN);
			}
			return kratos.page(token);
		};
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		IdentityExport.Result result = this.export.write(IdentityExport.Format.CSV, List.of("email", "name.first"),
				stopsAfterTheFirstPage, () -> out);
		assertThat(result.complete()).isFalse();
		assertThat(result.rows()).isEqualTo(IdentityExport.PAGE_SIZE);
		List<List<String>> rows = IdentityExportTests.csv(out);
		assertThat(rows).hasSize(1 + IdentityExport.PAGE_SIZE + 1);
		assertThat(rows.get(rows.size() - 1)).containsExactly("# export incomplete: Kratos stopped answering");
		assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
		assertThat(output).contains("WARN").contains("Export incomplete after 250 identities");
	}

	@Test
	void kratosDyingAtTheThirdImportBatchStopsTheImportAndARerunCreatesTheRestOnce() throws Exception {
		String prefix = "dies-" + UUID.randomUUID().toString().substring(0, 8);
		StringBuilder csv = new StringBuilder("email,name.first,name.last\n");
		for (int i = 0; i < ROWS; i++) {
			csv.append("%s-%03d@example.org".formatted(prefix, i)).append(",Row").append(i).append(",Midway\n");
		}
		byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
		this.audit.events().clear();
		// the third batch request: the first batch is done by then, however many are in
		// flight at once (two by default), so the page has begun
		ADMIN.stopAt("PATCH /admin/identities ", 2);
		this.stopped.add(ADMIN);

		Map<String, Row> firstRun = importResults(file);

		assertThat(this.lastPage).contains("id=\"import-stopped\"").doesNotContain("id=\"import-done\"", "Exception");
		Map<String, String> reportedCreated = ids(firstRun, "created");
		assertThat(reportedCreated).as("rows after the stop are not reported created").hasSizeLessThan(ROWS);
		assertThat(lastImportEvent().outcome()).isEqualTo("incomplete");

		ADMIN.start();
		this.stopped.remove(ADMIN);
		Map<String, Row> secondRun = importResults(file);
		assertThat(this.lastPage).contains("id=\"import-done\"");
		Map<String, String> created = ids(secondRun, "created");
		Map<String, String> skipped = ids(secondRun, "skip");
		// every row is created now or found (created by the first run, reported or not: a
		// batch in flight when Kratos died), nothing twice
		assertThat(secondRun).hasSize(ROWS);
		assertThat(created.size() + skipped.size()).isEqualTo(ROWS);
		assertThat(this.lastPage).contains("Rows: " + ROWS + ". Created: " + created.size() + ". Skipped (exist): "
				+ skipped.size() + ". Errors: 0. Failed: 0.");
		assertThat(skipped).as("what the first run reported created is what Kratos has")
			.containsAllEntriesOf(reportedCreated);
		List<String> ids = new ArrayList<>(created.values());
		ids.addAll(skipped.values());
		assertThat(this.identities.existingIds(ids)).hasSize(ROWS);
	}

	@Test
	void kratosDyingAtTheFirstImportBatchSaysTheImportStoppedAndToRunTheFileAgain() throws Exception {
		String prefix = "first-" + UUID.randomUUID().toString().substring(0, 8);
		StringBuilder csv = new StringBuilder("email,name.first,name.last\n");
		for (int i = 0; i < BATCH + 5; i++) {
			csv.append("%s-%03d@example.org".formatted(prefix, i)).append(",Row").append(i).append(",First\n");
		}
		byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
		this.audit.events().clear();
		// the very first batch request: nothing has been reported when Kratos goes, and
		// the batch may or may not have been stored
		ADMIN.stopAt("PATCH /admin/identities ", 0);
		this.stopped.add(ADMIN);

		String page = ImportUploads.post(this.mvc, file, "users.csv", "import", status().isServiceUnavailable());

		assertThat(page).contains("id=\"import-stopped\"", "run the same file again")
			.doesNotContain("id=\"import-done\"", "Exception");
		assertThat(lastImportEvent().outcome()).isEqualTo("incomplete");

		ADMIN.start();
		this.stopped.remove(ADMIN);
		Map<String, Row> again = importResults(file);
		assertThat(this.lastPage).contains("id=\"import-done\"");
		assertThat(again).hasSize(BATCH + 5);
		assertThat(ids(again, "created").size() + ids(again, "skip").size()).isEqualTo(BATCH + 5);
	}

	@Test
	void kratosDyingAtTheSecondUsersChangeReportsTheRestNotDoneAndLeavesThemAlone() throws Exception {
		String prefix = "bulk-dies-" + UUID.randomUUID().toString().substring(0, 8);
		IdentitySummary ada = TestIdentities.user(this.kratos, prefix + "-ada@example.org");
		IdentitySummary bob = TestIdentities.user(this.kratos, prefix + "-bob@example.org");
		IdentitySummary cy = TestIdentities.user(this.kratos, prefix + "-cy@example.org");
		ADMIN.stopAt("PATCH /admin/identities/", 1);
		this.stopped.add(ADMIN);

		String page = this.mvc
			.perform(post("/identities/bulk/run").with(SignedIn.admin())
				.with(csrf())
				.param("action", "deactivate")
				.param("ids", ada.id(), bob.id(), cy.id()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);

		assertThat(page).contains("data-id=\"" + ada.id() + "\" data-outcome=\"deactivated\"")
			.contains("data-id=\"" + bob.id() + "\" data-outcome=\"unavailable\"")
			.contains("data-id=\"" + cy.id() + "\" data-outcome=\"unavailable\"")
			.contains("Done for 1 of 3 users.")
			.doesNotContain("Exception");
		ADMIN.start();
		this.stopped.remove(ADMIN);
		assertThat(this.identities.detail(ada.id()).state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(this.identities.detail(bob.id()).state()).isEqualTo(IdentityState.ACTIVE);
		assertThat(this.identities.detail(cy.id()).state()).isEqualTo(IdentityState.ACTIVE);
	}

	/** The audit event of the last import. */
	private AuditEvent lastImportEvent() {
		return this.audit.events()
			.stream()
			.filter((e) -> e.action().equals("identity.import"))
			.reduce((a, b) -> b)
			.orElseThrow();
	}

	/** The page of the last {@link #importResults} call. */
	private String lastPage;

	/** One row of the results download. */
	private record Row(String outcome, String id) {
	}

	/** Imports the file (no preview first): the results download, by identifier. */
	private Map<String, Row> importResults(byte[] file) throws Exception {
		this.lastPage = ImportUploads.post(this.mvc, file, "users.csv", "import", status().isOk());
		Matcher results = RESULTS.matcher(this.lastPage);
		assertThat(results.find()).as("the results download in the page").isTrue();
		ByteArrayOutputStream csv = new ByteArrayOutputStream();
		csv.writeBytes(HtmlUtils.htmlUnescape(results.group(1)).getBytes(StandardCharsets.UTF_8));
		Map<String, Row> rows = new LinkedHashMap<>();
		List<List<String>> lines = IdentityExportTests.csv(csv);
		for (List<String> row : lines.subList(1, lines.size())) {
			rows.put(row.get(1), new Row(row.get(2), row.get(3)));
		}
		return rows;
	}

	private static Map<String, String> ids(Map<String, Row> rows, String outcome) {
		Map<String, String> ids = new LinkedHashMap<>();
		rows.forEach((identifier, row) -> {
			if (row.outcome().equals(outcome)) {
				ids.put(identifier, row.id());
			}
		});
		return ids;
	}

	@Test
	void kratosStoppingWithBatchesInFlightStopsTheRunWithTrueResultsAndNoThreadLeft() throws Exception {
		IdentityImport importer = inFlight();
		String prefix = "import-stops-" + UUID.randomUUID().toString().substring(0, 8);
		StringBuilder csv = new StringBuilder("email\n");
		for (int i = 0; i < ROWS; i++) {
			csv.append(prefix).append('-').append(i).append("@example.org\n");
		}
		byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
		List<IdentityImport.RowResult> reported = new CopyOnWriteArrayList<>();
		List<String> reporters = new CopyOnWriteArrayList<>();
		List<String> caller = new CopyOnWriteArrayList<>();
		IdentityImport.Listener stopsAfterTheFirstBatch = new IdentityImport.Listener() {

			@Override
			public void row(IdentityImport.RowResult result) {
				reported.add(result);
				reporters.add(Thread.currentThread().getName());
			}

			@Override
			public void batchDone(IdentityImport.Totals soFar) {
				ADMIN.stop();
			}

		};
		try {
			assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
				caller.add(Thread.currentThread().getName());
				assertThatThrownBy(() -> importer.run(() -> new ByteArrayInputStream(file), IdentityImport.Mode.COMMIT,
						false, null, stopsAfterTheFirstBatch))
					.isInstanceOf(KratosException.class);
			});
		}
		finally {
			ADMIN.start();
		}
		assertThat(reported).hasSizeGreaterThanOrEqualTo(BATCH).hasSizeLessThan(ROWS);
		List<Integer> lines = reported.stream().map(IdentityImport.RowResult::line).toList();
		assertThat(lines).as("in line order, each once").isSorted().doesNotHaveDuplicates();
		assertThat(lines.subList(0, BATCH)).as("the first batch whole").isEqualTo(range(2, BATCH + 1));
		for (IdentityImport.RowResult row : reported) {
			assertThat(row.outcome()).isEqualTo(IdentityImport.Outcome.CREATED);
			assertThat(this.kratos.findByIdentifier(row.identifier()).orElseThrow().id()).isEqualTo(row.id());
		}
		assertThat(reporters).as("the listener hears from one thread only").containsOnly(caller.get(0));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (importThreads() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(importThreads()).as("no thread of the import left").isZero();

		List<IdentityImport.RowResult> again = new ArrayList<>();
		IdentityImport.Totals totals = importer.run(() -> new ByteArrayInputStream(file), IdentityImport.Mode.COMMIT,
				false, null, again::add);
		assertThat(totals.count(IdentityImport.Outcome.FAILED)).isZero();
		assertThat(totals.count(IdentityImport.Outcome.CREATED) + totals.count(IdentityImport.Outcome.SKIP))
			.isEqualTo(ROWS);
		assertThat(totals.count(IdentityImport.Outcome.SKIP)).isGreaterThanOrEqualTo(reported.size());
		assertThat(again.stream().map(IdentityImport.RowResult::line).toList()).isEqualTo(range(2, ROWS + 1));
	}

	private static List<Integer> range(int from, int to) {
		return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
	}

	private static long importThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("import-"))
			.count();
	}

}

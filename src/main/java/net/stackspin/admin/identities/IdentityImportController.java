package net.stackspin.admin.identities;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosUnavailableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /identities/import}: upload a file, see the dry run's verdict per row, import.
 * Nothing is kept on the server between the two steps: the preview page carries the file
 * itself (gzip, base64) in its import form, with the lines the dry run found existing
 * ({@link DryRunHint}: only those are looked up again, Kratos's answers and the
 * {@code ?ids=} check catch the rest), and the import checks every row again. The
 * import's page is streamed, a line per batch as Kratos finishes it; its results travel
 * in the page's download form the same way.
 */
@Controller
class IdentityImportController {

	/** Where the streamed page's head ends and its tail begins. */
	static final String STREAM_MARKER = "<!--import-progress-->";

	private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

	static final List<String> RESULT_COLUMNS = List.of("line", "identifier", "outcome", "id", "column", "message",
			"welcome_email");

	private final IdentityImport importer;

	private final AuditTrail audit;

	/** Thymeleaf's, which exists only in the web application (not for commands). */
	private final ObjectProvider<ViewResolver> views;

	IdentityImportController(IdentityImport importer, AuditTrail audit,
			@Qualifier("thymeleafViewResolver") ObjectProvider<ViewResolver> thymeleafViewResolver) {
		this.importer = importer;
		this.audit = audit;
		this.views = thymeleafViewResolver;
	}

	@GetMapping("/identities/import")
	String form(Model model) {
		limits(model);
		return "identities/import";
	}

	/** The dry run (preview) or, with {@code action=import}, the import itself. */
	@PostMapping("/identities/import")
	String submit(@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "payload", required = false) String payload,
			@RequestParam(name = "existing", required = false) String existing,
			@RequestParam(name = "action", defaultValue = "preview") String action,
			@RequestParam(name = "invite", defaultValue = "false") boolean invite, Model model,
			HttpServletRequest request, HttpServletResponse response) throws Exception {
		Locale locale = LocaleContextHolder.getLocale();
		IdentityImport.Source source = source(file, payload);
		if (source == null) {
			return refused(model, response, Problem.of("import.error.noFile"), invite);
		}
		if (invite && !this.importer.canInvite()) {
			return refused(model, response, Problem.of("import.error.noMail"), invite);
		}
		Charset charset;
		try {
			charset = this.importer.readAll(source);
		}
		catch (ImportFile.Refused ex) {
			return refused(model, response, ex.problem(), invite);
		}
		catch (UncheckedIOException ex) {
			return refused(model, response, Problem.of("import.error.noFile"), invite);
		}
		if ("import".equals(action)) {
			// the dry run's verdicts, if they were made for this very file
			DryRunHint hint = DryRunHint.parse(existing, DryRunHint.digest(source)).orElse(null);
			stream(source, hint, invite, model, request, response, locale);
			return null;
		}
		// never silent: a file read as Windows-1252 says so, names to check
		model.addAttribute("windows1252", !StandardCharsets.UTF_8.equals(charset));
		return preview(source, invite, model, response, locale);
	}

	private String preview(IdentityImport.Source source, boolean invite, Model model, HttpServletResponse response,
			Locale locale) throws IOException {
		List<ResultRow> rows = new ArrayList<>();
		List<Integer> existing = new ArrayList<>();
		IdentityImport.Totals totals;
		try {
			totals = this.importer.run(source, IdentityImport.Mode.DRY_RUN, false, (row) -> {
				rows.add(ResultRow.of(row, this.importer, locale));
				if (row.outcome() == IdentityImport.Outcome.SKIP) {
					existing.add(row.line());
				}
			});
		}
		catch (ImportFile.Refused ex) {
			return refused(model, response, ex.problem(), invite);
		}
		catch (KratosException ex) {
			return kratosFailed(ex, model, response, invite);
		}
		model.addAttribute("rows", rows);
		model.addAttribute("totals", totals);
		model.addAttribute("toCreate", totals.count(IdentityImport.Outcome.CREATE));
		model.addAttribute("payload", payload(source));
		model.addAttribute("existing", DryRunHint.encode(DryRunHint.digest(source), existing));
		model.addAttribute("invite", invite);
		model.addAttribute("canInvite", this.importer.canInvite());
		return "identities/import-preview";
	}

	/**
	 * The import as a page that grows while it runs: the head once the first batch is
	 * done, a line per batch, then the totals, the rows that were not created and the
	 * results download. Kratos gone before the first batch was reported: the same page,
	 * stopped, with status 503.
	 */
	private void stream(IdentityImport.Source source, DryRunHint hint, boolean invite, Model model,
			HttpServletRequest request, HttpServletResponse response, Locale locale) throws Exception {
		List<ResultRow> rows = new ArrayList<>();
		Writer[] out = new Writer[1];
		IdentityImport.Totals totals = null;
		KratosException stopped = null;
		try {
			totals = this.importer.run(source, IdentityImport.Mode.COMMIT, invite, hint, new IdentityImport.Listener() {

				@Override
				public void row(IdentityImport.RowResult row) {
					rows.add(ResultRow.of(row, IdentityImportController.this.importer, locale));
				}

				@Override
				public void batchDone(IdentityImport.Totals soFar) {
					try {
						if (out[0] == null) {
							out[0] = start(model, request, response);
						}
						out[0].write("<li>" + HtmlUtils
							.htmlEscape(IdentityImportController.this.importer.message(Problem.of(
									"import.progress.batch", soFar.rows(), soFar.count(IdentityImport.Outcome.CREATED),
									soFar.count(IdentityImport.Outcome.SKIP), soFar.count(IdentityImport.Outcome.ERROR),
									soFar.count(IdentityImport.Outcome.FAILED)), locale))
								+ "</li>\n");
						out[0].flush();
						response.flushBuffer();
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}

			});
		}
		catch (KratosException ex) {
			stopped = ex;
		}
		ImportAudit.record(this.audit.event("identity.import"), (totals != null) ? totals : counted(rows),
				(stopped != null) ? "incomplete" : "success");
		if (out[0] == null) {
			// Kratos stopped before the first batch was reported: a batch sent by then
			// may have been stored without an answer, so the page says to run the file
			// again (which skips what exists) rather than the general "Kratos is down"
			if (stopped instanceof KratosUnavailableException) {
				response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			}
			out[0] = start(model, request, response);
		}
		model.addAttribute("rows", rows.stream().filter((row) -> !"created".equals(row.outcome)).toList());
		model.addAttribute("totals", (totals != null) ? totals : counted(rows));
		model.addAttribute("stopped", stopped != null);
		model.addAttribute("invite", invite);
		model.addAttribute("results", resultsCsv(rows));
		String page = render("identities/import-progress", model, request, response);
		out[0].write(page.substring(page.indexOf(STREAM_MARKER) + STREAM_MARKER.length()));
		out[0].flush();
	}

	/** Counts of the rows reported, when the run stopped before its own totals. */
	private static IdentityImport.Totals counted(List<ResultRow> rows) {
		Map<IdentityImport.Outcome, Integer> outcomes = new java.util.EnumMap<>(IdentityImport.Outcome.class);
		int invited = 0;
		int failed = 0;
		for (ResultRow row : rows) {
			outcomes.merge(row.kind, 1, Integer::sum);
			invited += "sent".equals(row.invitation) ? 1 : 0;
			failed += "failed".equals(row.invitation) ? 1 : 0;
		}
		return new IdentityImport.Totals(rows.size(), outcomes, invited, failed);
	}

	/** Writes the page's head (up to the marker) and returns the writer for the rest. */
	private Writer start(Model model, HttpServletRequest request, HttpServletResponse response) throws IOException {
		model.addAttribute("streaming", true);
		String page;
		try {
			page = render("identities/import-progress", model, request, response);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not render the import page", ex);
		}
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		// ingress proxies pass each line on instead of holding the page until the end
		response.setHeader("X-Accel-Buffering", "no");
		Writer writer = response.getWriter();
		writer.write(page, 0, page.indexOf(STREAM_MARKER));
		writer.flush();
		response.flushBuffer();
		return writer;
	}

	/**
	 * The page rendered by Thymeleaf into a string (the response itself is untouched).
	 */
	private String render(String template, Model model, HttpServletRequest request, HttpServletResponse response)
			throws Exception {
		View view = this.views.getObject().resolveViewName(template, LocaleContextHolder.getLocale());
		Capture capture = new Capture(response);
		view.render(model.asMap(), request, capture);
		return capture.text();
	}

	@PostMapping("/identities/import/results")
	void results(@RequestParam(name = "results", defaultValue = "") String results, HttpServletResponse response)
			throws IOException {
		List<String[]> rows = new ArrayList<>();
		try (MappingIterator<String[]> cells = CSV.readerFor(String[].class)
			.with(CsvSchema.emptySchema())
			.readValues(results)) {
			while (cells.hasNext()) {
				rows.add(cells.next());
			}
		}
		catch (JacksonException ex) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the results are not CSV");
			return;
		}
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment()
					.filename("stackspin-import-results-" + LocalDate.now(ZoneOffset.UTC) + ".csv")
					.build()
					.toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		Writer out = new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write('\uFEFF');
		// cells are written anew, each neutralised: the download is not an echo
		try (SequenceWriter writer = CSV.writer(CsvSchema.emptySchema()).writeValues(out)) {
			for (String[] row : rows) {
				String[] cells = new String[row.length];
				for (int i = 0; i < row.length; i++) {
					cells[i] = UsersCsv.neutralised(row[i]);
				}
				writer.write(cells);
			}
		}
	}

	/** The results of every row as CSV, for the download form. */
	static String resultsCsv(List<ResultRow> rows) {
		StringWriter text = new StringWriter();
		try (SequenceWriter writer = CSV.writer(CsvSchema.emptySchema()).writeValues(text)) {
			writer.write(RESULT_COLUMNS.toArray(String[]::new));
			for (ResultRow row : rows) {
				writer.write(new String[] { Integer.toString(row.line), row.identifier, row.outcome, row.id, row.field,
						row.message, row.invitation });
			}
		}
		return text.toString();
	}

	private String refused(Model model, HttpServletResponse response, Problem problem, boolean invite) {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		model.addAttribute("error", this.importer.message(problem, LocaleContextHolder.getLocale()));
		model.addAttribute("invite", invite);
		limits(model);
		return "identities/import";
	}

	private String kratosFailed(KratosException ex, Model model, HttpServletResponse response, boolean invite) {
		if (ex instanceof KratosUnavailableException unavailable) {
			throw unavailable;
		}
		return refused(model, response, Problem.of("import.failed.refused", ex.getMessage()), invite);
	}

	private void limits(Model model) {
		model.addAttribute("maxSize", ImportFile.megabytes(this.importer.properties().maxFileSize().toBytes()));
		model.addAttribute("maxRows", Integer.toString(this.importer.properties().maxRows()));
		model.addAttribute("canInvite", this.importer.canInvite());
	}

	/** The uploaded file, else the file the preview page carried, else null. */
	private static IdentityImport.Source source(MultipartFile file, String payload) {
		if (file != null && !file.isEmpty()) {
			return file::getInputStream;
		}
		if (payload != null && !payload.isBlank()) {
			byte[] compressed;
			try {
				compressed = Base64.getDecoder().decode(payload.strip());
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			return () -> new GZIPInputStream(new ByteArrayInputStream(compressed));
		}
		return null;
	}

	/** The file, compressed, for the preview page's import form. */
	private static String payload(IdentityImport.Source source) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (InputStream in = source.open(); GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			in.transferTo(gzip);
		}
		return Base64.getEncoder().encodeToString(bytes.toByteArray());
	}

	/** One row of a preview or result table, in the page's language. */
	static final class ResultRow {

		final int line;

		final String identifier;

		final IdentityImport.Outcome kind;

		final String outcome;

		final String outcomeText;

		final String id;

		final String field;

		final String message;

		final String invitation;

		private ResultRow(IdentityImport.RowResult row, String outcomeText, String message) {
			this.line = row.line();
			this.identifier = row.identifier();
			this.kind = row.outcome();
			this.outcome = row.outcome().text();
			this.outcomeText = outcomeText;
			this.id = row.id();
			this.field = row.field();
			this.message = message;
			this.invitation = row.invitation();
		}

		static ResultRow of(IdentityImport.RowResult row, IdentityImport importer, Locale locale) {
			return new ResultRow(row, importer.message(Problem.of("import.outcome." + row.outcome().text()), locale),
					importer.message(row.problem(), locale));
		}

		public int getLine() {
			return this.line;
		}

		public String getIdentifier() {
			return this.identifier;
		}

		public String getOutcome() {
			return this.outcome;
		}

		public String getOutcomeText() {
			return this.outcomeText;
		}

		public String getId() {
			return this.id;
		}

		public String getField() {
			return this.field;
		}

		public String getMessage() {
			return this.message;
		}

		public String getInvitation() {
			return this.invitation;
		}

	}

	/** A response whose body goes into a string; status and headers are left alone. */
	private static final class Capture extends HttpServletResponseWrapper {

		private final StringWriter text = new StringWriter();

		private final PrintWriter writer = new PrintWriter(this.text);

		Capture(HttpServletResponse response) {
			super(response);
		}

		String text() {
			this.writer.flush();
			return this.text.toString();
		}

		@Override
		public PrintWriter getWriter() {
			return this.writer;
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return new ServletOutputStream() {

				@Override
				public void write(int b) {
					throw new UnsupportedOperationException("templates write characters");
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setWriteListener(WriteListener listener) {
				}

			};
		}

		@Override
		public void setContentType(String type) {
		}

		@Override
		public void setCharacterEncoding(String charset) {
		}

		@Override
		public void setLocale(Locale locale) {
		}

		@Override
		public void setHeader(String name, String value) {
		}

		@Override
		public void addHeader(String name, String value) {
		}

		@Override
		public void setStatus(int sc) {
		}

		@Override
		public void flushBuffer() {
		}

		@Override
		public void resetBuffer() {
		}

		@Override
		public void reset() {
		}

		@Override
		public boolean isCommitted() {
			return false;
		}

	}

}

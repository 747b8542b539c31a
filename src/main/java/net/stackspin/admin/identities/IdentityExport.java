package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.ExportPage;
import net.stackspin.admin.kratos.ExportedIdentity;
import net.stackspin.admin.kratos.InvitationNote;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Writes all identities, or those a search finds, as CSV or JSON Lines while paging
 * through Kratos: one keyset page of {@value #PAGE_SIZE} in memory at a time, flushed
 * before the next is asked for, so memory stays the same at 100,000 identities. Never
 * credentials. When Kratos stops answering midway the file ends with a marker line
 * instead of silently looking complete.
 */
@Component
public class IdentityExport {

	static final int PAGE_SIZE = 250;

	/**
	 * Reads the next page of each running export (one thread per export at most, idle
	 * threads end after a minute; daemon threads never hold up a shutdown).
	 */
	private static final ExecutorService PREFETCH = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "export-next-page");
		thread.setDaemon(true);
		return thread;
	});

	static final String CSV_INCOMPLETE = "# export incomplete: Kratos stopped answering";

	static final String JSONL_INCOMPLETE = "{\"incomplete\":true}";

	private static final Logger log = LoggerFactory.getLogger(IdentityExport.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * How the file is written. Two CSVs because a spreadsheet splits a CSV at the list
	 * separator of its region: commas for English, semicolons for a Dutch Excel (whose
	 * "CSV" is {@code ;}-separated). Both are UTF-8 with a byte-order mark.
	 */
	public enum Format {

		CSV("csv", "csv", ','), CSV_SEMICOLON("csv-semicolon", "csv", ';'), JSONL("jsonl", "jsonl", '\0');

		private final String name;

		private final String extension;

		private final char separator;

		Format(String name, String extension, char separator) {
			this.name = name;
			this.extension = extension;
			this.separator = separator;
		}

		/** What the {@code format} parameter and the audit trail call it. */
		public String key() {
			return this.name;
		}

		public String extension() {
			return this.extension;
		}

		public String contentType() {
			return (this == JSONL) ? "application/jsonl;charset=UTF-8" : "text/csv;charset=UTF-8";
		}

		/**
		 * The format named {@code csv}, {@code csv-semicolon} or {@code jsonl} (any
		 * case), if it is one.
		 */
		public static Optional<Format> of(String name) {
			for (Format format : values()) {
				if (format.name.equalsIgnoreCase((name != null) ? name.strip() : "")) {
					return Optional.of(format);
				}
			}
			return Optional.empty();
		}

	}

	/** The pages of one export, asked for one at a time. */
	@FunctionalInterface
	interface PageSource {

		ExportPage page(String pageToken);

	}

	/**
	 * What was written.
	 *
	 * @param rows identities written
	 * @param pages pages read from Kratos
	 * @param complete false when Kratos stopped answering midway
	 */
	public record Result(long rows, int pages, boolean complete) {
	}

	private final KratosIdentities identities;

	private final KratosSchemas schemas;

	private final SchemaFieldsCache fields;

	/** The panel's one naming rule ({@link IdentityNames#label}). */
	private final Function<IdentitySummary, String> label;

	private final Clock clock;

	@Autowired
	IdentityExport(KratosIdentities identities, KratosSchemas schemas, SchemaFieldsCache fields, IdentityNames names) {
		this(identities, schemas, fields, names::label, Clock.systemUTC());
	}

	IdentityExport(KratosIdentities identities, KratosSchemas schemas, SchemaFieldsCache fields,
			Function<IdentitySummary, String> label, Clock clock) {
		this.identities = identities;
		this.schemas = schemas;
		this.fields = fields;
		this.label = label;
		this.clock = clock;
	}

	/**
	 * The trait paths of every schema Kratos serves, in schema order without repeats:
	 * read once, before anything is written, because a CSV header needs them all.
	 */
	public List<String> traitColumns() {
		Set<String> paths = new LinkedHashSet<>();
		for (String schemaId : this.schemas.schemaIds()) {
			for (SchemaField leaf : SchemaField.leaves(this.fields.fields(schemaId))) {
				paths.add(leaf.path());
			}
		}
		return List.copyOf(paths);
	}

	/**
	 * Writes the export. Kratos failing on the first page (or on the columns) throws
	 * before {@code open} is called, so a caller can still answer with an error page;
	 * failing later ends the file with the incomplete marker.
	 * @param query the list page's search ({@code null} or blank for everyone)
	 * @param open called once, just before the first byte, for the stream to write to
	 */
	public Result export(Format format, String query, Supplier<OutputStream> open) {
		List<String> traitColumns = traitColumns();
		return write(format, traitColumns, source(query), open);
	}

	/**
	 * The pages of the list page's search: a UUID is that identity, an identifier with an
	 * exact match is that identity, anything else a prefix search (every match, page by
	 * page); no search is everyone.
	 */
	PageSource source(String query) {
		String q = (query != null) ? query.strip() : "";
		if (q.isEmpty()) {
			return (token) -> this.identities.exportPage(PAGE_SIZE, token, Map.of());
		}
		if (isUuid(q)) {
			return (token) -> this.identities.exportPage(PAGE_SIZE, token, Map.of("ids", q.toLowerCase(Locale.ROOT)));
		}
		ExportPage exact = this.identities.exportPage(PAGE_SIZE, null, Map.of("credentials_identifier", q));
		if (!exact.identities().isEmpty()) {
			return (token) -> (token == null) ? exact
					: this.identities.exportPage(PAGE_SIZE, token, Map.of("credentials_identifier", q));
		}
		return (token) -> this.identities.exportPage(PAGE_SIZE, token,
				Map.of("preview_credentials_identifier_similar", q));
	}

	Result write(Format format, List<String> traitColumns, PageSource source, Supplier<OutputStream> open) {
		ExportPage page = source.page(null);
		int pages = 1;
		long rows = 0;
		boolean complete = true;
		Writer out = new OutputStreamWriter(open.get(), StandardCharsets.UTF_8);
		Future<ExportPage> ahead = null;
		try {
			RowWriter writer = (format == Format.JSONL) ? new JsonLines(out, traitColumns)
					: new CsvRows(out, format.separator, traitColumns);
			while (true) {
				// Kratos reads the next page while this one is written: the export then
				// takes
				// about as long as Kratos's paging, not paging plus writing. One page
				// ahead
				// only, so memory stays at two pages.
				Optional<String> next = page.nextPageToken();
				ahead = next.map((token) -> PREFETCH.submit(() -> source.page(token))).orElse(null);
				for (ExportedIdentity identity : page.identities()) {
					writer.row(identity);
					rows++;
				}
				writer.flush();
				if (ahead == null) {
					break;
				}
				try {
					page = await(ahead);
					ahead = null;
					pages++;
				}
				catch (KratosException ex) {
					ahead = null;
					log.warn("Export incomplete after {} identities: Kratos stopped answering ({})", rows,
							ex.getClass().getSimpleName());
					writer.incomplete();
					writer.flush();
					complete = false;
					break;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (ahead != null) {
				// the client went away: the page read ahead is not needed
				ahead.cancel(true);
			}
		}
		return new Result(rows, pages, complete);
	}

	private static ExportPage await(Future<ExportPage> page) {
		try {
			return page.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kratos's next page", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private interface RowWriter {

		void row(ExportedIdentity identity) throws IOException;

		void incomplete() throws IOException;

		void flush() throws IOException;

	}

	/**
	 * CSV with a byte-order mark (so spreadsheets read it as UTF-8) and a header, cells
	 * written by {@link UsersCsv}.
	 */
	private final class CsvRows implements RowWriter {

		private final Writer out;

		private final char separator;

		private final List<String> traitColumns;

		CsvRows(Writer out, char separator, List<String> traitColumns) throws IOException {
			this.out = out;
			this.separator = separator;
			this.traitColumns = traitColumns;
			List<String> columns = new ArrayList<>(UsersCsv.LEADING_COLUMNS);
			columns.addAll(traitColumns);
			columns.addAll(UsersCsv.TRAILING_COLUMNS);
			out.write('\uFEFF');
			// the header is neutralised like every other row (trait paths come from the
			// schema)
			UsersCsv.writeRow(out, separator, columns);
			// the download starts with the header while Kratos is asked for the next page
			out.flush();
		}

		@Override
		public void row(ExportedIdentity identity) throws IOException {
			List<String> cells = new ArrayList<>(UsersCsv.LEADING_COLUMNS.size() + this.traitColumns.size() + 6);
			cells.add(identity.summary().id());
			cells.add(String.valueOf(identity.summary().schemaId()));
			cells.add(state(identity));
			cells.add(label(identity));
			for (String path : this.traitColumns) {
				cells.add(text(at(identity.traits(), path)));
			}
			ObjectNode rest = without(identity.traits(), this.traitColumns);
			cells.add(rest.isEmpty() ? "" : JSON.writeValueAsString(rest));
			cells.add(Boolean.toString(identity.allVerified()));
			cells.add(role(identity));
			cells.add(time(identity.summary().createdAt()));
			cells.add(time(identity.summary().updatedAt()));
			cells.add(invitation(identity));
			UsersCsv.writeRow(this.out, this.separator, cells);
		}

		@Override
		public void incomplete() throws IOException {
			UsersCsv.writeRow(this.out, this.separator, List.of(CSV_INCOMPLETE));
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
		}

	}

	/** One JSON object per line, traits as their JSON. */
	private final class JsonLines implements RowWriter {

		private final Writer out;

		JsonLines(Writer out, List<String> traitColumns) {
			this.out = out;
		}

		@Override
		public void row(ExportedIdentity identity) throws IOException {
			ObjectNode line = JSON.createObjectNode();
			line.put("id", identity.summary().id());
			line.put("schema", identity.summary().schemaId());
			line.put("state", state(identity));
			line.put("label", label(identity));
			line.set("traits", identity.traits());
			line.put("verified", identity.allVerified());
			line.put("role", role(identity));
			line.put("created", time(identity.summary().createdAt()));
			line.put("updated", time(identity.summary().updatedAt()));
			line.put("invitation", invitation(identity));
			this.out.write(JSON.writeValueAsString(line));
			this.out.write('\n');
		}

		@Override
		public void incomplete() throws IOException {
			this.out.write(JSONL_INCOMPLETE);
			this.out.write('\n');
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
		}

	}

	private String label(ExportedIdentity identity) {
		return this.label.apply(identity.summary());
	}

	private static String state(ExportedIdentity identity) {
		return identity.summary().state().name().toLowerCase(Locale.ROOT);
	}

	/** The most powerful panel role, or empty for a user without one. */
	private static String role(ExportedIdentity identity) {
		return PanelRole.highestOf(identity.roles()).map(PanelRole::kratosName).orElse("");
	}

	/**
	 * What {@code metadata_admin.invitation} says today: {@code accepted} once the user
	 * completed an invitation link, else {@code pending} until its link expires, then
	 * {@code expired}; {@code none} when no invitation was sent.
	 */
	private String invitation(ExportedIdentity identity) {
		if (!identity.invited()) {
			return InvitationNote.Status.NONE.key();
		}
		InvitationNote note = identity.summary().invitation();
		if (note == null) {
			// a note edited by hand into something else than an object of times
			Instant until = identity.invitationValidUntil();
			return ((until != null && until.isBefore(this.clock.instant())) ? InvitationNote.Status.EXPIRED
					: InvitationNote.Status.PENDING)
				.key();
		}
		return note.status(this.clock.instant()).key();
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

	/** The value at a dotted trait path, or a missing node. */
	static JsonNode at(JsonNode traits, String path) {
		JsonNode node = traits;
		for (String part : path.split("\\.")) {
			node = node.path(part);
		}
		return node;
	}

	/** A value as one cell: text as it is, anything else as its JSON. */
	static String text(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		return value.isString() ? value.asString() : JSON.writeValueAsString(value);
	}

	/**
	 * The traits no column holds (a schema changed since they were stored), empty when
	 * the columns hold them all.
	 */
	static ObjectNode without(JsonNode traits, List<String> paths) {
		ObjectNode rest = traits.isObject() ? ((ObjectNode) traits).deepCopy() : JSON.createObjectNode();
		for (String path : paths) {
			remove(rest, path.split("\\."), 0);
		}
		return rest;
	}

	private static void remove(ObjectNode node, String[] parts, int index) {
		if (index == parts.length - 1) {
			node.remove(parts[index]);
			return;
		}
		if (node.get(parts[index]) instanceof ObjectNode child) {
			remove(child, parts, index + 1);
			if (child.isEmpty()) {
				node.remove(parts[index]);
			}
		}
	}

	private static boolean isUuid(String text) {
		if (text.length() != 36) {
			return false;
		}
		try {
			UUID.fromString(text);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** {@code stackspin-users-2026-12-02.csv}: the date the export was made (UTC). */
	public String fileName(Format format) {
		return "stackspin-users-" + java.time.LocalDate.now(this.clock.withZone(java.time.ZoneOffset.UTC)) + "."
				+ format.extension();
	}

}

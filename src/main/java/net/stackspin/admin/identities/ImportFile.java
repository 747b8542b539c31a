package net.stackspin.admin.identities;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads an import file row by row, never all at once: CSV (UTF-8 with or without a
 * byte-order mark, {@code ,} or {@code ;} between cells as the header line shows, quoted
 * cells with line breaks, parsed by Jackson's CSV module) or JSON Lines (one object per
 * line). Which one is told by the first character: <code>{</code> is JSON Lines. A file
 * over the size or row limit, or one that is not text or not CSV, is refused as a whole
 * ({@link Refused}); a bad row is a row with a problem. A file that is text but not UTF-8
 * is read as Windows-1252, the encoding of a western European Excel's plain "CSV"
 * ({@link #charsetOf}); the preview says so.
 */
final class ImportFile {

	/** Keys of a JSON line that are not imported but may be there (export, Kratos). */
	private static final Set<String> IGNORED_KEYS = Set.of("id", "label", "created", "updated", "invitation",
			"created_at", "updated_at", "state_changed_at", "verifiable_addresses", "recovery_addresses", "schema_url",
			"organization_id");

	/** The encoding of a western European Excel's "CSV" (see {@link #charsetOf}). */
	static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

	private ImportFile() {
	}

	/** The file as a whole cannot be imported; nothing of it is. */
	static final class Refused extends RuntimeException {

		private final transient Problem problem;

		Refused(Problem problem) {
			super(problem.code(), null, false, false);
			this.problem = problem;
		}

		Problem problem() {
			return this.problem;
		}

	}

	/**
	 * One row as written, before it is checked.
	 *
	 * @param line where it is in the file (CSV: the header is line 1; a cell with line
	 * breaks counts as one line)
	 * @param schemaId the {@code schema} cell, or null for the default schema
	 * @param cells CSV: the text of each trait column by its dotted path
	 * @param traits JSON Lines: the traits object; CSV: the {@code traits_json} cell's
	 * object, or null
	 * @param state {@code active}/{@code inactive}, or empty
	 * @param verified {@code true}/{@code false} (or yes/no/1/0), or empty
	 * @param passwordHash the hash, or empty
	 * @param role a panel role, or empty
	 * @param problem what makes the row unreadable, or null
	 */
	record Row(int line, String schemaId, Map<String, String> cells, JsonNode traits, String state, String verified,
			String passwordHash, String role, Problem problem) {

		static Row unreadable(int line, Problem problem) {
			return new Row(line, null, Map.of(), null, "", "", "", "", problem);
		}

	}

	/** The rows of a file, read as they are asked for. */
	interface Rows extends Iterator<Row>, AutoCloseable {

		/** The encoding the file is read in. */
		default Charset charset() {
			return StandardCharsets.UTF_8;
		}

		@Override
		void close();

	}

	/**
	 * Opens the file in the encoding {@link #charsetOf} finds (it reads the file once for
	 * that). The header (CSV) is read here: a bad one is {@link Refused} at once.
	 */
	static Rows open(IdentityImport.Source source, long maxBytes, int maxRows) throws IOException {
		Charset charset;
		try (InputStream in = source.open()) {
			charset = charsetOf(in, maxBytes);
		}
		return open(source.open(), maxBytes, maxRows, charset);
	}

	private static Rows open(InputStream in, long maxBytes, int maxRows, Charset charset) {
		try {
			PushbackInputStream bytes = new PushbackInputStream(new Limited(in, maxBytes), 8);
			skipBom(bytes);
			Reader reader = new InputStreamReader(bytes,
					charset.newDecoder()
						.onMalformedInput(CodingErrorAction.REPORT)
						.onUnmappableCharacter(CodingErrorAction.REPORT));
			BufferedReader buffered = new BufferedReader(reader, 65536);
			buffered.mark(65536);
			int first = firstNonBlank(buffered);
			buffered.reset();
			if (first == -1) {
				throw new Refused(Problem.of("import.error.empty"));
			}
			Rows rows = (first == '{') ? new JsonLines(buffered) : new CsvRows(buffered);
			return new Limit(rows, maxRows, charset);
		}
		catch (IOException | RuntimeException ex) {
			throw refusal(ex);
		}
	}

	/**
	 * UTF-8 when the whole file is UTF-8; else Windows-1252, which is what Excel's "CSV"
	 * (not "CSV UTF-8") writes in western Europe, when the file reads as text in it: no
	 * NUL, no control character but tab and line breaks, no byte Windows-1252 leaves
	 * undefined. Anything else (binary, UTF-16) is refused as not text, as a file that is
	 * not UTF-8 always was.
	 */
	static Charset charsetOf(InputStream in, long maxBytes) throws IOException {
		CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		InputStream limited = new Limited(in, maxBytes);
		ByteBuffer bytes = ByteBuffer.allocate(65536);
		CharBuffer chars = CharBuffer.allocate(65536);
		boolean isUtf8 = true;
		boolean isWindows1252Text = true;
		int read;
		while ((read = limited.read(bytes.array(), bytes.position(), bytes.remaining())) != -1) {
			for (int i = bytes.position(); isWindows1252Text && i < bytes.position() + read; i++) {
				int b = bytes.get(i) & 0xFF;
				isWindows1252Text = (b >= 0x20 || b == '\t' || b == '\n' || b == '\r') && b != 0x7F && b != 0x81
						&& b != 0x8D && b != 0x8F && b != 0x90 && b != 0x9D;
			}
			bytes.position(bytes.position() + read);
			if (isUtf8) {
				bytes.flip();
				isUtf8 = !utf8.decode(bytes, chars, false).isError();
				chars.clear();
				bytes.compact();
			}
			else {
				bytes.clear();
			}
			if (!isUtf8 && !isWindows1252Text) {
				throw new Refused(Problem.of("import.error.encoding"));
			}
		}
		if (isUtf8) {
			bytes.flip();
			isUtf8 = !utf8.decode(bytes, chars, true).isError() && !utf8.flush(chars).isError();
		}
		if (!isUtf8 && !isWindows1252Text) {
			throw new Refused(Problem.of("import.error.encoding"));
		}
		return isUtf8 ? StandardCharsets.UTF_8 : WINDOWS_1252;
	}

	private static void skipBom(PushbackInputStream in) throws IOException {
		byte[] head = in.readNBytes(3);
		boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
				&& (head[2] & 0xFF) == 0xBF;
		if (!bom && head.length > 0) {
			in.unread(head);
		}
	}

	private static int firstNonBlank(BufferedReader reader) throws IOException {
		for (int read = 0; read < 65000; read++) {
			int c = reader.read();
			if (c == -1 || !Character.isWhitespace(c)) {
				return c;
			}
		}
		return -1;
	}

	/** A file-level failure while reading: too large, not UTF-8, unreadable. */
	static RuntimeException refusal(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof Refused refused) {
				return refused;
			}
			if (cause instanceof CharacterCodingException) {
				return new Refused(Problem.of("import.error.encoding"));
			}
		}
		if (ex instanceof JacksonException jackson) {
			return new Refused(Problem.of("import.error.csv", jackson.getOriginalMessage()));
		}
		return (ex instanceof IOException io) ? new UncheckedIOException(io)
				: (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
	}

	/** Refuses the file as soon as more than the limit has been read. */
	private static final class Limited extends FilterInputStream {

		private final long max;

		private long read;

		Limited(InputStream in, long max) {
			super(in);
			this.max = max;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(long n) {
			this.read += n;
			if (this.read > this.max) {
				throw new Refused(Problem.of("import.error.tooLarge", megabytes(this.max)));
			}
		}

	}

	static String megabytes(long bytes) {
		return (bytes % (1024 * 1024) == 0) ? (bytes / (1024 * 1024)) + " MB" : bytes + " bytes";
	}

	/** Refuses the file when it has more rows than the limit. */
	private static final class Limit implements Rows {

		private final Rows rows;

		private final int max;

		private final Charset charset;

		private int count;

		Limit(Rows rows, int max, Charset charset) {
			this.rows = rows;
			this.max = max;
			this.charset = charset;
		}

		@Override
		public Charset charset() {
			return this.charset;
		}

		@Override
		public boolean hasNext() {
			try {
				return this.rows.hasNext();
			}
			catch (RuntimeException ex) {
				throw refusal(ex);
			}
		}

		@Override
		public Row next() {
			Row row;
			try {
				row = this.rows.next();
			}
			catch (NoSuchElementException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				throw refusal(ex);
			}
			if (++this.count > this.max) {
				throw new Refused(Problem.of("import.error.tooManyRows", Integer.toString(this.max)));
			}
			return row;
		}

		@Override
		public void close() {
			this.rows.close();
		}

	}

	private static final class CsvRows implements Rows {

		private final Reader reader;

		private final MappingIterator<String[]> cells;

		private final List<String> header = new ArrayList<>();

		private int line = 1;

		private Row next;

		CsvRows(BufferedReader reader) throws IOException {
			this.reader = reader;
			char separator = separator(reader);
			CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
			this.cells = CSV.readerFor(String[].class).with(schema).readValues(reader);
			if (!this.cells.hasNext()) {
				throw new Refused(Problem.of("import.error.empty"));
			}
			readHeader(this.cells.next());
		}

		/**
		 * {@code ;} when the header line has more semicolons than commas outside quotes
		 * (spreadsheets in Dutch and other locales write them), else {@code ,}.
		 */
		private static char separator(BufferedReader reader) throws IOException {
			reader.mark(65536);
			int commas = 0;
			int semicolons = 0;
			boolean quoted = false;
			for (int read = 0; read < 65000; read++) {
				int c = reader.read();
				if (c == -1 || (!quoted && (c == '\n' || c == '\r'))) {
					break;
				}
				if (c == '"') {
					quoted = !quoted;
				}
				else if (!quoted && c == ',') {
					commas++;
				}
				else if (!quoted && c == ';') {
					semicolons++;
				}
			}
			reader.reset();
			return (semicolons > commas) ? ';' : ',';
		}

		private void readHeader(String[] names) {
			Set<String> seen = new HashSet<>();
			for (String name : names) {
				String column = normalised(name);
				if (!column.isEmpty() && !seen.add(column)) {
					throw new Refused(Problem.of("import.error.duplicateColumn", column));
				}
				this.header.add(column);
			}
			if (this.header.stream().allMatch(String::isEmpty)) {
				throw new Refused(Problem.of("import.error.noHeader"));
			}
		}

		/**
		 * A header cell as a column name: settings in lower case, trait paths as written.
		 */
		private static String normalised(String name) {
			String column = UsersCsv.unneutralised(name.strip());
			String lower = column.toLowerCase(Locale.ROOT);
			if (UsersCsv.SETTING_COLUMNS.contains(lower) || UsersCsv.IGNORED_COLUMNS.contains(lower)
					|| UsersCsv.TRAITS_JSON.equals(lower)) {
				return lower;
			}
			return column.startsWith("traits.") ? column.substring("traits.".length()) : column;
		}

		@Override
		public boolean hasNext() {
			while (this.next == null && this.cells.hasNext()) {
				this.line++;
				this.next = row(this.line, this.cells.next());
			}
			return this.next != null;
		}

		@Override
		public Row next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Row row = this.next;
			this.next = null;
			return row;
		}

		/** The row, or null for a blank one (spreadsheets leave them at the end). */
		private Row row(int line, String[] values) {
			boolean blank = true;
			for (String value : values) {
				blank &= value.isBlank();
			}
			if (blank) {
				return null;
			}
			String schema = "";
			String state = "";
			String verified = "";
			String hash = "";
			String role = "";
			JsonNode extra = null;
			Map<String, String> cells = new LinkedHashMap<>();
			for (int i = 0; i < values.length; i++) {
				String value = UsersCsv.unneutralised(values[i]);
				if (i >= this.header.size()) {
					if (!value.isBlank()) {
						return Row.unreadable(line,
								Problem.of("import.error.extraCells", Integer.toString(this.header.size())));
					}
					continue;
				}
				String column = this.header.get(i);
				switch (column) {
					case "" -> {
						if (!value.isBlank()) {
							return Row.unreadable(line,
									Problem.of("import.error.unnamedCell", Integer.toString(i + 1)));
						}
					}
					case "schema" -> schema = value.strip();
					case "state" -> state = value.strip();
					case "verified" -> verified = value.strip();
					case "password_hash" -> hash = value.strip();
					case "role" -> role = value.strip();
					case "admin" -> {
						if (isTrue(value.strip())) {
							role = "admin";
						}
					}
					case UsersCsv.TRAITS_JSON -> {
						if (!value.isBlank()) {
							try {
								extra = JSON.readTree(value);
							}
							catch (JacksonException ex) {
								return Row.unreadable(line, Problem.of("import.error.traitsJson"));
							}
							if (!extra.isObject()) {
								return Row.unreadable(line, Problem.of("import.error.traitsJson"));
							}
						}
					}
					default -> {
						if (!UsersCsv.IGNORED_COLUMNS.contains(column)) {
							cells.put(column, value);
						}
					}
				}
			}
			return new Row(line, schema.isEmpty() ? null : schema, cells, extra, state, verified, hash, role, null);
		}

		@Override
		public void close() {
			closeQuietly(this.reader);
		}

	}

	private static final class JsonLines implements Rows {

		private final BufferedReader reader;

		private int line;

		private Row next;

		JsonLines(BufferedReader reader) {
			this.reader = reader;
		}

		@Override
		public boolean hasNext() {
			while (this.next == null) {
				String text;
				try {
					text = this.reader.readLine();
				}
				catch (IOException ex) {
					throw refusal(ex);
				}
				if (text == null) {
					return false;
				}
				this.line++;
				if (!text.isBlank()) {
					this.next = row(this.line, text);
				}
			}
			return true;
		}

		@Override
		public Row next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Row row = this.next;
			this.next = null;
			return row;
		}

		private static Row row(int line, String text) {
			JsonNode object;
			try {
				object = JSON.readTree(text);
			}
			catch (JacksonException ex) {
				return Row.unreadable(line, Problem.of("import.error.jsonLine"));
			}
			if (!object.isObject()) {
				return Row.unreadable(line, Problem.of("import.error.jsonLine"));
			}
			for (String key : object.propertyNames()) {
				if (!IGNORED_KEYS.contains(key) && !Set
					.of("schema", "schema_id", "traits", "state", "verified", "password_hash", "role", "admin",
							"credentials", "metadata_admin")
					.contains(key)) {
					return Row.unreadable(line, Problem.of("import.error.unknownKey", key));
				}
			}
			JsonNode traits = object.path("traits");
			if (!traits.isObject()) {
				return Row.unreadable(line, Problem.of("import.error.noTraits"));
			}
			String schema = text(object.has("schema") ? object.path("schema") : object.path("schema_id"));
			String hash = text(object.has("password_hash") ? object.path("password_hash")
					: object.path("credentials").path("password").path("config").path("hashed_password"));
			String role = text(object.path("role"));
			if (role.isEmpty() && (object.path("admin").asBoolean(false) || isTrue(text(object.path("admin"))))) {
				role = "admin";
			}
			if (role.isEmpty()) {
				for (JsonNode held : object.path("metadata_admin").path("roles")) {
					// the most powerful panel role wins when the file lists several
					if (held.isString() && net.stackspin.admin.auth.PanelRole.of(held.asString()).isPresent()) {
						role = strongest(role, held.asString());
					}
				}
			}
			return new Row(line, schema.isEmpty() ? null : schema, Map.of(), (ObjectNode) traits,
					text(object.path("state")), text(object.path("verified")), hash, role, null);
		}

		private static String strongest(String current, String candidate) {
			if (current.isEmpty()) {
				return candidate;
			}
			var a = net.stackspin.admin.auth.PanelRole.of(current).orElseThrow();
			var b = net.stackspin.admin.auth.PanelRole.of(candidate).orElseThrow();
			return (b.compareTo(a) > 0) ? candidate : current;
		}

		private static String text(JsonNode value) {
			if (value.isMissingNode() || value.isNull()) {
				return "";
			}
			return value.isValueNode() ? value.asString().strip() : value.toString();
		}

		@Override
		public void close() {
			closeQuietly(this.reader);
		}

	}

	static boolean isTrue(String text) {
		return switch (text.strip().toLowerCase(Locale.ROOT)) {
			case "true", "yes", "1", "ja", "waar", "y", "j", "x" -> true;
			default -> false;
		};
	}

	private static void closeQuietly(Reader reader) {
		try {
			reader.close();
		}
		catch (IOException ex) {
			// nothing was written: nothing lost
		}
	}

}

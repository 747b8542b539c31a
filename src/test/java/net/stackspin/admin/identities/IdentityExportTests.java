package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import net.stackspin.admin.kratos.ExportPage;
import net.stackspin.admin.kratos.ExportedIdentity;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosUnavailableException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The export's writing without Kratos: pages are asked for one at a time after the
 * previous one is written, cells are neutralised, and a Kratos failure midway ends the
 * file with the marker.
 */
class IdentityExportTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private final IdentityExport export = new IdentityExport(null, null, null, IdentitySummary::email,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void atMostOnePageIsReadAheadOfWhatIsWritten() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		AtomicInteger requested = new AtomicInteger();
		List<Integer> rowsWrittenWhenAsked = java.util.Collections.synchronizedList(new ArrayList<>());
		int pages = 5;
		IdentityExport.PageSource source = (token) -> {
			int index = (token == null) ? 0 : Integer.parseInt(token);
			requested.incrementAndGet();
			// what reached the stream when this page is asked for (read ahead on another
			// thread while the page before is written)
			rowsWrittenWhenAsked.add(lines(out).size() - 1);
			return page(index * 250, 250,
					(index + 1 < pages) ? Optional.of(Integer.toString(index + 1)) : Optional.empty());
		};
		IdentityExport.Result result = this.export.write(IdentityExport.Format.CSV, List.of("email", "name.first"),
				source, () -> out);
		assertThat(result).isEqualTo(new IdentityExport.Result(1250, 5, true));
		assertThat(requested).hasValue(5);
		// -1: nothing (not even the header) before the first page is in; page k is asked
		// for
		// only once every page before k - 1 has been written and flushed: one page ahead
		// at
		// most, so memory stays at two pages
		assertThat(rowsWrittenWhenAsked).hasSize(5).first().isEqualTo(-1);
		for (int k = 1; k < pages; k++) {
			assertThat(rowsWrittenWhenAsked.get(k)).as("rows written when page %d was asked for", k)
				.isGreaterThanOrEqualTo((k - 1) * 250);
		}
		List<List<String>> rows = csv(out);
		assertThat(rows).hasSize(1251);
		assertThat(rows.stream().skip(1).map((row) -> row.get(0)).distinct()).hasSize(1250);
	}

	@Test
	void csvHasABomAHeaderTypedCellsAndNeutralisedFormulas() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		JsonNode traits = JSON.readTree("""
				{"email": "=HYPERLINK(\\"http://evil.example\\",\\"x\\")@example.org",
				 "name": {"first": "-2+3", "last": "Multi\\nline, \\"quoted\\""},
				 "newsletter": true, "gone": {"kept": 1}}""");
		ExportedIdentity identity = new ExportedIdentity(
				new IdentitySummary("11111111-1111-1111-1111-111111111111", "default",
						JSON.convertValue(traits, Map.class), IdentityState.INACTIVE, true, NOW, NOW),
				traits, 2, 1, List.of("viewer", "admin"), NOW.minusSeconds(1), true);
		this.export.write(IdentityExport.Format.CSV, List.of("email", "name.first", "name.last", "newsletter"),
				(token) -> new ExportPage(List.of(identity), Optional.empty()), () -> out);
		byte[] bytes = out.toByteArray();
		assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
		List<List<String>> rows = csv(out);
		assertThat(rows.get(0)).containsExactly("id", "schema", "state", "label", "email", "name.first", "name.last",
				"newsletter", "traits_json", "verified", "role", "created", "updated", "invitation");
		assertThat(rows.get(1)).containsExactly("11111111-1111-1111-1111-111111111111", "default", "inactive",
				// a quote after a comma would open a cell where a spreadsheet splits
				// there: neutralised too
				"'=HYPERLINK(\"http://evil.example\",'\"x\")@example.org",
				"'=HYPERLINK(\"http://evil.example\",'\"x\")@example.org", "'-2+3", "Multi\nline, \"quoted\"", "true",
				"{\"gone\":{\"kept\":1}}", "false", "admin", "2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z", "expired");
	}

	@Test
	void theSemicolonCsvOpensInColumnsAndPutsNoFormulaAtACellStart() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		JsonNode traits = JSON.readTree("""
				{"email": "eve@example.org", "name": {"first": "Eve;=2+3;", "last": "Jansen,=1+1"}}""");
		ExportedIdentity identity = new ExportedIdentity(
				new IdentitySummary("11111111-1111-1111-1111-111111111111", "default",
						JSON.convertValue(traits, Map.class), IdentityState.ACTIVE, true, NOW, NOW),
				traits, 1, 0, List.of(), null, false);
		this.export.write(IdentityExport.Format.CSV_SEMICOLON, List.of("email", "name.first", "name.last"),
				(token) -> new ExportPage(List.of(identity), Optional.empty()), () -> out);

		String text = out.toString(StandardCharsets.UTF_8);
		assertThat(text).startsWith("\uFEFFid;schema;state;label;email;name.first;name.last;traits_json;");
		List<List<String>> rows = csv(out, ';');
		assertThat(rows.get(0)).hasSize(13).contains("email", "name.first");
		assertThat(rows.get(1)).hasSize(13)
			.containsSubsequence("eve@example.org", "Eve;'=2+3;", "Jansen,'=1+1")
			.allSatisfy((cell) -> assertThat(cell).doesNotStartWith("="));
		// what the import makes of the cells again
		assertThat(UsersCsv.unneutralised(rows.get(1).get(5))).isEqualTo("Eve;=2+3;");
	}

	@Test
	void jsonLinesKeepTheTraitsTypesAndEndWithTheMarkerWhenKratosStopsMidway() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		IdentityExport.PageSource source = (token) -> {
			if (token == null) {
				return page(0, 3, Optional.of("next"));
			}
			throw new KratosUnavailableException("Kratos is not answering", null);
		};
		IdentityExport.Result result = this.export.write(IdentityExport.Format.JSONL, List.of("email"), source,
				() -> out);
		assertThat(result).isEqualTo(new IdentityExport.Result(3, 1, false));
		List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
		assertThat(lines).hasSize(4);
		JsonNode first = JSON.readTree(lines.get(0));
		assertThat(first.get("traits").get("age").isInt()).isTrue();
		assertThat(first.get("verified").isBoolean()).isTrue();
		assertThat(first.get("invitation").asString()).isEqualTo("none");
		assertThat(lines.get(3)).isEqualTo("{\"incomplete\":true}");
		assertThat(String.join("\n", lines)).doesNotContain("Exception");
	}

	@Test
	void csvEndsWithTheMarkerRowWhenKratosStopsMidway() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.export.write(IdentityExport.Format.CSV, List.of("email"), (token) -> {
			if (token == null) {
				return page(0, 2, Optional.of("next"));
			}
			throw new KratosUnavailableException("Kratos is not answering", null);
		}, () -> out);
		List<List<String>> rows = csv(out);
		assertThat(rows).hasSize(4);
		assertThat(rows.get(3)).containsExactly("# export incomplete: Kratos stopped answering");
	}

	@Test
	void kratosDownOnTheFirstPageWritesNothing() {
		AtomicInteger opened = new AtomicInteger();
		assertThatExceptionOfType(KratosUnavailableException.class)
			.isThrownBy(() -> this.export.write(IdentityExport.Format.CSV, List.of("email"), (token) -> {
				throw new KratosUnavailableException("Kratos is not answering", null);
			}, () -> {
				opened.incrementAndGet();
				return new ByteArrayOutputStream();
			}));
		assertThat(opened).hasValue(0);
	}

	@Test
	void onlyFormulaLikeCellsAreNeutralised() {
		assertThat(UsersCsv.neutralised("=1+1")).isEqualTo("'=1+1");
		assertThat(UsersCsv.neutralised("+31 6 1234")).isEqualTo("'+31 6 1234");
		assertThat(UsersCsv.neutralised("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(UsersCsv.neutralised("\tx")).isEqualTo("'\tx");
		assertThat(UsersCsv.neutralised("\rx")).isEqualTo("'\rx");
		assertThat(UsersCsv.neutralised("-x")).isEqualTo("'-x");
		assertThat(UsersCsv.neutralised("ada@example.org")).isEqualTo("ada@example.org");
		assertThat(UsersCsv.neutralised("")).isEmpty();
	}

	private static ExportPage page(int from, int count, Optional<String> next) {
		List<ExportedIdentity> identities = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			String id = "00000000-0000-0000-0000-%012d".formatted(i);
			JsonNode traits = JSON.readTree("{\"email\": \"u" + i + "@example.org\", \"age\": " + i + "}");
			identities.add(new ExportedIdentity(new IdentitySummary(id, "default", JSON.convertValue(traits, Map.class),
					IdentityState.ACTIVE, false, NOW, NOW), traits, 1, 0, List.of(), null, false));
		}
		return new ExportPage(identities, next);
	}

	private static List<String> lines(ByteArrayOutputStream out) {
		return out.toString(StandardCharsets.UTF_8).lines().toList();
	}

	/** Read back with the CSV library (BOM dropped), one list of cells per row. */
	static List<List<String>> csv(ByteArrayOutputStream out) {
		return csv(out, ',');
	}

	/** As {@link #csv(ByteArrayOutputStream)}, cells separated by {@code separator}. */
	@SuppressWarnings("unchecked")
	static List<List<String>> csv(ByteArrayOutputStream out, char separator) {
		String text = out.toString(StandardCharsets.UTF_8);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
		List<List<String>> rows = new ArrayList<>();
		try (var iterator = mapper.readerFor(List.class)
			.with(CsvSchema.emptySchema().withColumnSeparator(separator))
			.readValues(text)) {
			while (iterator.hasNext()) {
				rows.add((List<String>) iterator.next());
			}
		}
		return rows;
	}

}

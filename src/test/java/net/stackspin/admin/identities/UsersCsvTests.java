package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users' CSV cells: formulas neutralised where a cell starts, also where a
 * spreadsheet splitting at the other separator would start one, and undone by the import.
 */
class UsersCsvTests {

	private static final List<String> HOSTILE = List.of("Eve;=2+3;", "Eve,=2+3,", "a;+1", "a,-1", "a;@SUM(A1)",
			"line\n=1+1", "line\r\n=1+1", "x,\"=1+1\"", "=1+1", "'=already", "plain", "Zoë", "O'Brien", "", "a;'=2",
			"{\"a\":1,\"b\":[-1,\"x\"]}");

	@Test
	void formulaStartsAreNeutralisedAtTheStartAndAfterEitherSeparatorOrALineBreak() {
		assertThat(UsersCsv.neutralised("=1+1")).isEqualTo("'=1+1");
		assertThat(UsersCsv.neutralised("+31 6 1234")).isEqualTo("'+31 6 1234");
		assertThat(UsersCsv.neutralised("Eve;=2+3;")).isEqualTo("Eve;'=2+3;");
		assertThat(UsersCsv.neutralised("Eve,=2+3,")).isEqualTo("Eve,'=2+3,");
		assertThat(UsersCsv.neutralised("x,\"=1+1\"")).isEqualTo("x,'\"=1+1\"");
		assertThat(UsersCsv.neutralised("line\n@x")).isEqualTo("line\n'@x");
		assertThat(UsersCsv.neutralised("Jansen, Piet; 06-1234")).isEqualTo("Jansen, Piet; 06-1234");
		assertThat(UsersCsv.neutralised("ada@example.org")).isEqualTo("ada@example.org");
	}

	@Test
	void theImportUndoesExactlyWhatTheExportAdded() {
		for (String cell : HOSTILE) {
			if (!cell.startsWith("'=") && !cell.contains(";'=")) {
				assertThat(UsersCsv.unneutralised(UsersCsv.neutralised(cell))).as(cell).isEqualTo(cell);
			}
		}
		assertThat(UsersCsv.unneutralised("O'Brien")).isEqualTo("O'Brien");
	}

	@Test
	void noCellStartsAFormulaWhicheverSeparatorTheSpreadsheetSplitsAt() throws IOException {
		for (char fileSeparator : new char[] { ',', ';' }) {
			StringWriter out = new StringWriter();
			UsersCsv.writeRow(out, fileSeparator, List.of("id-1", "Eve;=2+3;"));
			UsersCsv.writeRow(out, fileSeparator, HOSTILE);
			String text = out.toString();
			for (char spreadsheetSeparator : new char[] { ',', ';' }) {
				// the worst case: a spreadsheet that ignores the quotes and splits every
				// line at its own separator
				for (String line : text.split("\r\n|\n|\r")) {
					for (String cell : line.split(Pattern.quote(String.valueOf(spreadsheetSeparator)), -1)) {
						String shown = cell.replaceFirst("^\"+", "");
						assertThat(shown).as("file %s, spreadsheet %s: %s", fileSeparator, spreadsheetSeparator, text)
							.doesNotStartWith("=")
							.doesNotStartWith("+")
							.doesNotStartWith("-")
							.doesNotStartWith("@");
					}
				}
			}
			// and the file's own separator parses back into the cells that were written
			List<List<String>> rows = read(text, fileSeparator);
			assertThat(rows.get(0)).containsExactly("id-1", "Eve;'=2+3;");
			assertThat(rows.get(1).stream().map(UsersCsv::unneutralised).toList()).hasSize(HOSTILE.size())
				.startsWith("Eve;=2+3;", "Eve,=2+3,");
		}
	}

	@Test
	void theImportIgnoresExactlyTheExportsColumnsThatAreNeitherSettingsNorTraits() {
		assertThat(UsersCsv.IGNORED_COLUMNS).containsExactlyInAnyOrder("id", "label", "created", "updated",
				"invitation");
	}

	/** As Jackson's CSV reader (quotes honoured) splits the text at this separator. */
	private static List<List<String>> read(String text, char separator) throws IOException {
		CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
		List<List<String>> rows = new ArrayList<>();
		try (MappingIterator<String[]> cells = mapper.readerFor(String[].class)
			.with(CsvSchema.emptySchema().withColumnSeparator(separator))
			.readValues(text)) {
			while (cells.hasNext()) {
				rows.add(List.of(cells.next()));
			}
		}
		return rows;
	}

}

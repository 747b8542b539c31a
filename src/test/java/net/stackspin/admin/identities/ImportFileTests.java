package net.stackspin.admin.identities;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading import files: separators, BOM, quotes, JSON Lines, limits, bad files. */
class ImportFileTests {

	private static List<ImportFile.Row> read(String text, long maxBytes, int maxRows) {
		return read(text.getBytes(StandardCharsets.UTF_8), maxBytes, maxRows);
	}

	private static List<ImportFile.Row> read(byte[] bytes, long maxBytes, int maxRows) {
		List<ImportFile.Row> rows = new ArrayList<>();
		try (ImportFile.Rows file = ImportFile.open(new ByteArrayInputStream(bytes), maxBytes, maxRows)) {
			file.forEachRemaining(rows::add);
		}
		return rows;
	}

	private static List<ImportFile.Row> read(String text) {
		return read(text, 1 << 20, 100);
	}

	@Test
	void semicolonsBomQuotesLineBreaksAndAccents() {
		List<ImportFile.Row> rows = read("\uFEFFEmail;name.first;Name.Last;STATE;Verified\r\n"
				+ "zoe@example.org;Zoë;\"a;b \"\"c\"\"\nd\";inactive;ja\r\n;;;;\r\n");
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row.line()).isEqualTo(2);
			assertThat(row.cells()).containsEntry("Email", "zoe@example.org")
				.containsEntry("name.first", "Zoë")
				.containsEntry("Name.Last", "a;b \"c\"\nd");
			assertThat(row.state()).isEqualTo("inactive");
			assertThat(row.verified()).isEqualTo("ja");
			assertThat(row.problem()).isNull();
		});
	}

	@Test
	void commasAndTheExportsOwnColumnsAndNeutralisedFormulas() {
		List<ImportFile.Row> rows = read("id,schema,state,label,email,name.first,traits_json,verified,role,created\n"
				+ "x,extended,active,ada,ada@example.org,'=1+1,\"{\"\"nickname\"\":\"\"a\"\"}\",true,admin,2026\n");
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row.schemaId()).isEqualTo("extended");
			assertThat(row.cells()).containsOnlyKeys("email", "name.first").containsEntry("name.first", "=1+1");
			assertThat(row.traits().path("nickname").asString()).isEqualTo("a");
			assertThat(row.role()).isEqualTo("admin");
		});
	}

	@Test
	void jsonLinesWithKratosShapedLinesAndBadOnes() {
		List<ImportFile.Row> rows = read(
				"""
						{"schema_id":"default","traits":{"email":"a@example.org"},"metadata_admin":{"roles":["viewer","admin"]},"credentials":{"password":{"config":{"hashed_password":"$2b$x"}}}}

						[1,2]
						{"traits":{"email":"b@example.org"},"surprise":1}
						{"traits":"no"}
						""");
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0).schemaId()).isEqualTo("default");
		assertThat(rows.get(0).role()).isEqualTo("admin");
		assertThat(rows.get(0).passwordHash()).isEqualTo("$2b$x");
		assertThat(rows.get(1).line()).isEqualTo(3);
		assertThat(rows.get(1).problem().code()).isEqualTo("import.error.jsonLine");
		assertThat(rows.get(2).problem().code()).isEqualTo("import.error.unknownKey");
		assertThat(rows.get(3).problem().code()).isEqualTo("import.error.noTraits");
	}

	@Test
	void rowProblemsKeepTheRestReadable() {
		List<ImportFile.Row> rows = read("email,name.first\na@example.org,A,extra\nb@example.org,B\n");
		assertThat(rows.get(0).problem().code()).isEqualTo("import.error.extraCells");
		assertThat(rows.get(1).problem()).isNull();
	}

	@Test
	void wholeFileRefusals() {
		assertThatThrownBy(() -> read("email\na\nb\nc\n", 1 << 20, 2)).isInstanceOf(ImportFile.Refused.class)
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.tooManyRows");
		assertThatThrownBy(() -> read("email\n" + "a@example.org\n".repeat(100), 200, 1000))
			.isInstanceOf(ImportFile.Refused.class)
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.tooLarge");
		assertThatThrownBy(() -> read("  \n")).extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.empty");
		assertThatThrownBy(() -> read("email,email\na,b\n"))
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.duplicateColumn");
		byte[] latin1 = "email,name.first\na@example.org,Zo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1);
		assertThatThrownBy(() -> read(latin1, 1 << 20, 100))
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.encoding");
		assertThatThrownBy(() -> read("email\n\"unclosed\n")).isInstanceOf(ImportFile.Refused.class)
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.csv");
	}

}

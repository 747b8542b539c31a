package net.stackspin.admin.identities;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
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
		try (ImportFile.Rows file = ImportFile.open(() -> new ByteArrayInputStream(bytes), maxBytes, maxRows)) {
			file.forEachRemaining(rows::add);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
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
	void aFileThatIsNotUtf8IsReadAsWindows1252() throws Exception {
		Charset windows1252 = Charset.forName("windows-1252");
		byte[] file = "email;name.first;name.last\r\nzoe@example.org;Zo\u00eb;\u00c7elik\r\nrenee@example.org;Ren\u00e9e;\u20ac\r\n"
			.getBytes(windows1252);
		assertThat(ImportFile.charsetOf(new ByteArrayInputStream(file), 1 << 20)).isEqualTo(windows1252);
		List<ImportFile.Row> rows = read(file, 1 << 20, 100);
		assertThat(rows).extracting((row) -> row.cells().get("name.first")).containsExactly("Zo\u00eb", "Ren\u00e9e");
		assertThat(rows).extracting((row) -> row.cells().get("name.last")).containsExactly("\u00c7elik", "\u20ac");
	}

	@Test
	void aUtf8FileStaysUtf8EvenWithBytesWindows1252LeavesUndefined() throws Exception {
		// "Á" is C3 81 in UTF-8; 0x81 has no meaning in Windows-1252
		byte[] file = "email,name.first\na@example.org,\u00c1da\n".getBytes(StandardCharsets.UTF_8);
		assertThat(ImportFile.charsetOf(new ByteArrayInputStream(file), 1 << 20)).isEqualTo(StandardCharsets.UTF_8);
		assertThat(read(file, 1 << 20, 100)).singleElement()
			.satisfies((row) -> assertThat(row.cells()).containsEntry("name.first", "\u00c1da"));
		// a character cut by the 64 KiB read buffer is still UTF-8
		String name = "x".repeat(65529) + "\u00eb";
		assertThat(ImportFile.charsetOf(new ByteArrayInputStream(("email\n" + name).getBytes(StandardCharsets.UTF_8)),
				1 << 20))
			.isEqualTo(StandardCharsets.UTF_8);
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
		// neither UTF-8 nor text in Windows-1252: binary, UTF-16
		byte[] binary = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, (byte) 0xC3 };
		assertThatThrownBy(() -> read(binary, 1 << 20, 100))
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.encoding");
		byte[] utf16 = "\uFEFFemail\nzo\u00eb@example.org\n".getBytes(StandardCharsets.UTF_16LE);
		assertThatThrownBy(() -> read(utf16, 1 << 20, 100))
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.encoding");
		assertThatThrownBy(() -> read("email\n\"unclosed\n")).isInstanceOf(ImportFile.Refused.class)
			.extracting((ex) -> ((ImportFile.Refused) ex).problem().code())
			.isEqualTo("import.error.csv");
	}

}

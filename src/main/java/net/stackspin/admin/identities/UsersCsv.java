package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The panel's CSV of users, both ways: the export writes these columns and the import
 * reads them, and both go through this one place for the cells a spreadsheet would run as
 * formulas.
 * <p>
 * A spreadsheet splits a CSV at its own list separator ({@code ,} in English, {@code ;}
 * in Dutch), whatever the file used, and then honours quotes only at the start of what it
 * sees as a cell. So a cell is neutralised where it starts and wherever text after the
 * other separator or a line break would start a cell in such a spreadsheet:
 * {@code Eve;=2+3;} in a comma file is written {@code Eve;'=2+3;}. The import removes
 * exactly these apostrophes again ({@link #unneutralised}).
 */
final class UsersCsv {

	/** The export's columns before the traits. */
	static final List<String> LEADING_COLUMNS = List.of("id", "schema", "state", "label");

	/** The export's column of traits no schema names. */
	static final String TRAITS_JSON = "traits_json";

	/** The export's columns after the traits. */
	static final List<String> TRAILING_COLUMNS = List.of(TRAITS_JSON, "verified", "role", "created", "updated",
			"invitation");

	/** Import columns that are not traits. */
	static final Set<String> SETTING_COLUMNS = Set.of("schema", "state", "verified", "password_hash", "role", "admin");

	/**
	 * Columns of the export that an import does not take (kept by Kratos): {@code id},
	 * {@code label}, {@code created}, {@code updated}, {@code invitation}.
	 */
	static final Set<String> IGNORED_COLUMNS = Stream.concat(LEADING_COLUMNS.stream(), TRAILING_COLUMNS.stream())
		.filter((column) -> !SETTING_COLUMNS.contains(column) && !TRAITS_JSON.equals(column))
		.collect(Collectors.toUnmodifiableSet());

	private UsersCsv() {
	}

	/**
	 * What a spreadsheet runs as a formula at the start of a cell (OWASP's list), plus a
	 * quote, which opens a quoted cell where the other separator split the text.
	 */
	private static boolean formulaStart(char c) {
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
	}

	private static boolean startsACellWhenSplitElsewhere(char previous) {
		return previous == ',' || previous == ';' || previous == '\n' || previous == '\r';
	}

	/**
	 * The cell with an apostrophe before a formula start at its beginning, and before a
	 * formula start or a quote right after a {@code ,}, {@code ;} or line break in it.
	 */
	static String neutralised(String cell) {
		if (cell.isEmpty()) {
			return cell;
		}
		StringBuilder out = null;
		for (int i = 0; i < cell.length(); i++) {
			char c = cell.charAt(i);
			boolean risky = (i == 0) ? formulaStart(c)
					: startsACellWhenSplitElsewhere(cell.charAt(i - 1)) && (formulaStart(c) || c == '"');
			if (risky) {
				if (out == null) {
					out = new StringBuilder(cell.length() + 4).append(cell, 0, i);
				}
				out.append('\'');
			}
			if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : cell;
	}

	/** Undoes {@link #neutralised}: the apostrophes it adds, and only those. */
	static String unneutralised(String cell) {
		if (cell.indexOf('\'') < 0) {
			return cell;
		}
		StringBuilder out = new StringBuilder(cell.length());
		for (int i = 0; i < cell.length(); i++) {
			char c = cell.charAt(i);
			if (c == '\'' && i + 1 < cell.length()) {
				char next = cell.charAt(i + 1);
				boolean added = (i == 0) ? formulaStart(next)
						: startsACellWhenSplitElsewhere(cell.charAt(i - 1)) && (formulaStart(next) || next == '"');
				if (added) {
					continue;
				}
			}
			out.append(c);
		}
		return out.toString();
	}

	/**
	 * Writes one row: each cell neutralised, and quoted when it holds either separator, a
	 * quote, a line break or leading or trailing blanks (so no spreadsheet splits it at
	 * its own separator where quotes are honoured); CRLF after it, as RFC 4180 has it.
	 */
	static void writeRow(Writer out, char separator, List<String> cells) throws IOException {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				out.write(separator);
			}
			out.write(quoted(neutralised((cells.get(i) != null) ? cells.get(i) : "")));
		}
		out.write("\r\n");
	}

	private static String quoted(String cell) {
		boolean quote = !cell.isEmpty()
				&& (Character.isWhitespace(cell.charAt(0)) || Character.isWhitespace(cell.charAt(cell.length() - 1)));
		for (int i = 0; !quote && i < cell.length(); i++) {
			char c = cell.charAt(i);
			quote = c == ',' || c == ';' || c == '"' || c == '\n' || c == '\r';
		}
		return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
	}

}

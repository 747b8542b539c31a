package net.stackspin.admin.auth;

import java.text.Normalizer;

/**
 * The key under which sign-in attempts for one account are counted. Kratos v1.3.1 looks a
 * password identifier up after {@code strings.ToLower(strings.TrimSpace(…))} (its
 * {@code NormalizeIdentifier} in {@code persistence/sql/identity}): Go trims every
 * Unicode white space ({@code unicode.IsSpace}: also U+0085, U+00A0, U+2000–U+200A,
 * U+3000 …) and lower-cases code point by code point. This does the same, then folds
 * further with NFKC and lower-case again, so every spelling Kratos accepts for an account
 * counts against that account (and a few more, which only makes the limit stricter).
 */
final class SignInIdentifier {

	private SignInIdentifier() {
	}

	static String key(String identifier) {
		if (identifier == null) {
			return "";
		}
		String asKratosSeesIt = lowerCase(trimGoSpace(identifier));
		return lowerCase(trimGoSpace(Normalizer.normalize(asKratosSeesIt, Normalizer.Form.NFKC)));
	}

	/** Go's {@code unicode.IsSpace}: the Unicode White_Space property. */
	static boolean isGoSpace(int c) {
		switch (c) {
			case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> {
				return true;
			}
			default -> {
				int type = Character.getType(c);
				return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
						|| type == Character.PARAGRAPH_SEPARATOR;
			}
		}
	}

	private static String trimGoSpace(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && isGoSpace(value.codePointAt(start))) {
			start += Character.charCount(value.codePointAt(start));
		}
		while (end > start && isGoSpace(value.codePointBefore(end))) {
			end -= Character.charCount(value.codePointBefore(end));
		}
		return value.substring(start, end);
	}

	/**
	 * Per code point, like Go's {@code strings.ToLower} (no locale, no context rules such
	 * as Java's final sigma).
	 */
	private static String lowerCase(String value) {
		StringBuilder lower = new StringBuilder(value.length());
		value.codePoints().forEach((c) -> lower.appendCodePoint(Character.toLowerCase(c)));
		return lower.toString();
	}

}

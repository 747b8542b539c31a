package net.stackspin.admin.identities;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the shape of an imported password hash. Kratos v1.3.1 ({@code hash/}) only looks
 * at a hash's prefix when it imports one, so a malformed hash would be stored and only
 * fail when its user signs in; here every format Kratos compares is checked as its
 * decoder reads it (parts, parameters, base64 of salt and key), so such a row is an error
 * in the dry run. The password itself is of course not known.
 */
final class PasswordHashes {

	private static final String CRYPT64 = "[./0-9A-Za-z]";

	private static final Pattern BCRYPT = Pattern
		.compile("\\$2[abzy]?\\$(0[4-9]|[12][0-9]|3[01])\\$" + CRYPT64 + "{53}");

	private static final Pattern ARGON2 = Pattern
		.compile("\\$(argon2id|argon2i)\\$v=19\\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,3})\\$([^$]+)\\$([^$]+)");

	private static final Pattern PBKDF2 = Pattern
		.compile("\\$pbkdf2-(sha1|sha224|sha256|sha384|sha512)\\$i=([0-9]{1,10}),l=([0-9]{1,5})\\$([^$]+)\\$([^$]+)");

	private static final Pattern SCRYPT = Pattern
		.compile("\\$scrypt\\$ln=([0-9]{1,10}),r=([0-9]{1,5}),p=([0-9]{1,5})\\$([^$]+)\\$([^$]+)");

	private static final Pattern FIRESCRYPT = Pattern.compile(
			"\\$firescrypt\\$ln=([0-9]{1,2}),r=([0-9]{1,5}),p=([0-9]{1,5})\\$([^$]+)\\$([^$]+)\\$([^$]*)\\$([^$]+)");

	private static final Pattern SALTED_SHA = Pattern
		.compile("\\$(sha1|sha256|sha512)\\$pf=([^$]+)\\$([^$]*)\\$([^$]+)");

	private static final Pattern SSHA = Pattern.compile("\\{(SSHA|SSHA256|SSHA512)\\}(.+)");

	private static final Pattern MD5 = Pattern.compile("\\$md5\\$(?:pf=([^$]+)\\$([^$]*)\\$)?([^$]+)");

	private static final Pattern MD5_CRYPT = Pattern
		.compile("\\$md5-crypt\\$" + CRYPT64 + "{0,8}\\$" + CRYPT64 + "{22}");

	private static final Pattern SHA_CRYPT = Pattern
		.compile("\\$(sha256|sha512)-crypt\\$(?:rounds=([0-9]{1,9})\\$)?" + CRYPT64 + "{0,16}\\$(" + CRYPT64 + "+)");

	private static final Pattern HMAC = Pattern
		.compile("\\$hmac-(md4|md5|sha1|sha224|sha256|sha384|sha512)\\$([^$]+)\\$([^$]+)");

	private static final Base64.Decoder STANDARD = Base64.getDecoder();

	private PasswordHashes() {
	}

	/**
	 * What is wrong with this hash, or empty when Kratos can compare passwords with it.
	 */
	static Optional<Problem> problem(String hash) {
		String algorithm = algorithm(hash);
		if (algorithm == null) {
			return Optional.of(Problem.of("import.error.hash.unknown"));
		}
		return wellFormed(algorithm, hash) ? Optional.empty()
				: Optional.of(Problem.of("import.error.hash.malformed", algorithm));
	}

	/**
	 * The algorithm Kratos picks by the hash's prefix (the order of its own switch), or
	 * null for a prefix Kratos refuses.
	 */
	static String algorithm(String hash) {
		if (hash.startsWith("$md5-crypt$")) {
			return "md5-crypt";
		}
		if (hash.matches("(?s)\\$2[abzy]?\\$.*")) {
			return "bcrypt";
		}
		if (hash.startsWith("$sha256-crypt$") || hash.startsWith("$sha512-crypt$")) {
			return hash.substring(1, hash.indexOf('$', 1));
		}
		if (hash.startsWith("$argon2id$")) {
			return "argon2id";
		}
		if (hash.startsWith("$argon2i$")) {
			return "argon2i";
		}
		if (hash.matches("(?s)\\$pbkdf2-sha[0-9]{1,3}\\$.*")) {
			return "pbkdf2";
		}
		if (hash.startsWith("$scrypt$")) {
			return "scrypt";
		}
		if (hash.matches("(?s)\\{SSHA(256|512)?\\}.*")) {
			return "ssha";
		}
		if (hash.matches("(?s)\\$sha(1|256|512)\\$.*")) {
			return "sha";
		}
		if (hash.startsWith("$firescrypt$")) {
			return "firescrypt";
		}
		if (hash.startsWith("$md5$")) {
			return "md5";
		}
		if (hash.matches("(?s)\\$hmac-(md4|md5|sha1|sha224|sha256|sha384|sha512)\\$.*")) {
			return "hmac";
		}
		return null;
	}

	private static boolean wellFormed(String algorithm, String hash) {
		return switch (algorithm) {
			case "bcrypt" -> BCRYPT.matcher(hash).matches();
			case "argon2id", "argon2i" -> argon2(hash);
			case "pbkdf2" -> pbkdf2(hash);
			case "scrypt" -> scrypt(hash);
			case "firescrypt" -> firescrypt(hash);
			case "sha" -> saltedSha(hash);
			case "ssha" -> ssha(hash);
			case "md5" -> md5(hash);
			case "md5-crypt" -> MD5_CRYPT.matcher(hash).matches();
			case "sha256-crypt", "sha512-crypt" -> shaCrypt(hash);
			case "hmac" -> hmac(hash);
			default -> false;
		};
	}

	private static boolean argon2(String hash) {
		Matcher m = ARGON2.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		long memory = Long.parseLong(m.group(2));
		long iterations = Long.parseLong(m.group(3));
		int parallelism = Integer.parseInt(m.group(4));
		return memory > 0 && memory <= 0xFFFFFFFFL && iterations > 0 && iterations <= 0xFFFFFFFFL && parallelism > 0
				&& parallelism <= 255 && rawBase64(m.group(5), 1) && rawBase64(m.group(6), 1);
	}

	private static boolean pbkdf2(String hash) {
		Matcher m = PBKDF2.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		long iterations = Long.parseLong(m.group(2));
		byte[] key = rawBase64(m.group(5));
		return iterations > 0 && iterations <= Integer.MAX_VALUE && rawBase64(m.group(4), 1) && key != null
				&& key.length > 0;
	}

	private static boolean scrypt(String hash) {
		Matcher m = SCRYPT.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		// Kratos passes ln to scrypt as the cost N itself: a power of two above 1
		long cost = Long.parseLong(m.group(1));
		return cost > 1 && cost <= Integer.MAX_VALUE && (cost & (cost - 1)) == 0 && Long.parseLong(m.group(2)) > 0
				&& Long.parseLong(m.group(3)) > 0 && base64(m.group(4), 1) && base64(m.group(5), 1);
	}

	private static boolean firescrypt(String hash) {
		Matcher m = FIRESCRYPT.matcher(hash);
		return m.matches() && Integer.parseInt(m.group(1)) > 0 && Integer.parseInt(m.group(1)) < 31
				&& Long.parseLong(m.group(2)) > 0 && Long.parseLong(m.group(3)) > 0 && base64(m.group(4), 1)
				&& base64(m.group(5), 1) && base64(m.group(6), 0) && base64(m.group(7), 1);
	}

	private static boolean saltedSha(String hash) {
		Matcher m = SALTED_SHA.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		byte[] digest = base64Bytes(m.group(4));
		return base64(m.group(2), 1) && base64(m.group(3), 0) && digest != null
				&& digest.length == digestLength(m.group(1));
	}

	private static boolean ssha(String hash) {
		Matcher m = SSHA.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		byte[] decoded = base64Bytes(m.group(2));
		int digest = switch (m.group(1)) {
			case "SSHA" -> 20;
			case "SSHA256" -> 32;
			default -> 64;
		};
		// the digest, then at least one byte of salt
		return decoded != null && decoded.length > digest;
	}

	private static boolean md5(String hash) {
		Matcher m = MD5.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		byte[] digest = base64Bytes(m.group(3));
		boolean salted = m.group(1) != null;
		return digest != null && digest.length == 16 && (!salted || (base64(m.group(1), 1) && base64(m.group(2), 0)));
	}

	private static boolean shaCrypt(String hash) {
		Matcher m = SHA_CRYPT.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		int length = hash.startsWith("$sha256") ? 43 : 86;
		if (m.group(2) != null) {
			long rounds = Long.parseLong(m.group(2));
			if (rounds < 1000 || rounds > 999_999_999) {
				return false;
			}
		}
		return m.group(3).length() == length;
	}

	private static boolean hmac(String hash) {
		Matcher m = HMAC.matcher(hash);
		return m.matches() && base64(m.group(2), 1) && base64(m.group(3), 1);
	}

	private static int digestLength(String algorithm) {
		return switch (algorithm) {
			case "sha1" -> 20;
			case "sha256" -> 32;
			default -> 64;
		};
	}

	/** Standard base64 with padding, as Go's {@code StdEncoding.Strict()} reads it. */
	private static boolean base64(String text, int minBytes) {
		byte[] bytes = base64Bytes(text);
		return bytes != null && bytes.length >= minBytes;
	}

	private static byte[] base64Bytes(String text) {
		if (text.length() % 4 != 0 || !text.matches("[A-Za-z0-9+/]*={0,2}")) {
			return null;
		}
		try {
			return STANDARD.decode(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Standard base64 without padding ({@code RawStdEncoding.Strict()}). */
	private static boolean rawBase64(String text, int minBytes) {
		byte[] bytes = rawBase64(text);
		return bytes != null && bytes.length >= minBytes;
	}

	private static byte[] rawBase64(String text) {
		if (!text.matches("[A-Za-z0-9+/]+") || text.length() % 4 == 1) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(text + "=".repeat((4 - text.length() % 4) % 4));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}

package net.stackspin.admin.identities;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * Checks an imported password hash. Kratos v1.3.1 ({@code hash/}) only looks at a hash's
 * prefix when it imports one, so a malformed hash would be stored and only fail when its
 * user signs in; here every format Kratos compares is checked as its decoder reads it
 * (parts, parameters, base64 of salt and key), so such a row is an error in the dry run.
 * The password itself is of course not known.
 * <p>
 * Kratos also takes any cost a hash names and pays it on every sign-in with it, wrong
 * passwords included: argon2 {@code m=4294967295} or scrypt {@code N=2^30} make it
 * allocate gigabytes and die, bcrypt cost 31 keeps a core busy for days. So each cost
 * parameter has an upper limit near what real systems use ({@link #MAX_BCRYPT_COST} and
 * the constants after it); above it the row is an error that names the limit.
 */
final class PasswordHashes {

	/** Longer than any real hash; bounds salts, keys, digits and salting formats. */
	static final int MAX_LENGTH = 1024;

	/** Go's bcrypt refuses a cost below 4. */
	static final int MIN_BCRYPT_COST = 4;

	/** About 2-3 s per sign-in on one core; common systems use 10-12. */
	static final int MAX_BCRYPT_COST = 15;

	/** 1 GiB, in KiB as argon2's {@code m} counts. */
	static final long MAX_ARGON2_MEMORY = 1_048_576;

	static final long MAX_ARGON2_ITERATIONS = 10;

	static final long MAX_ARGON2_PARALLELISM = 16;

	static final long MAX_PBKDF2_ITERATIONS = 10_000_000;

	/** Each further block of the derived key costs all the iterations again. */
	static final long MAX_PBKDF2_KEY_BYTES = 64;

	static final long MAX_SCRYPT_N = 1 << 20;

	static final long MAX_FIRESCRYPT_LN = 20;

	static final long MAX_SCRYPT_R = 32;

	static final long MAX_SCRYPT_P = 16;

	/** What scrypt allocates (128·N·r bytes), capped like argon2's memory. */
	static final long MAX_SCRYPT_MEMORY = 1L << 30;

	static final long MAX_SHA_CRYPT_ROUNDS = 10_000_000;

	private static final String CRYPT64 = "[./0-9A-Za-z]";

	private static final Pattern BCRYPT = Pattern.compile("\\$2[abzy]?\\$([0-9]{2})\\$" + CRYPT64 + "{53}");

	private static final Pattern ARGON2 = Pattern
		.compile("\\$(argon2id|argon2i)\\$v=19\\$m=([0-9]+),t=([0-9]+),p=([0-9]+)\\$([^$]+)\\$([^$]+)");

	private static final Pattern PBKDF2 = Pattern
		.compile("\\$pbkdf2-(sha1|sha224|sha256|sha384|sha512)\\$i=([0-9]+),l=([0-9]+)\\$([^$]+)\\$([^$]+)");

	private static final Pattern SCRYPT = Pattern
		.compile("\\$scrypt\\$ln=([0-9]+),r=([0-9]+),p=([0-9]+)\\$([^$]+)\\$([^$]+)");

	private static final Pattern FIRESCRYPT = Pattern
		.compile("\\$firescrypt\\$ln=([0-9]+),r=([0-9]+),p=([0-9]+)\\$([^$]+)\\$([^$]+)\\$([^$]*)\\$([^$]+)");

	private static final Pattern SALTED_SHA = Pattern
		.compile("\\$(sha1|sha256|sha512)\\$pf=([^$]+)\\$([^$]*)\\$([^$]+)");

	private static final Pattern SSHA = Pattern.compile("\\{(SSHA|SSHA256|SSHA512)\\}(.+)");

	private static final Pattern MD5 = Pattern.compile("\\$md5\\$(?:pf=([^$]+)\\$([^$]*)\\$)?([^$]+)");

	private static final Pattern MD5_CRYPT = Pattern
		.compile("\\$md5-crypt\\$" + CRYPT64 + "{0,8}\\$" + CRYPT64 + "{22}");

	private static final Pattern SHA_CRYPT = Pattern
		.compile("\\$(sha256|sha512)-crypt\\$(?:rounds=([0-9]+)\\$)?" + CRYPT64 + "{0,16}\\$(" + CRYPT64 + "+)");

	private static final Pattern HMAC = Pattern
		.compile("\\$hmac-(md4|md5|sha1|sha224|sha256|sha384|sha512)\\$([^$]+)\\$([^$]+)");

	private static final String PASSWORD_PLACEHOLDER = "{PASSWORD}";

	private static final Base64.Decoder STANDARD = Base64.getDecoder();

	private PasswordHashes() {
	}

	/**
	 * What is wrong with this hash, or empty when Kratos can compare passwords with it at
	 * a bounded cost.
	 */
	static Optional<Problem> problem(String hash) {
		String algorithm = algorithm(hash);
		if (algorithm == null) {
			return Optional.of(Problem.of("import.error.hash.unknown"));
		}
		if (hash.length() > MAX_LENGTH) {
			return Optional.of(Problem.of("import.error.hash.tooLong", algorithm, hash.length(), MAX_LENGTH));
		}
		Check check = new Check(algorithm);
		boolean wellFormed = switch (algorithm) {
			case "bcrypt" -> bcrypt(hash, check);
			case "argon2id", "argon2i" -> argon2(hash, check);
			case "pbkdf2" -> pbkdf2(hash, check);
			case "scrypt" -> scrypt(hash, check);
			case "firescrypt" -> firescrypt(hash, check);
			case "sha" -> saltedSha(hash, check);
			case "ssha" -> ssha(hash);
			case "md5" -> md5(hash, check);
			case "md5-crypt" -> MD5_CRYPT.matcher(hash).matches();
			case "sha256-crypt", "sha512-crypt" -> shaCrypt(hash, check);
			case "hmac" -> hmac(hash);
			default -> false;
		};
		if (check.problem != null) {
			return Optional.of(check.problem);
		}
		return wellFormed ? Optional.empty() : Optional.of(Problem.of("import.error.hash.malformed", algorithm));
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

	private static boolean bcrypt(String hash, Check check) {
		Matcher m = BCRYPT.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		BigInteger cost = new BigInteger(m.group(1));
		return check.atLeast("cost", cost, MIN_BCRYPT_COST) && check.atMost("cost", cost, MAX_BCRYPT_COST);
	}

	private static boolean argon2(String hash, Check check) {
		Matcher m = ARGON2.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		BigInteger memory = new BigInteger(m.group(2));
		BigInteger iterations = new BigInteger(m.group(3));
		BigInteger parallelism = new BigInteger(m.group(4));
		// zero rounds or lanes make Go's argon2 panic, so they are malformed, not cheap
		return memory.signum() > 0 && iterations.signum() > 0 && parallelism.signum() > 0
				&& check.atMost("argon2Memory", memory, MAX_ARGON2_MEMORY)
				&& check.atMost("argon2Iterations", iterations, MAX_ARGON2_ITERATIONS)
				&& check.atMost("argon2Parallelism", parallelism, MAX_ARGON2_PARALLELISM) && rawBase64(m.group(5), 1)
				&& rawBase64(m.group(6), 1);
	}

	private static boolean pbkdf2(String hash, Check check) {
		Matcher m = PBKDF2.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		BigInteger iterations = new BigInteger(m.group(2));
		byte[] key = rawBase64(m.group(5));
		// Kratos derives as many bytes as the stored key has (it ignores l)
		return iterations.signum() > 0 && check.atMost("pbkdf2Iterations", iterations, MAX_PBKDF2_ITERATIONS)
				&& rawBase64(m.group(4), 1) && key != null && key.length > 0
				&& check.atMost("keyBytes", BigInteger.valueOf(key.length), MAX_PBKDF2_KEY_BYTES);
	}

	private static boolean scrypt(String hash, Check check) {
		Matcher m = SCRYPT.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		// Kratos passes ln to scrypt as the cost N itself: a power of two above 1
		BigInteger cost = new BigInteger(m.group(1));
		BigInteger block = new BigInteger(m.group(2));
		BigInteger parallel = new BigInteger(m.group(3));
		return check.atMost("scryptN", cost, MAX_SCRYPT_N) && cost.compareTo(BigInteger.ONE) > 0 && cost.bitCount() == 1
				&& block.signum() > 0 && parallel.signum() > 0 && scryptBounds(cost, block, parallel, check)
				&& base64(m.group(4), 1) && base64(m.group(5), 1);
	}

	private static boolean firescrypt(String hash, Check check) {
		Matcher m = FIRESCRYPT.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		// here ln is the logarithm: Kratos uses N = 2^ln
		BigInteger log = new BigInteger(m.group(1));
		BigInteger block = new BigInteger(m.group(2));
		BigInteger parallel = new BigInteger(m.group(3));
		return log.signum() > 0 && block.signum() > 0 && parallel.signum() > 0
				&& check.atMost("firescryptLn", log, MAX_FIRESCRYPT_LN)
				&& scryptBounds(BigInteger.ONE.shiftLeft(log.intValueExact()), block, parallel, check)
				&& base64(m.group(4), 1) && base64(m.group(5), 1) && base64(m.group(6), 0) && base64(m.group(7), 1);
	}

	private static boolean scryptBounds(BigInteger cost, BigInteger block, BigInteger parallel, Check check) {
		return check.atMost("scryptR", block, MAX_SCRYPT_R) && check.atMost("scryptP", parallel, MAX_SCRYPT_P)
				&& check.atMost("scryptMemory", cost.multiply(block).shiftLeft(7), MAX_SCRYPT_MEMORY);
	}

	private static boolean saltedSha(String hash, Check check) {
		Matcher m = SALTED_SHA.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		byte[] digest = base64Bytes(m.group(4));
		return base64(m.group(3), 0) && digest != null && digest.length == digestLength(m.group(1))
				&& saltingFormat(m.group(2), check);
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

	private static boolean md5(String hash, Check check) {
		Matcher m = MD5.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		byte[] digest = base64Bytes(m.group(3));
		boolean salted = m.group(1) != null;
		return digest != null && digest.length == 16
				&& (!salted || (base64(m.group(2), 0) && saltingFormat(m.group(1), check)));
	}

	/**
	 * The salting format ({@code pf}, e.g. <code>{SALT}{PASSWORD}</code>) must hold the
	 * password once: without it any password matches, and each copy is hashed again.
	 */
	private static boolean saltingFormat(String encoded, Check check) {
		byte[] format = base64Bytes(encoded);
		if (format == null || format.length == 0) {
			return false;
		}
		String text = new String(format, java.nio.charset.StandardCharsets.UTF_8);
		int first = text.indexOf(PASSWORD_PLACEHOLDER);
		if (first < 0 || text.indexOf(PASSWORD_PLACEHOLDER, first + 1) >= 0) {
			check.problem = Problem.of("import.error.hash.saltingFormat", check.algorithm, PASSWORD_PLACEHOLDER);
			return false;
		}
		return true;
	}

	private static boolean shaCrypt(String hash, Check check) {
		Matcher m = SHA_CRYPT.matcher(hash);
		if (!m.matches()) {
			return false;
		}
		int length = hash.startsWith("$sha256") ? 43 : 86;
		if (m.group(2) != null) {
			BigInteger rounds = new BigInteger(m.group(2));
			// fewer than 1000 is below what the crypt formats allow
			if (rounds.compareTo(BigInteger.valueOf(1000)) < 0
					|| !check.atMost("rounds", rounds, MAX_SHA_CRYPT_ROUNDS)) {
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

	/** The first parameter of a hash found outside its bounds, named for the message. */
	private static final class Check {

		private final String algorithm;

		private Problem problem;

		Check(String algorithm) {
			this.algorithm = algorithm;
		}

		boolean atMost(String parameter, BigInteger value, long limit) {
			if (value.compareTo(BigInteger.valueOf(limit)) <= 0) {
				return true;
			}
			this.problem = Problem.of("import.error.hash.aboveLimit", this.algorithm, parameter(parameter), value,
					limit);
			return false;
		}

		boolean atLeast(String parameter, BigInteger value, long minimum) {
			if (value.compareTo(BigInteger.valueOf(minimum)) >= 0) {
				return true;
			}
			this.problem = Problem.of("import.error.hash.belowMinimum", this.algorithm, parameter(parameter), value,
					minimum);
			return false;
		}

		/** The parameter's name in the reader's language. */
		private static DefaultMessageSourceResolvable parameter(String name) {
			return new DefaultMessageSourceResolvable("import.hash.parameter." + name);
		}

	}

}

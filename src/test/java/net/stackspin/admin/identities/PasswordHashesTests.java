package net.stackspin.admin.identities;

import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of imported password hashes: one well-formed example of each format Kratos
 * v1.3.1 compares and broken variants of them, and each cost parameter at its limit
 * (fine) and over it (an error naming the limit).
 */
class PasswordHashesTests {

	private static String b64(int bytes) {
		return Base64.getEncoder().encodeToString(new byte[bytes]);
	}

	private static String raw(int bytes) {
		return Base64.getEncoder().withoutPadding().encodeToString(new byte[bytes]);
	}

	@Test
	void wellFormedHashesOfEveryFormatPass() {
		String[] hashes = { new BCryptPasswordEncoder(4).encode("secret"), "$2y$10$" + "a".repeat(53),
				"$argon2id$v=19$m=65536,t=3,p=4$" + raw(16) + "$" + raw(32),
				"$argon2i$v=19$m=1024,t=2,p=1$" + raw(16) + "$" + raw(32),
				"$pbkdf2-sha256$i=100000,l=32$" + raw(16) + "$" + raw(32),
				"$pbkdf2-sha512$i=1000,l=64$" + raw(8) + "$" + raw(64),
				"$scrypt$ln=16384,r=8,p=1$" + b64(16) + "$" + b64(32),
				"$firescrypt$ln=14,r=8,p=1$" + b64(16) + "$" + b64(32) + "$" + b64(2) + "$" + b64(64),
				"$sha256$pf=" + Base64.getEncoder().encodeToString("{SALT}{PASSWORD}".getBytes()) + "$" + b64(8) + "$"
						+ b64(32),
				"{SSHA}" + b64(24), "{SSHA256}" + b64(40), "{SSHA512}" + b64(72), "$md5$" + b64(16),
				"$md5$pf=" + Base64.getEncoder().encodeToString("{PASSWORD}{SALT}".getBytes()) + "$" + b64(4) + "$"
						+ b64(16),
				"$md5-crypt$saltsalt$" + "a".repeat(22), "$sha256-crypt$rounds=5000$salt$" + "b".repeat(43),
				"$sha512-crypt$salt$" + "c".repeat(86), "$hmac-sha256$" + b64(32) + "$" + b64(16) };
		for (String hash : hashes) {
			assertThat(PasswordHashes.problem(hash)).as(hash).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "$2b$10$tooShort", "$2b$1$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			"$argon2id$v=19$m=65536,t=3,p=4$bm90IGJhc2U2NCE$", "$argon2id$v=16$m=65536,t=3,p=4$AAAA$AAAA",
			"$argon2id$v=19$m=0,t=3,p=4$AAAA$AAAA", "$argon2id$v=19$m=65536,t=3,p=4$not base64!$AAAA",
			"$pbkdf2-sha256$i=0,l=32$AAAA$AAAA", "$pbkdf2-sha3$i=10,l=32$AAAA$AAAA", "$scrypt$ln=15,r=8,p=1$AAAA$AAAA",
			"$scrypt$ln=16384,r=8,p=1$AAA$AAAA", "$sha1$pf=e1NBTFR9$AAAA$AAAA", "{SSHA}AAAA", "$md5$AAAA",
			"$md5-crypt$salt$short", "$sha512-crypt$salt$short", "$hmac-sha256$AAAA",
			"$argon2id$v=19$m=65536,t=0,p=4$AAAA$AAAA", "$argon2id$v=19$m=65536,t=3,p=0$AAAA$AAAA",
			"$argon2id$v=19$m=65536,t=-3,p=4$AAAA$AAAA", "$scrypt$ln=0,r=8,p=1$AAAA$AAAA",
			"$firescrypt$ln=0,r=8,p=1$AAAA$AAAA$$AAAA",
			"$sha256-crypt$rounds=999$salt$bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" })
	void malformedHashesOfAKnownFormatAreMalformed(String hash) {
		assertThat(PasswordHashes.problem(hash)).get()
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo("import.error.hash.malformed"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "secret", "{CRYPT}abc", "$1$salt$hash", "$6$salt$hash", "$bcrypt$x", "$argon2d$v=19",
			"$pbkdf2-md5$i=10,l=32$AAAA$AAAA" })
	void unknownFormatsAreNamedAsSuch(String hash) {
		assertThat(PasswordHashes.problem(hash)).get()
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo("import.error.hash.unknown"));
	}

	/** Every cost parameter exactly at its limit: still a hash Kratos may compare. */
	@ParameterizedTest
	@ValueSource(strings = { "$2b$15$", "$2y$04$", "$argon2id$v=19$m=1048576,t=10,p=16$",
			"$argon2i$v=19$m=1048576,t=10,p=16$", "$pbkdf2-sha512$i=10000000,l=64$", "$scrypt$ln=1048576,r=8,p=16$",
			"$scrypt$ln=262144,r=32,p=16$", "$firescrypt$ln=20,r=8,p=16$", "$firescrypt$ln=15,r=32,p=1$",
			"$sha256-crypt$rounds=10000000$", "$sha512-crypt$rounds=10000000$" })
	void everyParameterAtItsLimitPasses(String head) {
		assertThat(PasswordHashes.problem(complete(head))).as(head).isEmpty();
	}

	/**
	 * The bombs of the probe (issue 24) and each parameter one above its limit: an error
	 * naming the parameter, its value and the limit.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "$2b$31$|bcrypt|cost|31|15", "$2a$16$|bcrypt|cost|16|15",
			"$argon2id$v=19$m=4294967295,t=3,p=4$|argon2id|argon2Memory|4294967295|1048576",
			"$argon2id$v=19$m=1048577,t=3,p=4$|argon2id|argon2Memory|1048577|1048576",
			"$argon2id$v=19$m=65536,t=4294967295,p=4$|argon2id|argon2Iterations|4294967295|10",
			"$argon2i$v=19$m=65536,t=11,p=4$|argon2i|argon2Iterations|11|10",
			"$argon2id$v=19$m=65536,t=3,p=255$|argon2id|argon2Parallelism|255|16",
			"$argon2id$v=19$m=65536,t=3,p=17$|argon2id|argon2Parallelism|17|16",
			"$pbkdf2-sha256$i=2147483647,l=32$|pbkdf2|pbkdf2Iterations|2147483647|10000000",
			"$pbkdf2-sha256$i=10000001,l=32$|pbkdf2|pbkdf2Iterations|10000001|10000000",
			"$scrypt$ln=1073741824,r=8,p=1$|scrypt|scryptN|1073741824|1048576",
			"$scrypt$ln=2097152,r=8,p=1$|scrypt|scryptN|2097152|1048576",
			"$scrypt$ln=16384,r=33,p=1$|scrypt|scryptR|33|32", "$scrypt$ln=16384,r=8,p=17$|scrypt|scryptP|17|16",
			"$scrypt$ln=1048576,r=16,p=1$|scrypt|scryptMemory|2147483648|1073741824",
			"$firescrypt$ln=30,r=8,p=1$|firescrypt|firescryptLn|30|20",
			"$firescrypt$ln=21,r=8,p=1$|firescrypt|firescryptLn|21|20",
			"$firescrypt$ln=14,r=33,p=1$|firescrypt|scryptR|33|32",
			"$firescrypt$ln=14,r=8,p=17$|firescrypt|scryptP|17|16",
			"$firescrypt$ln=20,r=9,p=1$|firescrypt|scryptMemory|1207959552|1073741824",
			"$sha512-crypt$rounds=999999999$|sha512-crypt|rounds|999999999|10000000",
			"$sha256-crypt$rounds=10000001$|sha256-crypt|rounds|10000001|10000000" })
	void aParameterAboveItsLimitIsAnErrorNamingTheLimit(String example) {
		String[] parts = example.split("\\|");
		assertThat(PasswordHashes.problem(complete(parts[0]))).as(parts[0]).get().satisfies((problem) -> {
			assertThat(problem.code()).isEqualTo("import.error.hash.aboveLimit");
			assertThat(problem.args().get(0)).isEqualTo(parts[1]);
			assertThat(((org.springframework.context.MessageSourceResolvable) problem.args().get(1)).getCodes())
				.containsExactly("import.hash.parameter." + parts[2]);
			assertThat(problem.args().get(2)).isEqualTo(new BigInteger(parts[3]));
			assertThat(problem.args().get(3)).isEqualTo(Long.parseLong(parts[4]));
		});
	}

	@Test
	void numbersTooLargeForAnyIntegerTypeAreAboveTheLimitNotACrash() {
		String digits = "9".repeat(40);
		for (String head : List.of("$argon2id$v=19$m=" + digits + ",t=3,p=4$",
				"$argon2id$v=19$m=65536,t=" + digits + ",p=4$", "$pbkdf2-sha1$i=" + digits + ",l=20$",
				"$scrypt$ln=" + digits + ",r=8,p=1$", "$scrypt$ln=16384,r=" + digits + ",p=1$",
				"$firescrypt$ln=" + digits + ",r=8,p=1$", "$sha256-crypt$rounds=" + digits + "$")) {
			Optional<Problem> problem = PasswordHashes.problem(complete(head));
			assertThat(problem).as(head).get().satisfies((found) -> {
				assertThat(found.code()).isEqualTo("import.error.hash.aboveLimit");
				assertThat(found.args().get(2)).isEqualTo(new BigInteger(digits));
			});
		}
	}

	@Test
	void aBcryptCostBelowFourIsBelowTheMinimum() {
		assertThat(PasswordHashes.problem("$2b$03$" + "a".repeat(53))).get()
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo("import.error.hash.belowMinimum"));
	}

	@Test
	void aPbkdf2KeyLongerThanSixtyFourBytesIsAboveTheLimit() {
		assertThat(PasswordHashes.problem("$pbkdf2-sha256$i=1000,l=32$" + raw(16) + "$" + raw(65))).get()
			.satisfies((problem) -> assertThat(problem.args().get(2)).isEqualTo(BigInteger.valueOf(65)));
		assertThat(PasswordHashes.problem("$pbkdf2-sha256$i=1000,l=32$" + raw(16) + "$" + raw(64))).isEmpty();
	}

	@Test
	void aHashLongerThanAnyRealOneIsTooLong() {
		String hash = "$hmac-sha256$" + b64(32) + "$" + b64(1024);
		assertThat(PasswordHashes.problem(hash)).get().satisfies((problem) -> {
			assertThat(problem.code()).isEqualTo("import.error.hash.tooLong");
			assertThat(problem.args()).containsExactly("hmac", hash.length(), PasswordHashes.MAX_LENGTH);
		});
	}

	/** Without the password any password matches; each copy is hashed once more. */
	@ParameterizedTest
	@ValueSource(strings = { "{SALT}", "{PASSWORD}{SALT}{PASSWORD}" })
	void aSaltingFormatMustHoldThePasswordOnce(String format) {
		String pf = Base64.getEncoder().encodeToString(format.getBytes());
		assertThat(PasswordHashes.problem("$sha256$pf=" + pf + "$" + b64(8) + "$" + b64(32))).get()
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo("import.error.hash.saltingFormat"));
		assertThat(PasswordHashes.problem("$md5$pf=" + pf + "$" + b64(8) + "$" + b64(16))).get()
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo("import.error.hash.saltingFormat"));
	}

	@Test
	void theLimitMessageNamesAlgorithmParameterValueAndLimitInEnglishAndDutch() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasenames("messages/identities");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		Problem bcrypt = PasswordHashes.problem(complete("$2b$31$")).orElseThrow();
		assertThat(messages.getMessage(bcrypt.code(), bcrypt.arguments(), Locale.ENGLISH))
			.startsWith("bcrypt cost 31 is above the limit of 15:");
		assertThat(messages.getMessage(bcrypt.code(), bcrypt.arguments(), Locale.forLanguageTag("nl")))
			.startsWith("bcrypt kostenfactor 31 ligt boven de grens van 15:");
		Problem argon2 = PasswordHashes.problem(complete("$argon2id$v=19$m=4294967295,t=3,p=4$")).orElseThrow();
		assertThat(messages.getMessage(argon2.code(), argon2.arguments(), Locale.ENGLISH))
			.startsWith("argon2id memory m (KiB) 4,294,967,295 is above the limit of 1,048,576:");
		Problem format = PasswordHashes
			.problem(
					"$md5$pf=" + Base64.getEncoder().encodeToString("{SALT}".getBytes()) + "$" + b64(8) + "$" + b64(16))
			.orElseThrow();
		assertThat(messages.getMessage(format.code(), format.arguments(), Locale.ENGLISH))
			.isEqualTo("The salting format (pf) of this md5 hash must contain {PASSWORD} exactly once.");
	}

	/** The rest of a well-formed hash after the head with its parameters. */
	private static String complete(String head) {
		if (head.startsWith("$2")) {
			return head + "a".repeat(53);
		}
		if (head.startsWith("$argon2") || head.startsWith("$pbkdf2")) {
			return head + raw(16) + "$" + raw(32);
		}
		if (head.startsWith("$scrypt")) {
			return head + b64(16) + "$" + b64(32);
		}
		if (head.startsWith("$firescrypt")) {
			return head + b64(16) + "$" + b64(32) + "$" + b64(2) + "$" + b64(64);
		}
		return head + "salt$" + "b".repeat(head.startsWith("$sha256") ? 43 : 86);
	}

}

package net.stackspin.admin.identities;

import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape check of imported password hashes, one well-formed example of each format
 * Kratos v1.3.1 compares and broken variants of them.
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
	@ValueSource(strings = { "$2b$10$tooShort", "$2b$99$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			"$argon2id$v=19$m=65536,t=3,p=4$bm90IGJhc2U2NCE$", "$argon2id$v=16$m=65536,t=3,p=4$AAAA$AAAA",
			"$argon2id$v=19$m=0,t=3,p=4$AAAA$AAAA", "$argon2id$v=19$m=65536,t=3,p=4$not base64!$AAAA",
			"$pbkdf2-sha256$i=0,l=32$AAAA$AAAA", "$pbkdf2-sha3$i=10,l=32$AAAA$AAAA", "$scrypt$ln=15,r=8,p=1$AAAA$AAAA",
			"$scrypt$ln=16384,r=8,p=1$AAA$AAAA", "$sha1$pf=e1NBTFR9$AAAA$AAAA", "{SSHA}AAAA", "$md5$AAAA",
			"$md5-crypt$salt$short", "$sha512-crypt$salt$short", "$hmac-sha256$AAAA" })
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

}

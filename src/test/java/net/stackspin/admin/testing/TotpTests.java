package net.stackspin.admin.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test TOTP helper against the published vectors of RFC 6238 (SHA-1) and RFC 4648.
 */
class TotpTests {

	private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void codeWhenRfc6238VectorThenSameEightDigits(long time, String expected) {
		assertThat(Totp.code(RFC_KEY, time / 30, 8)).isEqualTo(expected);
	}

	@Test
	void codeWhenBase32SecretThenSixDigitsOfTheSameKey() {
		// "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" is base32 of "12345678901234567890"
		assertThat(Totp.base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(RFC_KEY);
		assertThat(Totp.code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Instant.ofEpochSecond(59))).isEqualTo("287082");
	}

	@Test
	void base32WhenRfc4648VectorsThenDecoded() {
		assertThat(new String(Totp.base32("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
		assertThat(new String(Totp.base32("my"), StandardCharsets.US_ASCII)).isEqualTo("f");
	}

}

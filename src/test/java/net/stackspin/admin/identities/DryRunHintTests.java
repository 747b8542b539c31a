package net.stackspin.admin.identities;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dry run's verdicts as the preview form carries them: ranges and the file digest.
 */
class DryRunHintTests {

	private static final String DIGEST = "3f2a9c0d11e4b7a8";

	@Test
	void linesAreWrittenAsAscendingRangesAndReadBack() {
		String hint = DryRunHint.encode(DIGEST, List.of(20, 12, 15, 16, 17, 18, 19, 30, 12));
		assertThat(hint).isEqualTo(DIGEST + ":12,15-20,30");
		DryRunHint parsed = DryRunHint.parse(hint, DIGEST).orElseThrow();
		assertThat(IntStream.rangeClosed(1, 40).filter(parsed::names).boxed().toList()).containsExactly(12, 15, 16, 17,
				18, 19, 20, 30);
	}

	@Test
	void noLinesIsAHintToo() {
		String hint = DryRunHint.encode(DIGEST, List.of());
		assertThat(hint).isEqualTo(DIGEST + ":");
		DryRunHint parsed = DryRunHint.parse(hint, DIGEST).orElseThrow();
		assertThat(IntStream.rangeClosed(0, 100).anyMatch(parsed::names)).isFalse();
	}

	@Test
	void aHintForAnotherFileIsIgnored() {
		assertThat(DryRunHint.parse("0000000000000000:12,15-20", DIGEST)).isEmpty();
	}

	@Test
	void malformedHintsAreIgnored() {
		for (String text : new String[] { null, "", "garbage", DIGEST, DIGEST + ":x", DIGEST + ":12,", DIGEST + ":-3",
				DIGEST + ":5-3", DIGEST + ":7,5", DIGEST + ":3-6,6", DIGEST + ":0", DIGEST.toUpperCase() + ":1",
				DIGEST + ":99999999999", DIGEST + ":1-2-3", "3f2a:1" }) {
			assertThat(DryRunHint.parse(text, DIGEST)).as(String.valueOf(text)).isEmpty();
		}
	}

	@Test
	void aHintOfThousandsOfRangesIsReadWithoutExhaustingTheStack() {
		// every other line of a 20,000-row file existing: 10,000 ranges
		List<Integer> lines = IntStream.rangeClosed(1, 10_000).map((i) -> 2 * i).boxed().toList();
		String hint = DryRunHint.encode(DIGEST, lines);
		DryRunHint parsed = DryRunHint.parse(hint, DIGEST).orElseThrow();
		assertThat(parsed.names(20_000)).isTrue();
		assertThat(parsed.names(19_999)).isFalse();
		assertThat(DryRunHint.parse(hint + ",x", DIGEST)).isEmpty();
	}

	@Test
	void theDigestIsTheStartOfTheFilesSha256() {
		// printf 'email\na@example.org\n' | sha256sum
		byte[] file = "email\na@example.org\n".getBytes(StandardCharsets.UTF_8);
		String digest = DryRunHint.digest(() -> new ByteArrayInputStream(file));
		assertThat(digest).isEqualTo("e346706d87b8a11b");
		byte[] other = "email\nb@example.org\n".getBytes(StandardCharsets.UTF_8);
		assertThat(DryRunHint.digest(() -> new ByteArrayInputStream(other))).isNotEqualTo(digest);
	}

}

package net.stackspin.admin.system;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@code X-Request-Id} a client may choose: only what looks like an id (issue 24,
 * finding 6); anything else gets a fresh UUID.
 */
class RequestIdFilterTests {

	@ParameterizedTest
	@ValueSource(strings = { "0f8fad5b-d9cb-469f-a165-70867728950e", "5f2d3c1a9b8e7d6c5b4a39281706f5e4", "req_1.2-3",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void anIdIsTaken(String id) {
		assertThat(RequestIdFilter.requestId(id)).isEqualTo(id);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a b",
			"x\" target_id=\"forged", "a\\\"b", "x\r\nSet-Cookie: evil=1", "a=b", "a:b", "a/b", "a+b", "ü",
			"a\u0000b" })
	void anythingElseGetsAFreshUuid(String sent) {
		String id = RequestIdFilter.requestId(sent);
		assertThat(id).isNotEqualTo(sent);
		assertThat(UUID.fromString(id).toString()).isEqualTo(id);
	}

	@Test
	void noHeaderGetsAFreshUuid() {
		assertThat(RequestIdFilter.requestId(null)).matches("[0-9a-f-]{36}");
	}

}

package net.stackspin.admin.kratos;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Pure logic of the adapter: header parsing, error reasons, settings validation. */
class KratosAdapterUnitTests {

	@Test
	void nextPageTokenWhenLinkHasNextThenDecodedToken() {
		Map<String, List<String>> headers = Map.of("link", List
			.of("</admin/identities?page_size=3&page_token=00000000-0000-0000-0000-000000000000>; rel=\"first\","
					+ "</admin/identities?page_size=3&page_token=abc%3D%3D>; rel=\"next\""));
		assertThat(KratosAdminClient.nextPageToken(headers)).contains("abc==");
	}

	@Test
	void nextPageTokenWhenOnlyFirstLinkThenEmpty() {
		Map<String, List<String>> headers = Map.of("Link", List
			.of("</admin/identities?page_size=3&page_token=00000000-0000-0000-0000-000000000000>; rel=\"first\""));
		assertThat(KratosAdminClient.nextPageToken(headers)).isEmpty();
	}

	@Test
	void reasonWhenKratosErrorBodyThenReasonFirst() {
		String body = "{\"error\":{\"code\":409,\"status\":\"Conflict\",\"reason\":\"This identity conflicts with another identity that already exists.\",\"message\":\"The resource could not be created due to a conflict\"}}";
		assertThat(KratosCalls.reason(body))
			.isEqualTo("This identity conflicts with another identity that already exists.");
	}

	@Test
	void reasonWhenFlowBodyThenFirstUiMessage() {
		String body = "{\"id\":\"x\",\"ui\":{\"messages\":[{\"id\":4000006,\"text\":\"The provided credentials are invalid.\"}]}}";
		assertThat(KratosCalls.reason(body)).isEqualTo("The provided credentials are invalid.");
	}

	@Test
	void reasonWhenNotJsonThenShortExcerpt() {
		assertThat(KratosCalls.reason("x".repeat(500))).hasSize(201);
		assertThat(KratosCalls.reason(null)).isEqualTo("no reason given");
	}

	@Test
	void propertiesWhenUrlNotHttpThenRefusedAtStartUp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KratosProperties(URI.create("ftp://kratos"), URI.create("http://localhost:8080"),
					Duration.ofSeconds(1), Duration.ofSeconds(1)))
			.withMessageContaining("stackspin.kratos.admin-url");
	}

	@Test
	void propertiesWhenTimeoutZeroThenRefusedAtStartUp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KratosProperties(URI.create("http://localhost:8000"),
					URI.create("http://localhost:8080"), Duration.ZERO, Duration.ofSeconds(1)))
			.withMessageContaining("connect-timeout");
	}

	@Test
	void basePathWhenTrailingSlashThenRemoved() {
		assertThat(KratosProperties.basePath(URI.create("http://kratos-admin/"))).isEqualTo("http://kratos-admin");
	}

}

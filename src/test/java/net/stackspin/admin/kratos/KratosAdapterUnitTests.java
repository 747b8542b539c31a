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
	void identitiesOfAListAnswerAreBoundToSummaries() {
		// the shape Kratos v1.3.1 answers GET /admin/identities with, trimmed
		String json = """
				[{"id":"0f9c6a2e-6c1b-4c1e-9a51-3c2f3f1e2d10","schema_id":"default","schema_url":"http://x/schemas/ZGVmYXVsdA",
				  "state":"active","state_changed_at":"2026-11-29T08:24:05.123456Z",
				  "traits":{"email":"ada@example.org","name":{"first":"Ada","last":"Lovelace"},"nickname":null},
				  "verifiable_addresses":[{"id":"a","value":"ada@example.org","verified":true,"via":"email","status":"completed"}],
				  "recovery_addresses":[{"id":"b","value":"ada@example.org","via":"email"}],
				  "metadata_public":null,"metadata_admin":{"roles":["admin"]},
				  "created_at":"2026-11-29T08:24:05.123456Z","updated_at":"2026-11-29T09:00:00+01:00","organization_id":null},
				 {"id":"1f9c6a2e-6c1b-4c1e-9a51-3c2f3f1e2d10","schema_id":"extended","state":"inactive",
				  "traits":{"email":"bob@example.org"},"verifiable_addresses":[{"verified":false}],
				  "created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z"}]
				""";

		List<IdentitySummary> identities = KratosJson.identities(json);

		assertThat(identities).hasSize(2);
		IdentitySummary ada = identities.get(0);
		assertThat(ada.id()).isEqualTo("0f9c6a2e-6c1b-4c1e-9a51-3c2f3f1e2d10");
		assertThat(ada.schemaId()).isEqualTo("default");
		assertThat(ada.email()).isEqualTo("ada@example.org");
		assertThat(ada.displayName()).isEqualTo("Ada Lovelace");
		assertThat(ada.traits()).doesNotContainKey("nickname");
		assertThat(ada.state()).isEqualTo(IdentityState.ACTIVE);
		assertThat(ada.verified()).isTrue();
		assertThat(ada.createdAt()).isEqualTo(java.time.Instant.parse("2026-11-29T08:24:05.123456Z"));
		assertThat(ada.updatedAt()).isEqualTo(java.time.Instant.parse("2026-11-29T08:00:00Z"));
		IdentitySummary bob = identities.get(1);
		assertThat(bob.state()).isEqualTo(IdentityState.INACTIVE);
		assertThat(bob.verified()).isFalse();
		assertThat(bob.createdAt()).as("Go's zero time is no time").isNull();
		assertThat(KratosJson.identities("[]")).isEmpty();
	}

	@Test
	void concurrentUpdateFromKratosIsRetriedThenReportedAsUnavailable() {
		KratosCalls calls = new KratosCalls(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
		String body = "{\"error\":{\"code\":400,\"message\":\"Unable to serialize access due to a concurrent update in another session\"}}";
		java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
		String result = calls.run("get_identity", () -> {
			if (attempts.incrementAndGet() < 3) {
				throw new sh.ory.kratos.ApiException(400, Map.of(), body);
			}
			return "ok";
		});
		assertThat(result).isEqualTo("ok");
		assertThat(attempts).hasValue(3);

		attempts.set(0);
		org.assertj.core.api.Assertions.assertThatExceptionOfType(KratosUnavailableException.class)
			.isThrownBy(() -> calls.run("patch_identity", () -> {
				attempts.incrementAndGet();
				throw new sh.ory.kratos.ApiException(400, Map.of(), body);
			}));
		assertThat(attempts).hasValue(4);

		// any other 400 is Kratos's answer, not repeated
		attempts.set(0);
		org.assertj.core.api.Assertions.assertThatExceptionOfType(KratosRequestRejectedException.class)
			.isThrownBy(() -> calls.run("patch_identity", () -> {
				attempts.incrementAndGet();
				throw new sh.ory.kratos.ApiException(400, Map.of(), "{\"error\":{\"reason\":\"invalid\"}}");
			}));
		assertThat(attempts).hasValue(1);
	}

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

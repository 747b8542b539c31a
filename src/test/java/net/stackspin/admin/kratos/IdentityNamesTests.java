package net.stackspin.admin.kratos;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/** Schemas are read once per minute at most, and a failed read never fails a page. */
class IdentityNamesTests {

	private static final Map<String, Object> USERNAME_SCHEMA = Map.of("properties",
			Map.of("traits", Map.of("properties", Map.of("username", Map.of("type", "string", "ory.sh/kratos",
					Map.of("credentials", Map.of("password", Map.of("identifier", true))))))));

	private final KratosSchemas schemas = mock(KratosSchemas.class);

	private final IdentityNames names = new IdentityNames(this.schemas);

	@Test
	void aSchemaIsReadOnceForManyIdentities() {
		given(this.schemas.schema("names-username")).willReturn(USERNAME_SCHEMA);
		for (int i = 0; i < 100; i++) {
			assertThat(this.names.label(identity("names-username", Map.of("note", "x", "username", "u" + i))))
				.isEqualTo("u" + i);
		}
		then(this.schemas).should(times(1)).schema("names-username");
	}

	@Test
	void whenKratosDoesNotAnswerNamesComeFromTheTraitsAndTheFailureIsKeptBriefly() {
		given(this.schemas.schema("default")).willThrow(new KratosUnavailableException("down", null));
		assertThat(this.names.of(null).known()).isFalse();
		assertThat(this.names.label(identity("default", Map.of("email", "a@example.org")))).isEqualTo("a@example.org");
		then(this.schemas).should(times(1)).schema("default");
	}

	@Test
	void aSchemaKratosDoesNotServeIsUnknown() {
		given(this.schemas.schema("gone")).willThrow(new KratosRequestRejectedException(404, "not found"));
		assertThat(this.names.of("gone")).isEqualTo(SchemaNames.unknown("gone"));
		assertThat(SchemaNames.unknown("gone").identifiers()).isEqualTo(List.of());
	}

	private static IdentitySummary identity(String schemaId, Map<String, Object> traits) {
		return new IdentitySummary("0f9c6a2e-6c1b-4c1e-9a51-3c2f3f1e2d10", schemaId, traits, IdentityState.ACTIVE,
				false, null, null);
	}

}

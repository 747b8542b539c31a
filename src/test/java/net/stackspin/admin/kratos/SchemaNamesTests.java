package net.stackspin.admin.kratos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The one naming rule, on the project's schema and the tests' schemas without e-mail. */
class SchemaNamesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ID = "0f9c6a2e-6c1b-4c1e-9a51-3c2f3f1e2d10";

	@Test
	void stockSchemaNamesByEmailWithTheNameObjectInSchemaOrder() throws Exception {
		SchemaNames names = SchemaNames.of("default", schema("kratos/identity.schema.json"));
		Map<String, Object> name = new LinkedHashMap<>();
		name.put("last", "Lovelace");
		name.put("first", "Ada");
		IdentitySummary ada = identity("default", Map.of("email", "ada@example.org", "name", name));

		assertThat(names.label(ada)).isEqualTo("ada@example.org");
		assertThat(names.name(ada)).isEqualTo("Ada Lovelace");
		assertThat(names.identifierTitle()).isEqualTo("E-mail");
		assertThat(names.nameTitle()).isEqualTo("Name");
	}

	@Test
	void usernameOnlyIsNamedByTheUsername() throws Exception {
		SchemaNames names = SchemaNames.of("names-username",
				schema("src/test/resources/schemas/names-username.schema.json"));
		IdentitySummary ann = identity("names-username",
				Map.of("team", "Ops", "full_name", "Ann Smith", "username", "ann"));

		assertThat(names.label(ann)).isEqualTo("ann");
		assertThat(names.name(ann)).isEqualTo("Ann Smith");
		assertThat(names.identifierTitle()).isEqualTo("Username");
		assertThat(names.nameTitle()).isEqualTo("Full name");
	}

	@Test
	void phoneIsTheIdentifierEvenWhenDeclaredAfterAnotherTextTrait() throws Exception {
		SchemaNames names = SchemaNames.of("names-phone", schema("src/test/resources/schemas/names-phone.schema.json"));
		IdentitySummary phone = identity("names-phone", Map.of("nickname", "Bo", "phone", "+31201234567"));

		assertThat(names.label(phone)).isEqualTo("+31201234567");
		// a nickname is not a name column
		assertThat(names.name(phone)).isEmpty();
		assertThat(names.identifiers()).extracting(SchemaNames.Trait::format).containsExactly("tel");
	}

	@Test
	void aListOfEmailsIsNamedByItsFirstAddressThenTheUsername() throws Exception {
		SchemaNames names = SchemaNames.of("names-emails",
				schema("src/test/resources/schemas/names-emails.schema.json"));

		assertThat(names.label(identity("names-emails",
				Map.of("emails", List.of(" ", "first@example.org", "second@example.org"), "username", "cy"))))
			.isEqualTo("first@example.org");
		assertThat(names.label(identity("names-emails", Map.of("emails", List.of(), "username", "cy"))))
			.isEqualTo("cy");
		assertThat(names.identifiers()).extracting(SchemaNames.Trait::dotted).containsExactly("emails", "username");
		assertThat(names.isIdentifier("emails")).isTrue();
	}

	@Test
	void webauthnCodeAndPasskeyIdentifiersCountInDeclaredOrder() {
		Map<String, Object> schema = traits(Map.of("handle",
				Map.of("type", "string", "ory.sh/kratos",
						Map.of("credentials", Map.of("passkey", Map.of("display_name", true)))),
				"login", Map.of("type", "string", "ory.sh/kratos",
						Map.of("credentials", Map.of("webauthn", Map.of("identifier", true))))));
		SchemaNames names = SchemaNames.of("x", schema);

		// sign-in identifiers first, then what a passkey shows as the account name
		assertThat(names.identifiers()).extracting(SchemaNames.Trait::dotted).containsExactly("login");
		assertThat(names.accountNames()).extracting(SchemaNames.Trait::dotted).containsExactly("handle");
		assertThat(names.isIdentifier("login")).isTrue();
		assertThat(names.isIdentifier("handle")).isFalse();
		assertThat(names.label(identity("x", Map.of("handle", "Handle")))).isEqualTo("Handle");
	}

	@Test
	void withoutIdentifiersTheFirstTextTraitThenTheId() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("age", Map.of("type", "integer"));
		properties.put("contact", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));
		SchemaNames names = SchemaNames.of("x", traits(properties));

		assertThat(names.label(identity("x", Map.of("age", 3, "contact", Map.of("city", "Oslo"))))).isEqualTo("Oslo");
		assertThat(names.label(identity("x", Map.of("age", 3)))).isEqualTo(ID);
	}

	@Test
	void aSchemaKratosDoesNotServeNamesFromTheTraitsAlone() {
		SchemaNames names = SchemaNames.unknown("gone");

		assertThat(names.known()).isFalse();
		assertThat(names.label(identity("gone", Map.of("n", 1, "nested", Map.of("user", "zed"))))).isEqualTo("zed");
		assertThat(names.label(identity("gone", Map.of()))).isEqualTo(ID);
		assertThat(names.name(identity("gone", Map.of("name", "Zed")))).isEmpty();
	}

	@Test
	void givenAndFamilyNamesMakeTheName() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("email", Map.of("type", "string"));
		properties.put("given_name", Map.of("type", "string"));
		properties.put("family_name", Map.of("type", "string"));
		SchemaNames names = SchemaNames.of("x", traits(properties));

		assertThat(names.name(identity("x", Map.of("family_name", "Curie", "given_name", "Marie"))))
			.isEqualTo("Marie Curie");
		assertThat(names.nameTitle()).isNull();
	}

	private static Map<String, Object> traits(Map<String, Object> properties) {
		return Map.of("properties", Map.of("traits", Map.of("type", "object", "properties", properties)));
	}

	private static IdentitySummary identity(String schemaId, Map<String, Object> traits) {
		return new IdentitySummary(ID, schemaId, traits, IdentityState.ACTIVE, false, null, null);
	}

	private static Map<String, Object> schema(String file) throws Exception {
		return JSON.readValue(Files.readString(Path.of(file)), new TypeReference<LinkedHashMap<String, Object>>() {
		});
	}

}

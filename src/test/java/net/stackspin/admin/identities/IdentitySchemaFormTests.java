package net.stackspin.admin.identities;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The form model read from the project's identity schema and from the tests' extended
 * schema, and the conversion between form text and traits. Pure logic, no Kratos.
 */
class IdentitySchemaFormTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void stackspinSchemaGivesRequiredEmailAndNameFieldset() throws Exception {
		List<SchemaField> fields = IdentitySchemaForm.fields(schema("kratos/identity.schema.json"));
		assertThat(fields).extracting(SchemaField::path).containsExactly("email", "name");
		SchemaField email = fields.get(0);
		assertThat(email.kind()).isEqualTo(SchemaField.Kind.TEXT);
		assertThat(email.inputType()).isEqualTo("email");
		assertThat(email.required()).isTrue();
		assertThat(email.identifier()).isTrue();
		assertThat(email.title()).isEqualTo("E-mail");
		assertThat(email.minLength()).isEqualTo(3);
		assertThat(email.maxLength()).isEqualTo(320);
		SchemaField name = fields.get(1);
		assertThat(name.isObject()).isTrue();
		assertThat(name.children()).extracting(SchemaField::name)
			.containsExactly("traits.name.first", "traits.name.last");
		assertThat(name.children().get(0).maxLength()).isEqualTo(256);
		assertThat(name.children().get(0).required()).isFalse();
		assertThat(SchemaField.leaves(fields)).extracting(SchemaField::name)
			.containsExactly("traits.email", "traits.name.first", "traits.name.last");
	}

	@Test
	void extendedSchemaGivesEnumBooleanFormatsPatternAndList() throws Exception {
		Map<String, SchemaField> leaves = byPath(SchemaField
			.leaves(IdentitySchemaForm.fields(schema("src/test/resources/schemas/extended.schema.json"))));
		assertThat(leaves.get("department").kind()).isEqualTo(SchemaField.Kind.CHOICE);
		assertThat(leaves.get("department").options()).extracting(SchemaField.Option::label)
			.containsExactly("engineering", "sales", "support");
		assertThat(leaves.get("newsletter").kind()).isEqualTo(SchemaField.Kind.BOOLEAN);
		assertThat(leaves.get("website").inputType()).isEqualTo("url");
		assertThat(leaves.get("birthday").inputType()).isEqualTo("date");
		assertThat(leaves.get("username").pattern()).isEqualTo("^[a-z0-9._-]+$");
		assertThat(leaves.get("username").minLength()).isEqualTo(2);
		assertThat(leaves.get("aliases").kind()).isEqualTo(SchemaField.Kind.LIST);
		assertThat(leaves.get("name.first").title()).isEqualTo("First name");
	}

	@Test
	void formTextBecomesTypedNestedTraitsAndBack() throws Exception {
		List<SchemaField> fields = IdentitySchemaForm.fields(schema("src/test/resources/schemas/extended.schema.json"));
		List<SchemaField> leaves = SchemaField.leaves(fields);
		Map<String, String> values = Map.of("traits.email", "  a@example.org ", "traits.name.first", "Ada",
				"traits.newsletter", "false", "traits.aliases", "ada\n\n  lovelace  \n", "traits.department", "",
				"traits.name.last", "");
		Map<String, Problem> problems = new java.util.LinkedHashMap<>();
		var traits = TraitValues.traits(values, Set.of(), fields, problems);
		assertThat(problems).isEmpty();
		assertThat(traits.toString()).isEqualTo(
				"{\"email\":\"a@example.org\",\"name\":{\"first\":\"Ada\"},\"newsletter\":false,\"aliases\":[\"ada\",\"lovelace\"]}");
		@SuppressWarnings("unchecked")
		Map<String, String> back = TraitValues.flatten((Map<String, Object>) TraitJson.plain(traits), leaves);
		assertThat(back).containsEntry("traits.aliases", "ada\nlovelace")
			.containsEntry("traits.newsletter", "false")
			.containsEntry("traits.department", "")
			.containsEntry("traits.name.first", "Ada");
	}

	@Test
	void optionalObjectWithNothingInItIsLeftOut() throws Exception {
		List<SchemaField> fields = IdentitySchemaForm.fields(schema("kratos/identity.schema.json"));
		var traits = TraitValues.traits(Map.of("traits.email", "a@example.org", "traits.name.first", "  "), Set.of(),
				fields, new java.util.LinkedHashMap<>());
		assertThat(traits.toString()).isEqualTo("{\"email\":\"a@example.org\"}");
	}

	@Test
	void validationPutsEachProblemAtItsField() throws Exception {
		Map<String, Object> schema = schema("src/test/resources/schemas/extended.schema.json");
		Map<String, Problem> problems = problems(schema,
				Map.of("traits.email", "not-an-email", "traits.website", "example.org", "traits.birthday", "31.12.2000",
						"traits.username", "UPPER", "traits.department", "marketing", "traits.aliases", "ok\nALSO ok"));
		assertThat(problems).containsOnlyKeys("traits.email", "traits.website", "traits.birthday", "traits.username",
				"traits.department");
		assertThat(problems.get("traits.email").code()).isEqualTo("identity.error.format.email");
		assertThat(problems.get("traits.website").code()).isEqualTo("identity.error.format.uri");
		assertThat(problems.get("traits.birthday").code()).isEqualTo("identity.error.format.date");
		assertThat(problems.get("traits.username").code()).isEqualTo("identity.error.pattern");
		assertThat(problems.get("traits.department").code()).isEqualTo("identity.error.enum");
		assertThat(problems(schema, Map.of())).containsOnlyKeys("traits.email");
		assertThat(problems(schema, Map.of()).get("traits.email").code()).isEqualTo("identity.error.required");
	}

	@Test
	void validationCountsCharactersAgainstMaxLength() throws Exception {
		Map<String, Problem> problems = problems(schema("kratos/identity.schema.json"),
				Map.of("traits.email", "a@example.org", "traits.name.first", "x".repeat(10_000)));
		assertThat(problems).containsOnlyKeys("traits.name.first");
		assertThat(problems.get("traits.name.first").code()).isEqualTo("identity.error.maxLength");
		assertThat(problems.get("traits.name.first").args()).containsExactly(java.math.BigInteger.valueOf(256));
	}

	@Test
	void kratosExtensionKeysAreIgnoredNotRejected() throws Exception {
		assertThat(problems(schema("kratos/identity.schema.json"), Map.of("traits.email", "a@example.org"))).isEmpty();
	}

	private static Map<String, Problem> problems(Map<String, Object> schema, Map<String, String> values) {
		List<SchemaField> fields = IdentitySchemaForm.fields(schema);
		Map<String, Problem> problems = new java.util.LinkedHashMap<>();
		var traits = TraitValues.traits(values, Set.of(), fields, problems);
		TraitValues.validate(schema, traits, fields).forEach(problems::putIfAbsent);
		return problems;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> schema(String file) throws Exception {
		return JSON.readValue(Files.readString(Path.of(file)), Map.class);
	}

	private static Map<String, SchemaField> byPath(List<SchemaField> leaves) {
		Map<String, SchemaField> map = new java.util.LinkedHashMap<>();
		leaves.forEach((leaf) -> map.put(leaf.path(), leaf));
		return map;
	}

}

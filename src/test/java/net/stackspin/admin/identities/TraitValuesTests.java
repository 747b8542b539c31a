package net.stackspin.admin.identities;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Form text to typed JSON and back, and the schema's verdict at the fields, over the
 * corpus schemas. Pure logic, no Kratos.
 */
class TraitValuesTests {

	@Test
	void numbersStayExactBothWays() throws Exception {
		Map<String, Object> schema = corpus("numbers");
		JsonNode traits = traits(schema, Map.of("traits.email", "a@example.org", "traits.age", " 42 ", "traits.score",
				"4.0", "traits.member_number", "9007199254740993"));
		assertThat(traits.toString())
			.isEqualTo("{\"email\":\"a@example.org\",\"age\":42,\"score\":4,\"member_number\":9007199254740993}");
		// as the Kratos adapter reads them: numbers as their text (Gson's lazily parsed)
		Map<String, Object> stored = Map.of("age", new com.google.gson.internal.LazilyParsedNumber("42"),
				"member_number", new com.google.gson.internal.LazilyParsedNumber("9007199254740993"), "score", 42.0);
		Map<String, String> shown = TraitValues.flatten(stored, leaves(schema));
		assertThat(shown).containsEntry("traits.age", "42")
			.containsEntry("traits.member_number", "9007199254740993")
			.containsEntry("traits.score", "42");
		assertThat(TraitJson.plain(traits.get("member_number"))).isEqualTo(new BigInteger("9007199254740993"));
	}

	@Test
	void metadataNumbersAsKratosClientReadsThemAreWrittenExactly() {
		// the generated client keeps JSON numbers as their text (LazilyParsedNumber)
		assertThat(IdentityForm.json(Map.of("n", new com.google.gson.internal.LazilyParsedNumber("9007199254740993"))))
			.contains("9007199254740993");
	}

	@Test
	void wrongNumbersAreRefusedAtTheField() throws Exception {
		Map<String, Object> schema = corpus("numbers");
		Map<String, Problem> problems = problems(schema,
				Map.of("traits.email", "a@example.org", "traits.age", "4.5", "traits.score", "101"));
		assertThat(problems).containsOnlyKeys("traits.age", "traits.score");
		assertThat(problems.get("traits.age").code()).isEqualTo("identity.error.integer");
		assertThat(problems.get("traits.score").code()).isEqualTo("identity.error.maximum");
	}

	@Test
	void falseIsStoredAsFalseAndAnEmptyOptionalBooleanIsLeftOut() throws Exception {
		Map<String, Object> schema = corpus("booleans");
		JsonNode traits = traits(schema, Map.of("traits.email", "a@example.org", "traits.staff", "false"));
		assertThat(traits.toString()).isEqualTo("{\"email\":\"a@example.org\",\"staff\":false}");
		assertThat(TraitValues.defaults(leaves(schema))).containsEntry("traits.newsletter", "false")
			.containsEntry("traits.staff", "");
		assertThat(problems(schema, Map.of("traits.email", "a@example.org"))).containsOnlyKeys("traits.staff");
	}

	@Test
	void constWithoutTypeKeepsItsTypeAndIsPreselectedWhenRequired() throws Exception {
		Map<String, Object> schema = corpus("const");
		Map<String, String> defaults = TraitValues.defaults(leaves(schema));
		assertThat(defaults).containsEntry("traits.tos_accepted", "true")
			.containsEntry("traits.tenant", "\"stackspin\"")
			.containsEntry("traits.plan", "");
		Map<String, String> values = new LinkedHashMap<>(defaults);
		values.put("traits.email", "a@example.org");
		values.put("traits.plan", "2");
		assertThat(traits(schema, values).toString())
			.isEqualTo("{\"email\":\"a@example.org\",\"tos_accepted\":true,\"tenant\":\"stackspin\",\"plan\":2}");
	}

	@Test
	void enumWithEmptyTextHasOneOptionForItAndKeepsIt() throws Exception {
		Map<String, Object> schema = corpus("enums");
		SchemaField title = leaf(schema, "title");
		assertThat(title.options()).extracting(SchemaField.Option::value)
			.containsExactly("\"\"", "\"Dr.\"", "\"Prof.\"");
		assertThat(title.options().get(0).isEmptyText()).isTrue();
		JsonNode traits = traits(schema, Map.of("traits.email", "a@example.org", "traits.title", "\"\"", "traits.level",
				"3", "traits.ratio", "0.5"));
		assertThat(traits.toString())
			.isEqualTo("{\"email\":\"a@example.org\",\"title\":\"\",\"level\":3,\"ratio\":0.5}");
		// an identity holding "" can be saved again: the stored "" shows as its option
		assertThat(TraitValues.flatten(Map.of("title", ""), leaves(schema))).containsEntry("traits.title", "\"\"");
		assertThat(
				problems(schema, Map.of("traits.email", "a@example.org", "traits.title", "\"\"", "traits.level", "3")))
			.isEmpty();
	}

	@Test
	void listsAreTypedPerItem() throws Exception {
		Map<String, Object> schema = corpus("arrays");
		JsonNode traits = traits(schema,
				Map.of("traits.emails", "a@example.org\r\n\r\n b@example.org ", "traits.lucky_numbers", "7\n 42 "));
		assertThat(traits.toString())
			.isEqualTo("{\"emails\":[\"a@example.org\",\"b@example.org\"],\"lucky_numbers\":[7,42]}");
		assertThat(problems(schema, Map.of("traits.emails", "a@example.org", "traits.lucky_numbers", "7\nseven")))
			.containsOnlyKeys("traits.lucky_numbers");
		assertThat(problems(schema, Map.of("traits.emails", "not-an-email"))).containsOnlyKeys("traits.emails");
		assertThat(problems(schema, Map.of())).containsOnlyKeys("traits.emails");
	}

	@Test
	void dateTimeInputIsUtcAndStoredAsRfc3339() throws Exception {
		Map<String, Object> schema = corpus("formats");
		assertThat(leaf(schema, "joined").inputType()).isEqualTo("datetime-local");
		JsonNode traits = traits(schema,
				Map.of("traits.email", "a@example.org", "traits.joined", "2024-01-02T03:04:05"));
		assertThat(traits.get("joined").asString()).isEqualTo("2024-01-02T03:04:05Z");
		assertThat(TraitValues.flatten(Map.of("joined", "2024-01-02T05:04:05+02:00"), leaves(schema)))
			.containsEntry("traits.joined", "2024-01-02T03:04:05");
	}

	@Test
	void telFormatIsCheckedBeforeKratos() throws Exception {
		Map<String, Object> schema = corpus("phone");
		assertThat(leaf(schema, "phone").inputType()).isEqualTo("tel");
		assertThat(problems(schema, Map.of("traits.phone", "+49 171 1234567"))).isEmpty();
		assertThat(problems(schema, Map.of("traits.phone", "call me")).get("traits.phone").code())
			.isEqualTo("identity.error.format.tel");
	}

	@Test
	void requiredInsideARequiredObjectLandsAtTheNestedField() throws Exception {
		Map<String, Object> schema = corpus("nested");
		Map<String, Problem> problems = problems(schema,
				Map.of("traits.email", "a@example.org", "traits.name.first", "Ada", "traits.address.street", "Main"));
		assertThat(problems).containsOnlyKeys("traits.name.last", "traits.address.city");
		assertThat(problems.get("traits.name.last").code()).isEqualTo("identity.error.required");
	}

	@Test
	void aNulCharacterInAValueOrAKeyIsRefusedAtItsTrait() throws Exception {
		Map<String, Object> schema = corpus("nested");
		Map<String, Object> traits = Map.of("email", "a@example.org", "name", Map.of("first", "A\u0000", "last", "B"),
				"address", Map.of("street", "Main", "city", "Town"));
		Map<String, Problem> problems = TraitValues.validate(schema, TraitJson.tree(traits),
				IdentitySchemaForm.fields(schema));
		assertThat(problems).containsOnlyKeys("traits.name.first");
		assertThat(problems.get("traits.name.first").code()).isEqualTo("identity.error.nul");
		Map<String, Object> clean = Map.of("email", "a@example.org", "name", Map.of("first", "A", "last", "B"),
				"address", Map.of("street", "Main", "city", "Town"));
		assertThat(TraitValues.validate(schema, TraitJson.tree(clean), IdentitySchemaForm.fields(schema))).isEmpty();
		Map<String, Object> key = Map.of("email", "a@example.org", "name", Map.of("first", "A", "last", "B"), "address",
				Map.of("street", "Main", "city", "Town"), "x\u0000", "y");
		Problem atTheForm = TraitValues.validate(schema, TraitJson.tree(key), IdentitySchemaForm.fields(schema))
			.get(IdentityForm.FORM);
		assertThat(atTheForm.code()).isEqualTo("identity.error.at");
		assertThat(java.util.Arrays.toString(atTheForm.arguments())).contains("NUL").doesNotContain("\u0000");
	}

	@Test
	void storedTraitThatNoLongerFitsIsDriftedAndShownAsJson() throws Exception {
		Map<String, Object> schema = corpus("username");
		Map<String, Object> stored = Map.of("username", Map.of("first", "Ada"), "legacy", "x");
		List<SchemaField> leaves = leaves(schema);
		assertThat(TraitValues.drifted(stored, leaves)).containsExactly("traits.username");
		assertThat(TraitValues.flatten(stored, leaves).get("traits.username")).contains("\"first\" : \"Ada\"")
			.doesNotContain("{first=");
		Map<String, Problem> problems = TraitValues.validate(schema, TraitJson.tree(stored),
				IdentitySchemaForm.fields(schema));
		assertThat(problems.get("traits.username").code()).isEqualTo("identity.error.type");
		// a trait the schema does not allow concerns no input: above the form
		assertThat(problems.get(IdentityForm.FORM).code()).isEqualTo("identity.error.at");
	}

	@Test
	void detailShowsSchemaOrderAndTitlesThenUnknownTraitsByPath() throws Exception {
		Map<String, Object> schema = corpus("profile");
		Map<String, Object> stored = new LinkedHashMap<>();
		stored.put("zzz", "unknown");
		stored.put("office", 12);
		stored.put("email", "a@example.org");
		stored.put("name", Map.of("first", "Ada"));
		List<TraitValues.Shown> shown = TraitValues.display(stored, IdentitySchemaForm.fields(schema));
		assertThat(shown).extracting(TraitValues.Shown::path).containsExactly("email", "name.first", "office", "zzz");
		assertThat(shown).extracting(TraitValues.Shown::title)
			.containsExactly("Work e-mail", "First name", "Office number", "zzz");
	}

	private static JsonNode traits(Map<String, Object> schema, Map<String, String> values) {
		Map<String, Problem> problems = new LinkedHashMap<>();
		JsonNode traits = TraitValues.traits(values, Set.of(), IdentitySchemaForm.fields(schema), problems);
		assertThat(problems).isEmpty();
		return traits;
	}

	private static Map<String, Problem> problems(Map<String, Object> schema, Map<String, String> values) {
		List<SchemaField> fields = IdentitySchemaForm.fields(schema);
		Map<String, Problem> problems = new LinkedHashMap<>();
		JsonNode traits = TraitValues.traits(values, Set.of(), fields, problems);
		TraitValues.validate(schema, traits, fields).forEach(problems::putIfAbsent);
		return problems;
	}

	private static List<SchemaField> leaves(Map<String, Object> schema) {
		return SchemaField.leaves(IdentitySchemaForm.fields(schema));
	}

	private static SchemaField leaf(Map<String, Object> schema, String path) {
		return leaves(schema).stream().filter((leaf) -> leaf.path().equals(path)).findFirst().orElseThrow();
	}

	private static Map<String, Object> corpus(String name) throws Exception {
		return IdentitySchemaFormTests.schema("src/test/resources/schemas/corpus/" + name + ".schema.json");
	}

}

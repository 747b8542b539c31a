package net.stackspin.admin.identities;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between an identity's traits (JSON) and the text of the form's inputs (one per
 * leaf, keyed by {@code traits.<path>}), both ways by the schema's types, and puts the
 * schema's verdict ({@link TraitValidator}) at the fields.
 * <p>
 * Text is trimmed at both ends, every line of a list too; no trait keeps surrounding
 * whitespace (a JSON field keeps it inside its strings). An empty input leaves the trait
 * out; an optional object whose inputs are all empty is left out, not stored as
 * {@code {}}.
 */
final class TraitValues {

	/** What {@code datetime-local} inputs show and post: UTC, to the second. */
	private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

	private TraitValues() {
	}

	/** A form text that cannot become the trait's type; the problem goes at the field. */
	static final class NotTyped extends Exception {

		private final transient Problem problem;

		NotTyped(Problem problem) {
			super(problem.code(), null, false, false);
			this.problem = problem;
		}

		Problem problem() {
			return this.problem;
		}

	}

	/** The text each leaf shows for these traits; absent traits are empty strings. */
	static Map<String, String> flatten(Map<String, Object> traits, List<SchemaField> leaves) {
		JsonNode tree = TraitJson.tree(traits);
		Map<String, String> values = new LinkedHashMap<>();
		for (SchemaField leaf : leaves) {
			JsonNode value = lookup(tree, leaf.path());
			values.put(leaf.name(), fits(leaf, value) ? text(leaf, value) : TraitJson.pretty(value));
		}
		return values;
	}

	/**
	 * The leaves whose stored value no input of their kind can show (the schema changed
	 * since): the form shows them as JSON to fix in place.
	 */
	static Set<String> drifted(Map<String, Object> traits, List<SchemaField> leaves) {
		JsonNode tree = TraitJson.tree(traits);
		Set<String> drifted = new LinkedHashSet<>();
		for (SchemaField leaf : leaves) {
			if (!fits(leaf, lookup(tree, leaf.path()))) {
				drifted.add(leaf.name());
			}
		}
		return drifted;
	}

	/** The text of a create form before anything is typed: the schema's defaults. */
	static Map<String, String> defaults(List<SchemaField> leaves) {
		Map<String, String> values = new LinkedHashMap<>();
		for (SchemaField leaf : leaves) {
			JsonNode value = (leaf.defaultValue() != null) ? leaf.defaultValue() : null;
			if (value == null && leaf.kind() == SchemaField.Kind.CHOICE && leaf.required()
					&& leaf.options().size() == 1) {
				// a required const has one possible value: preselect it
				value = leaf.options().get(0).json();
			}
			values.put(leaf.name(), (value != null && fits(leaf, value)) ? text(leaf, value) : "");
		}
		return values;
	}

	/**
	 * The traits these form values stand for, following the field tree: empty values are
	 * left out, optional objects with nothing in them too. Texts that cannot become their
	 * type are put in {@code problems} and left out.
	 */
	static ObjectNode traits(Map<String, String> values, Set<String> asJson, List<SchemaField> fields,
			Map<String, Problem> problems) {
		ObjectNode traits = TraitJson.NODES.objectNode();
		fill(traits, values, asJson, fields, problems);
		return traits;
	}

	private static void fill(ObjectNode object, Map<String, String> values, Set<String> asJson,
			List<SchemaField> fields, Map<String, Problem> problems) {
		for (SchemaField field : fields) {
			String key = field.path().substring(field.path().lastIndexOf('.') + 1);
			if (field.isObject()) {
				ObjectNode child = TraitJson.NODES.objectNode();
				fill(child, values, asJson, field.children(), problems);
				if (!child.isEmpty() || field.required()) {
					object.set(key, child);
				}
				continue;
			}
			try {
				JsonNode value = typed(field, values.getOrDefault(field.name(), ""), asJson.contains(field.name()));
				if (value != null) {
					object.set(key, value);
				}
			}
			catch (NotTyped ex) {
				problems.putIfAbsent(field.name(), ex.problem());
			}
		}
	}

	/**
	 * The JSON value of a leaf's text, or null when the text is empty.
	 * @param asJson whether the input is the JSON textarea of a drifted trait
	 */
	static JsonNode typed(SchemaField leaf, String text, boolean asJson) throws NotTyped {
		String trimmed = (text != null) ? text.strip() : "";
		if (trimmed.isEmpty()) {
			return null;
		}
		if (asJson || leaf.kind() == SchemaField.Kind.JSON) {
			try {
				return TraitJson.parse(trimmed);
			}
			catch (JacksonException ex) {
				if (leaf.kind() == SchemaField.Kind.TEXT) {
					// typed as plain text into the JSON box: it is meant as the string
					return TraitJson.NODES.stringNode(trimmed);
				}
				throw new NotTyped(Problem.of("identity.error.json"));
			}
		}
		return switch (leaf.kind()) {
			case BOOLEAN -> bool(trimmed);
			case INTEGER -> integer(trimmed);
			case NUMBER -> number(trimmed);
			case CHOICE -> choice(leaf, text);
			case LIST -> list(leaf, trimmed);
			default -> TraitJson.NODES.stringNode(fromInput(leaf, trimmed));
		};
	}

	/** Whether two texts of a leaf mean the same trait value. */
	static boolean same(SchemaField leaf, String a, String b, boolean asJson) {
		try {
			JsonNode left = typed(leaf, a, asJson);
			JsonNode right = typed(leaf, b, asJson);
			return (left == null) ? right == null : left.equals(right);
		}
		catch (NotTyped ex) {
			return a.strip().equals(b.strip());
		}
	}

	private static JsonNode bool(String text) throws NotTyped {
		return switch (text) {
			case "true" -> TraitJson.NODES.booleanNode(true);
			case "false" -> TraitJson.NODES.booleanNode(false);
			default -> throw new NotTyped(Problem.of("identity.error.boolean"));
		};
	}

	private static JsonNode integer(String text) throws NotTyped {
		try {
			return TraitJson.NODES.numberNode(new BigDecimal(text).toBigIntegerExact());
		}
		catch (ArithmeticException | NumberFormatException ex) {
			throw new NotTyped(Problem.of("identity.error.integer"));
		}
	}

	private static JsonNode number(String text) throws NotTyped {
		try {
			return TraitJson.number(text);
		}
		catch (NumberFormatException ex) {
			throw new NotTyped(Problem.of("identity.error.number"));
		}
	}

	/**
	 * The option posted: its JSON, or (from older forms and scripts) a string option's
	 * plain text.
	 */
	private static JsonNode choice(SchemaField leaf, String text) throws NotTyped {
		for (SchemaField.Option option : leaf.options()) {
			if (option.value().equals(text)) {
				return option.json();
			}
		}
		for (SchemaField.Option option : leaf.options()) {
			if (option.json().isString() && option.label().equals(text.strip())) {
				return option.json();
			}
		}
		throw new NotTyped(Problem.of("identity.error.enum"));
	}

	private static JsonNode list(SchemaField leaf, String text) throws NotTyped {
		ArrayNode array = TraitJson.NODES.arrayNode();
		SchemaField item = new SchemaField(leaf.path(), leaf.title(), null, leaf.itemKind(), null, false, List.of(),
				null, null, null, null, null, null, null, false, List.of());
		for (String line : lines(text)) {
			try {
				array.add(typed(item, line, false));
			}
			catch (NotTyped ex) {
				throw new NotTyped(Problem.of("identity.error.listItem", line));
			}
		}
		return array.isEmpty() ? null : array;
	}

	private static List<String> lines(String text) {
		return Arrays.stream(text.split("\\R")).map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	/** A {@code datetime-local} value (UTC, no offset) as an RFC 3339 date-time. */
	private static String fromInput(SchemaField leaf, String text) {
		if ("date-time".equals(leaf.format())) {
			try {
				return LocalDateTime.parse(text)
					.atOffset(ZoneOffset.UTC)
					.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			}
			catch (DateTimeParseException ex) {
				// already with an offset, or not a date-time: the schema check says so
			}
		}
		return text;
	}

	/** Whether an input of the leaf's kind can show the stored value as it is. */
	static boolean fits(SchemaField leaf, JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return true;
		}
		return switch (leaf.kind()) {
			case TEXT -> value.isString();
			case INTEGER -> value.isIntegralNumber()
					|| (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
			case NUMBER -> value.isNumber();
			case BOOLEAN -> value.isBoolean();
			case CHOICE -> leaf.options().stream().anyMatch((option) -> option.json().equals(value));
			case LIST -> value.isArray() && listFits(leaf, value);
			default -> true;
		};
	}

	private static boolean listFits(SchemaField leaf, JsonNode array) {
		SchemaField item = new SchemaField(leaf.path(), leaf.title(), null, leaf.itemKind(), null, false, List.of(),
				null, null, null, null, null, null, null, false, List.of());
		for (JsonNode value : array.values()) {
			boolean blank = value.isString() && value.asString().isBlank();
			// a list item with a line break or blank cannot survive one-per-line text
			if (value.isNull() || blank || !fits(item, value)
					|| (value.isString() && value.asString().contains("\n"))) {
				return false;
			}
		}
		return true;
	}

	/** The text an input shows for a value that fits it. */
	static String text(SchemaField leaf, JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return "";
		}
		return switch (leaf.kind()) {
			case CHOICE -> TraitJson.compact(value);
			case LIST -> {
				List<String> lines = new ArrayList<>();
				value.values().forEach((item) -> lines.add(scalar(item)));
				yield String.join("\n", lines);
			}
			case JSON -> TraitJson.pretty(value);
			case TEXT -> toInput(leaf, value.asString());
			default -> scalar(value);
		};
	}

	/** An RFC 3339 date-time as a {@code datetime-local} input shows it (UTC). */
	private static String toInput(SchemaField leaf, String text) {
		if ("date-time".equals(leaf.format())) {
			try {
				return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).format(LOCAL_DATE_TIME);
			}
			catch (DateTimeParseException ex) {
				return text;
			}
		}
		return text;
	}

	/** A scalar as a person reads it: text as is, numbers exactly, true/false. */
	static String scalar(JsonNode value) {
		if (value.isString()) {
			return value.asString();
		}
		if (value.isNumber()) {
			return TraitJson.numberText(value);
		}
		return TraitJson.compact(value);
	}

	/** The value at a dotted path of nested objects, or null. */
	static JsonNode lookup(JsonNode traits, String path) {
		JsonNode current = traits;
		for (String key : path.split("\\.")) {
			if (current == null || !current.isObject()) {
				return null;
			}
			current = current.get(key);
		}
		return (current == null || current.isNull()) ? null : current;
	}

	/**
	 * The schema's verdict on these traits, each problem at the input of the trait it
	 * concerns (a list item's at the list); what concerns no input goes to
	 * {@link IdentityForm#FORM}.
	 */
	static Map<String, Problem> validate(Map<String, Object> schema, JsonNode traits, List<SchemaField> fields) {
		Map<String, SchemaField> byPath = new LinkedHashMap<>();
		SchemaField.all(fields).forEach((field) -> byPath.put(field.path(), field));
		Map<String, Problem> problems = new LinkedHashMap<>();
		List<TraitValidator.Violation> violations = new ArrayList<>();
		nulCharacters(traits, new ArrayList<>(), violations);
		violations.addAll(TraitValidator.validate(schema, traits));
		for (TraitValidator.Violation violation : violations) {
			SchemaField field = null;
			List<String> path = violation.path();
			for (int end = path.size(); end > 0 && field == null; end--) {
				field = byPath.get(String.join(".", path.subList(0, end)));
			}
			Problem problem = problem(violation);
			if (field != null && !field.isObject()) {
				problems.putIfAbsent(field.name(), problem);
			}
			else {
				String where = (field != null) ? field.title() : violation.dotted();
				problems.putIfAbsent(IdentityForm.FORM,
						Problem.of("identity.error.at", where.isEmpty() ? "traits" : where, violation.message()));
			}
		}
		return problems;
	}

	/**
	 * Text (values and keys) holding U+0000, which JSON allows and a schema does not
	 * refuse: Kratos would store it, and the apps reading the traits (C strings,
	 * PostgreSQL text) cut or refuse it (issue 24). Refused like a schema violation, at
	 * the trait it is in.
	 */
	private static void nulCharacters(JsonNode node, List<String> path, List<TraitValidator.Violation> found) {
		if (node == null) {
			return;
		}
		if (node.isString()) {
			if (node.asString().indexOf('\u0000') >= 0) {
				found.add(new TraitValidator.Violation(path, "nul", null, "contains a NUL character"));
			}
			return;
		}
		if (node.isObject()) {
			for (var entry : node.properties()) {
				List<String> inner = new ArrayList<>(path);
				inner.add(entry.getKey());
				if (entry.getKey().indexOf('\u0000') >= 0) {
					// at the object holding it: the key itself is not repeated in a
					// message
					found.add(new TraitValidator.Violation(path, "nul", null, "a key contains a NUL character"));
				}
				else {
					nulCharacters(entry.getValue(), inner, found);
				}
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				List<String> inner = new ArrayList<>(path);
				inner.add(String.valueOf(i));
				nulCharacters(node.get(i), inner, found);
			}
		}
	}

	/** Our sentence for a failed keyword; the library's for the rare others. */
	static Problem problem(TraitValidator.Violation violation) {
		Object argument = violation.argument();
		return switch (violation.keyword()) {
			case "required" -> Problem.of("identity.error.required");
			case "type" -> Problem.of("identity.error.type", argument);
			case "enum", "const" -> Problem.of("identity.error.enum");
			case "minLength" -> Problem.of("identity.error.minLength", argument);
			case "maxLength" -> Problem.of("identity.error.maxLength", argument);
			case "pattern" -> Problem.of("identity.error.pattern", argument);
			case "minimum", "exclusiveMinimum" -> Problem.of("identity.error." + violation.keyword(), argument);
			case "maximum", "exclusiveMaximum" -> Problem.of("identity.error." + violation.keyword(), argument);
			case "minItems" -> Problem.of("identity.error.minItems", argument);
			case "maxItems" -> Problem.of("identity.error.maxItems", argument);
			case "uniqueItems" -> Problem.of("identity.error.uniqueItems");
			case "nul" -> Problem.of("identity.error.nul");
			case "additionalProperties" -> Problem.of("identity.error.additional",
					violation.path().isEmpty() ? "" : violation.path().get(violation.path().size() - 1));
			case "format" -> formatProblem(argument);
			default -> Problem.of("identity.error.schema", violation.message());
		};
	}

	private static Problem formatProblem(Object format) {
		return switch (String.valueOf(format)) {
			case "email", "uri", "url", "date", "date-time", "tel" -> Problem.of("identity.error.format." + format);
			default -> Problem.of("identity.error.format", format);
		};
	}

	/**
	 * Every trait as its dotted path and text, in the schema's order with its titles;
	 * traits the schema does not know follow with their paths.
	 */
	static List<Shown> display(Map<String, Object> traits, List<SchemaField> fields) {
		JsonNode tree = TraitJson.tree(traits);
		List<Shown> shown = new ArrayList<>();
		Set<String> known = new LinkedHashSet<>();
		for (SchemaField leaf : SchemaField.leaves(fields)) {
			known.add(leaf.path());
			JsonNode value = lookup(tree, leaf.path());
			if (value != null) {
				shown.add(new Shown(leaf.path(), leaf.title(), shownText(leaf, value)));
			}
		}
		others(tree, "", known, SchemaField.all(fields), shown);
		return shown;
	}

	/**
	 * One trait on the detail page.
	 *
	 * @param path the dotted path ({@code name.first})
	 * @param title the schema's title, or the path for a trait the schema does not know
	 * @param text the value as the form would show it
	 */
	record Shown(String path, String title, String text) {
	}

	private static String shownText(SchemaField leaf, JsonNode value) {
		if (!fits(leaf, value)) {
			return TraitJson.compact(value);
		}
		return switch (leaf.kind()) {
			case CHOICE -> value.isString() ? value.asString() : TraitJson.compact(value);
			case LIST -> {
				List<String> items = new ArrayList<>();
				value.values().forEach((item) -> items.add(scalar(item)));
				yield String.join(", ", items);
			}
			case JSON -> TraitJson.compact(value);
			default -> scalar(value);
		};
	}

	private static void others(JsonNode node, String prefix, Set<String> known, List<SchemaField> all,
			List<Shown> shown) {
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String path = prefix + entry.getKey();
			if (known.contains(path) || entry.getValue().isNull()) {
				continue;
			}
			boolean knownObject = all.stream().anyMatch((field) -> field.isObject() && field.path().equals(path));
			if (entry.getValue().isObject() && knownObject) {
				others(entry.getValue(), path + ".", known, all, shown);
			}
			else {
				JsonNode value = entry.getValue();
				shown.add(new Shown(path, path, value.isValueNode() ? scalar(value) : TraitJson.compact(value)));
			}
		}
	}

}

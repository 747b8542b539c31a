package net.stackspin.admin.identities;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Traits as JSON trees with exact numbers, and back to the plain maps, lists, strings,
 * numbers and booleans the Kratos adapter sends. Numbers stay exact both ways: an integer
 * is a {@link BigInteger} ({@code 9007199254740993} stays that, {@code 42} never becomes
 * {@code 42.0}), any other number a {@link BigDecimal}.
 */
final class TraitJson {

	static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	static final JsonMapper JSON = JsonMapper.builder()
		.enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(tools.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
		.build();

	private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private TraitJson() {
	}

	/** The JSON tree of a plain value (maps, lists, strings, numbers, booleans). */
	static JsonNode tree(Object value) {
		if (value == null) {
			return NODES.nullNode();
		}
		if (value instanceof JsonNode node) {
			return node;
		}
		if (value instanceof Map<?, ?> map) {
			ObjectNode object = NODES.objectNode();
			map.forEach((key, item) -> object.set(String.valueOf(key), tree(item)));
			return object;
		}
		if (value instanceof List<?> list) {
			ArrayNode array = NODES.arrayNode();
			list.forEach((item) -> array.add(tree(item)));
			return array;
		}
		if (value instanceof Boolean bool) {
			return NODES.booleanNode(bool);
		}
		if (value instanceof Number number) {
			return number(number.toString());
		}
		return NODES.stringNode(value.toString());
	}

	/**
	 * An exact number node from its decimal text: integral values (also {@code 42.0} that
	 * Gson made of {@code 42}) as integers.
	 */
	static JsonNode number(String text) {
		BigDecimal decimal = new BigDecimal(text);
		if (decimal.signum() == 0) {
			return NODES.numberNode(BigInteger.ZERO);
		}
		BigDecimal stripped = decimal.stripTrailingZeros();
		if (stripped.scale() <= 0) {
			return NODES.numberNode(stripped.toBigIntegerExact());
		}
		return NODES.numberNode(stripped);
	}

	/** The plain value of a JSON tree: maps, lists, strings, exact numbers, booleans. */
	static Object plain(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				map.put(entry.getKey(), plain(entry.getValue()));
			}
			return map;
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>();
			node.values().forEach((item) -> list.add(plain(item)));
			return list;
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isIntegralNumber()) {
			return node.bigIntegerValue();
		}
		if (node.isNumber()) {
			return node.decimalValue();
		}
		return node.asString();
	}

	/** The text of a number as JSON writes it: {@code 42}, {@code 2.5}, no exponent. */
	static String numberText(JsonNode node) {
		if (node.isIntegralNumber()) {
			return node.bigIntegerValue().toString();
		}
		return node.decimalValue().stripTrailingZeros().toPlainString();
	}

	/** Compact JSON of a tree, for option values and comparisons. */
	static String compact(JsonNode node) {
		return JSON.writeValueAsString(node);
	}

	/** Indented JSON of a tree, for the admin to read and edit. */
	static String pretty(JsonNode node) {
		return PRETTY.writeValueAsString(node);
	}

	/** The tree of JSON text, numbers exact; a {@code JacksonException} if it is none. */
	static JsonNode parse(String text) {
		return JSON.readTree(text);
	}

}

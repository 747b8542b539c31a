package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads the traits of an identity schema (as Kratos serves it) into {@link SchemaField}s,
 * so a property added to the schema shows up in the forms without a code change. Local
 * {@code $ref}s ({@code #/definitions/...}) are followed; what no input fits becomes a
 * JSON field.
 */
final class IdentitySchemaForm {

	private IdentitySchemaForm() {
	}

	/** The fields of {@code properties.traits} of a Kratos identity schema. */
	static List<SchemaField> fields(Map<String, Object> schema) {
		JsonNode root = TraitJson.tree(schema);
		JsonNode traits = resolve(root, root.path("properties").path("traits"));
		return properties(root, traits, "");
	}

	private static List<SchemaField> properties(JsonNode root, JsonNode object, String prefix) {
		List<String> required = new ArrayList<>();
		object.path("required").values().forEach((name) -> required.add(name.asString()));
		List<SchemaField> fields = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : object.path("properties").properties()) {
			JsonNode schema = resolve(root, property.getValue());
			String title = text(property.getValue(), "title");
			if (title != null && schema != property.getValue()) {
				// a title beside a $ref names this use of the shared definition
				schema = ((tools.jackson.databind.node.ObjectNode) schema.deepCopy()).put("title", title);
			}
			fields.add(field(root, prefix + property.getKey(), property.getKey(), schema,
					required.contains(property.getKey())));
		}
		return fields;
	}

	private static SchemaField field(JsonNode root, String path, String key, JsonNode schema, boolean required) {
		String title = text(schema, "title");
		title = (title != null && !title.isBlank()) ? title : key;
		String format = text(schema, "format");
		List<SchemaField.Option> options = options(schema);
		String type = type(schema);
		SchemaField.Kind kind;
		SchemaField.Kind itemKind = null;
		List<SchemaField> children = List.of();
		if (!options.isEmpty()) {
			kind = SchemaField.Kind.CHOICE;
		}
		else if (schema.has("oneOf") || schema.has("anyOf") || schema.has("allOf") || schema.has("not")) {
			kind = SchemaField.Kind.JSON;
		}
		else if ("object".equals(type) || (type == null && schema.has("properties"))) {
			kind = SchemaField.Kind.OBJECT;
			children = properties(root, schema, path + ".");
		}
		else if ("array".equals(type)) {
			JsonNode items = resolve(root, schema.path("items"));
			itemKind = scalarKind(type(items));
			boolean plainItems = !items.has("enum") && !items.has("const") && !items.has("oneOf")
					&& !items.has("anyOf");
			kind = (itemKind != null && plainItems) ? SchemaField.Kind.LIST : SchemaField.Kind.JSON;
			itemKind = (kind == SchemaField.Kind.LIST) ? itemKind : null;
		}
		else if (type == null) {
			// no type: any JSON value, unless a format says it is text
			kind = (format != null) ? SchemaField.Kind.TEXT : SchemaField.Kind.JSON;
		}
		else {
			SchemaField.Kind scalar = scalarKind(type);
			kind = (scalar != null) ? scalar : SchemaField.Kind.JSON;
		}
		JsonNode defaultValue = schema.has("default") ? schema.get("default") : null;
		return new SchemaField(path, title, text(schema, "description"), kind, format, required, options, defaultValue,
				integer(schema, "minLength"), integer(schema, "maxLength"), text(schema, "pattern"),
				number(schema, "minimum"), number(schema, "maximum"), itemKind, isIdentifier(schema), children);
	}

	private static SchemaField.Kind scalarKind(String type) {
		if (type == null) {
			return null;
		}
		return switch (type) {
			case "string" -> SchemaField.Kind.TEXT;
			case "integer" -> SchemaField.Kind.INTEGER;
			case "number" -> SchemaField.Kind.NUMBER;
			case "boolean" -> SchemaField.Kind.BOOLEAN;
			default -> null;
		};
	}

	/** The one type a schema names; of a list of types, the one that is not null. */
	private static String type(JsonNode schema) {
		JsonNode type = schema.path("type");
		if (type.isString()) {
			return type.asString();
		}
		if (type.isArray()) {
			List<String> types = new ArrayList<>();
			type.values().forEach((t) -> {
				if (!"null".equals(t.asString())) {
					types.add(t.asString());
				}
			});
			// several types fit no single input
			return (types.size() == 1) ? types.get(0) : (types.isEmpty() ? null : "several");
		}
		return null;
	}

	/** The values of {@code enum}, or the one of {@code const}. */
	private static List<SchemaField.Option> options(JsonNode schema) {
		List<SchemaField.Option> options = new ArrayList<>();
		if (schema.has("const")) {
			options.add(option(schema.get("const")));
		}
		else if (schema.path("enum").isArray()) {
			schema.path("enum").values().forEach((value) -> options.add(option(value)));
		}
		return options;
	}

	private static SchemaField.Option option(JsonNode value) {
		String label = value.isString() ? value.asString() : TraitJson.compact(value);
		return new SchemaField.Option(TraitJson.compact(value), label, value);
	}

	/** The schema a local {@code $ref} points at, or the schema itself. */
	private static JsonNode resolve(JsonNode root, JsonNode schema) {
		JsonNode current = schema;
		for (int hops = 0; hops < 16 && current.path("$ref").isString(); hops++) {
			String ref = current.path("$ref").asString();
			if (!ref.startsWith("#")) {
				return current;
			}
			current = root.at(ref.substring(1));
		}
		return current;
	}

	/** Whether {@code ory.sh/kratos.credentials.*.identifier} is true. */
	private static boolean isIdentifier(JsonNode schema) {
		for (JsonNode method : schema.path("ory.sh/kratos").path("credentials").values()) {
			if (method.path("identifier").asBoolean(false)) {
				return true;
			}
		}
		return false;
	}

	private static String text(JsonNode schema, String key) {
		JsonNode value = schema.path(key);
		return value.isString() ? value.asString() : null;
	}

	private static Integer integer(JsonNode schema, String key) {
		JsonNode value = schema.path(key);
		return value.isNumber() ? value.intValue() : null;
	}

	private static String number(JsonNode schema, String key) {
		JsonNode value = schema.path(key);
		return value.isNumber() ? TraitJson.numberText(value) : null;
	}

}

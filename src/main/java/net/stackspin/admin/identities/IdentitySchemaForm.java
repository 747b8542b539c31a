package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the traits of an identity schema (as Kratos serves it) into {@link SchemaField}s,
 * so a property added to the schema shows up in the forms without a code change.
 */
final class IdentitySchemaForm {

	private IdentitySchemaForm() {
	}

	/** The fields of {@code properties.traits} of a Kratos identity schema. */
	static List<SchemaField> fields(Map<String, Object> schema) {
		Map<String, Object> traits = map(map(schema.get("properties")).get("traits"));
		return properties(traits, "");
	}

	private static List<SchemaField> properties(Map<String, Object> object, String prefix) {
		List<String> required = strings(object.get("required"));
		List<SchemaField> fields = new ArrayList<>();
		for (Map.Entry<String, Object> property : map(object.get("properties")).entrySet()) {
			fields.add(field(prefix + property.getKey(), property.getKey(), map(property.getValue()),
					required.contains(property.getKey())));
		}
		return fields;
	}

	private static SchemaField field(String path, String key, Map<String, Object> schema, boolean required) {
		String title = (schema.get("title") instanceof String t && !t.isBlank()) ? t : key;
		String type = (schema.get("type") instanceof String t) ? t : "string";
		String format = (schema.get("format") instanceof String f) ? f : null;
		List<String> enumValues = strings(schema.get("enum"));
		SchemaField.Kind kind;
		List<SchemaField> children = List.of();
		if ("object".equals(type)) {
			kind = SchemaField.Kind.OBJECT;
			children = properties(schema, path + ".");
		}
		else if ("boolean".equals(type)) {
			kind = SchemaField.Kind.BOOLEAN;
		}
		else if ("integer".equals(type)) {
			kind = SchemaField.Kind.INTEGER;
		}
		else if ("number".equals(type)) {
			kind = SchemaField.Kind.NUMBER;
		}
		else if ("array".equals(type)) {
			kind = SchemaField.Kind.STRING_LIST;
		}
		else if (!enumValues.isEmpty()) {
			kind = SchemaField.Kind.ENUM;
		}
		else {
			kind = SchemaField.Kind.TEXT;
		}
		return new SchemaField(path, title, kind, format, required, enumValues, integer(schema.get("minLength")),
				integer(schema.get("maxLength")), (schema.get("pattern") instanceof String p) ? p : null,
				isIdentifier(schema), children);
	}

	/** Whether {@code ory.sh/kratos.credentials.*.identifier} is true. */
	private static boolean isIdentifier(Map<String, Object> schema) {
		Map<String, Object> credentials = map(map(schema.get("ory.sh/kratos")).get("credentials"));
		return credentials.values().stream().anyMatch((method) -> Boolean.TRUE.equals(map(method).get("identifier")));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static List<String> strings(Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	private static Integer integer(Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}

}

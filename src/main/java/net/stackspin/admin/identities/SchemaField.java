package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One trait of an identity schema as the form renders it. Objects have children; every
 * other kind is a leaf with one input named {@code traits.<path>}.
 *
 * @param path the dotted trait path, e.g. {@code name.first}
 * @param title the schema's {@code title}, or the property name
 * @param description the schema's {@code description}, or null
 * @param kind which input renders it
 * @param format the string {@code format} ({@code email}, {@code uri}, {@code date},
 * {@code date-time}, {@code tel}, ...), or null
 * @param required whether the schema requires it
 * @param options the allowed values of an {@code enum} or {@code const}
 * @param defaultValue the schema's {@code default}, or null
 * @param minLength {@code minLength}, or null
 * @param maxLength {@code maxLength}, or null
 * @param pattern {@code pattern}, or null
 * @param minimum {@code minimum} as text, or null
 * @param maximum {@code maximum} as text, or null
 * @param itemKind the kind of each item of a {@link Kind#LIST} (TEXT, INTEGER, NUMBER or
 * BOOLEAN), or null
 * @param identifier whether Kratos uses it as a sign-in identifier (duplicates are
 * reported there)
 * @param children the properties of an object
 */
public record SchemaField(String path, String title, String description, Kind kind, String format, boolean required,
		List<Option> options, JsonNode defaultValue, Integer minLength, Integer maxLength, String pattern,
		String minimum, String maximum, Kind itemKind, boolean identifier, List<SchemaField> children) {

	/**
	 * How a trait is entered. {@link #JSON} takes whatever the form cannot offer an input
	 * for (arrays of objects, {@code oneOf}, several types): its JSON as text.
	 */
	public enum Kind {

		TEXT, INTEGER, NUMBER, BOOLEAN, CHOICE, LIST, JSON, OBJECT

	}

	/**
	 * One value of an {@code enum} or {@code const}.
	 *
	 * @param value what the form posts: the JSON of the value ({@code "sales"},
	 * {@code 3}, {@code ""})
	 * @param label what the admin reads: a string as it is, anything else as JSON
	 * @param json the value itself
	 */
	public record Option(String value, String label, JsonNode json) {

		/** Whether this is the empty string, which gets a label of its own. */
		public boolean isEmptyText() {
			return this.json.isString() && this.json.asString().isEmpty();
		}

	}

	public SchemaField {
		options = List.copyOf(options);
		children = List.copyOf(children);
	}

	/** The request parameter (and element id) of a leaf. */
	public String name() {
		return "traits." + this.path;
	}

	/** The HTML input type of a one-line leaf. */
	public String inputType() {
		if (this.kind == Kind.NUMBER || this.kind == Kind.INTEGER) {
			return "number";
		}
		if (this.format == null) {
			return "text";
		}
		return switch (this.format) {
			case "email" -> "email";
			case "uri", "url" -> "url";
			case "date" -> "date";
			case "tel" -> "tel";
			// datetime-local holds no offset: the form shows and reads UTC (TraitValues)
			case "date-time" -> "datetime-local";
			default -> "text";
		};
	}

	/**
	 * Whether one of the options posts this text (else a select shows its blank option).
	 */
	public boolean hasOption(String value) {
		return this.options.stream().anyMatch((option) -> option.value().equals(value));
	}

	public boolean isObject() {
		return this.kind == Kind.OBJECT;
	}

	/** This field and its descendants that have an input, depth first. */
	public static List<SchemaField> leaves(List<SchemaField> fields) {
		List<SchemaField> leaves = new ArrayList<>();
		for (SchemaField field : fields) {
			if (field.isObject()) {
				leaves.addAll(leaves(field.children()));
			}
			else {
				leaves.add(field);
			}
		}
		return leaves;
	}

	/** Every field, objects too, depth first. */
	public static List<SchemaField> all(List<SchemaField> fields) {
		List<SchemaField> all = new ArrayList<>();
		for (SchemaField field : fields) {
			all.add(field);
			all.addAll(all(field.children()));
		}
		return all;
	}

}

package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.List;

/**
 * One trait of an identity schema as the form renders it. Objects have children; every
 * other kind is a leaf with one input named {@code traits.<path>}.
 *
 * @param path the dotted trait path, e.g. {@code name.first}
 * @param title the schema's {@code title}, or the property name
 * @param kind which input renders it
 * @param format the string {@code format} ({@code email}, {@code uri}, {@code date}), or
 * null
 * @param required whether the schema requires it
 * @param enumValues the allowed values of an enum
 * @param minLength {@code minLength}, or null
 * @param maxLength {@code maxLength}, or null
 * @param pattern {@code pattern}, or null
 * @param identifier whether Kratos uses it as a sign-in identifier (duplicates are
 * reported there)
 * @param children the properties of an object
 */
public record SchemaField(String path, String title, Kind kind, String format, boolean required,
		List<String> enumValues, Integer minLength, Integer maxLength, String pattern, boolean identifier,
		List<SchemaField> children) {

	public enum Kind {

		TEXT, ENUM, BOOLEAN, NUMBER, INTEGER, STRING_LIST, OBJECT

	}

	public SchemaField {
		enumValues = List.copyOf(enumValues);
		children = List.copyOf(children);
	}

	/** The request parameter (and element id) of a leaf. */
	public String name() {
		return "traits." + this.path;
	}

	/** The HTML input type of a text-like leaf. */
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
			default -> "text";
		};
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

}

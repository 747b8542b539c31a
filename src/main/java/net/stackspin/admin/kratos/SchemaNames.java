package net.stackspin.admin.kratos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an identity schema says about naming its identities: the traits Kratos signs in
 * with ({@code ory.sh/kratos.credentials.*.identifier}), the other text traits, and a
 * name-like trait, each in the order the schema declares them. One rule names every
 * identity in the panel: {@link #label(IdentitySummary)}.
 *
 * @param schemaId the schema's id
 * @param known whether Kratos serves this schema (false: names come from the traits
 * alone)
 * @param identifiers the sign-in identifiers ({@code credentials_identifier} finds them)
 * @param accountNames the traits a passkey or TOTP app shows as the account name
 * @param texts every other string trait (or list of strings)
 * @param name the traits that make up a person's name (one, the text properties of a name
 * object, or given + family), possibly none
 * @param nameTitle the title of the name column: the name trait's own when the name is
 * one trait or object, else null
 */
public record SchemaNames(String schemaId, boolean known, List<Trait> identifiers, List<Trait> accountNames,
		List<Trait> texts, List<Trait> name, String nameTitle) {

	/** Property names (lower case, without {@code _}/{@code -}) read as a whole name. */
	private static final Set<String> WHOLE_NAME = Set.of("name", "fullname", "displayname");

	private static final Set<String> GIVEN_NAME = Set.of("firstname", "givenname", "first");

	private static final Set<String> FAMILY_NAME = Set.of("lastname", "familyname", "surname", "last");

	public SchemaNames {
		identifiers = List.copyOf(identifiers);
		accountNames = List.copyOf(accountNames);
		texts = List.copyOf(texts);
		name = List.copyOf(name);
	}

	/**
	 * One trait the naming rule reads.
	 *
	 * @param path the property names from {@code traits} down, e.g.
	 * {@code [contact, email]}
	 * @param title the schema's {@code title}, or the property name
	 * @param format the string {@code format} ({@code email}, {@code tel}, ...), or null
	 */
	public record Trait(List<String> path, String title, String format) {

		public Trait {
			path = List.copyOf(path);
		}

		/** The dotted path, e.g. {@code contact.email}, as the forms name it. */
		public String dotted() {
			return String.join(".", this.path);
		}

		/**
		 * The first non-blank text at this path: a string, the first string of a list, or
		 * the strings of an object joined by spaces.
		 */
		public String text(Map<String, Object> traits) {
			Object value = traits;
			for (String key : this.path) {
				if (!(value instanceof Map<?, ?> map)) {
					return "";
				}
				value = map.get(key);
			}
			return SchemaNames.text(value);
		}

	}

	/** Names for an identity whose schema Kratos does not serve (or could not say). */
	public static SchemaNames unknown(String schemaId) {
		return new SchemaNames(schemaId, false, List.of(), List.of(), List.of(), List.of(), null);
	}

	/** Reads the naming traits from an identity schema as Kratos serves it. */
	public static SchemaNames of(String schemaId, Map<String, Object> schema) {
		List<Trait> identifiers = new ArrayList<>();
		List<Trait> accountNames = new ArrayList<>();
		List<Trait> texts = new ArrayList<>();
		List<Trait> whole = new ArrayList<>();
		List<Trait> given = new ArrayList<>();
		List<Trait> family = new ArrayList<>();
		walk(map(map(map(schema.get("properties")).get("traits")).get("properties")), List.of(),
				new Collector(identifiers, accountNames, texts, whole, given, family));
		List<Trait> name;
		String nameTitle = null;
		if (!whole.isEmpty()) {
			Trait trait = whole.get(0);
			nameTitle = trait.title();
			// an object ({first, last}): its text properties, in the schema's order
			List<Trait> parts = texts.stream()
				.filter((text) -> text.path().size() > trait.path().size()
						&& text.path().subList(0, trait.path().size()).equals(trait.path()))
				.toList();
			name = parts.isEmpty() ? List.of(trait) : parts;
		}
		else if (!given.isEmpty() || !family.isEmpty()) {
			name = new ArrayList<>();
			if (!given.isEmpty()) {
				name.add(given.get(0));
			}
			if (!family.isEmpty()) {
				name.add(family.get(0));
			}
		}
		else {
			name = List.of();
		}
		return new SchemaNames(schemaId, true, identifiers, accountNames, texts, name, nameTitle);
	}

	private record Collector(List<Trait> identifiers, List<Trait> accountNames, List<Trait> texts, List<Trait> whole,
			List<Trait> given, List<Trait> family) {
	}

	private static void walk(Map<String, Object> properties, List<String> parent, Collector into) {
		for (Map.Entry<String, Object> property : properties.entrySet()) {
			Map<String, Object> schema = map(property.getValue());
			List<String> path = new ArrayList<>(parent);
			path.add(property.getKey());
			String type = type(schema);
			// a list of identifiers carries the extension on its items
			Map<String, Object> valueSchema = "array".equals(type) ? map(schema.get("items")) : schema;
			String title = (schema.get("title") instanceof String t && !t.isBlank()) ? t : property.getKey();
			String format = (valueSchema.get("format") instanceof String f) ? f : null;
			Trait trait = new Trait(path, title, format);
			String key = property.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
			if ("object".equals(type)) {
				if (parent.isEmpty() && WHOLE_NAME.contains(key)) {
					into.whole().add(trait);
				}
				walk(map(schema.get("properties")), path, into);
				continue;
			}
			Map<String, Object> credentials = map(map(valueSchema.get("ory.sh/kratos")).get("credentials"));
			if (credentials.values()
				.stream()
				.anyMatch((method) -> Boolean.TRUE.equals(map(method).get("identifier")))) {
				into.identifiers().add(trait);
				continue;
			}
			if (Boolean.TRUE.equals(map(credentials.get("passkey")).get("display_name"))
					|| Boolean.TRUE.equals(map(credentials.get("totp")).get("account_name"))) {
				into.accountNames().add(trait);
			}
			if (!"string".equals(type(valueSchema))) {
				continue;
			}
			into.texts().add(trait);
			if (WHOLE_NAME.contains(key) && parent.isEmpty()) {
				into.whole().add(trait);
			}
			else if (GIVEN_NAME.contains(key)) {
				into.given().add(trait);
			}
			else if (FAMILY_NAME.contains(key)) {
				into.family().add(trait);
			}
		}
	}

	/**
	 * The label of an identity: its first sign-in identifier the schema declares, else
	 * the first trait a passkey or TOTP app shows as its account name, else its first
	 * text trait, else its id.
	 */
	public String label(IdentitySummary identity) {
		return label(identity.id(), identity.traits());
	}

	/** {@link #label(IdentitySummary)} for an identity given by its parts. */
	public String label(String id, Map<String, Object> traits) {
		for (Trait trait : this.identifiers) {
			String text = trait.text(traits);
			if (!text.isEmpty()) {
				return text;
			}
		}
		for (Trait trait : this.accountNames) {
			String text = trait.text(traits);
			if (!text.isEmpty()) {
				return text;
			}
		}
		for (Trait trait : this.texts) {
			String text = trait.text(traits);
			if (!text.isEmpty()) {
				return text;
			}
		}
		// traits the schema does not declare (or a schema Kratos no longer serves)
		String text = firstText(traits);
		return text.isEmpty() ? String.valueOf(id) : text;
	}

	/** The person's name from the name-like traits, or an empty string. */
	public String name(IdentitySummary identity) {
		List<String> parts = new ArrayList<>();
		for (Trait trait : this.name) {
			String text = trait.text(identity.traits());
			if (!text.isEmpty()) {
				parts.add(text);
			}
		}
		return String.join(" ", parts);
	}

	/** The title of the first identifier, e.g. "E-mail" or "Username", or null. */
	public String identifierTitle() {
		return this.identifiers.isEmpty() ? null : this.identifiers.get(0).title();
	}

	/** Whether Kratos signs in with the trait at this dotted path (or its items). */
	public boolean isIdentifier(String dottedPath) {
		return this.identifiers.stream().anyMatch((trait) -> trait.dotted().equals(dottedPath));
	}

	static String text(Object value) {
		if (value instanceof String text) {
			return text.strip();
		}
		if (value instanceof List<?> list) {
			for (Object item : list) {
				String text = text(item);
				if (!text.isEmpty()) {
					return text;
				}
			}
			return "";
		}
		if (value instanceof Map<?, ?> map) {
			List<String> parts = new ArrayList<>();
			for (Object item : map.values()) {
				if (item instanceof String text && !text.isBlank()) {
					parts.add(text.strip());
				}
			}
			return String.join(" ", parts);
		}
		return "";
	}

	/** The first string found in the traits, depth first. */
	private static String firstText(Object value) {
		if (value instanceof String text) {
			return text.strip();
		}
		Iterable<?> children = (value instanceof Map<?, ?> map) ? map.values()
				: (value instanceof List<?> list) ? list : List.of();
		for (Object child : children) {
			String text = firstText(child);
			if (!text.isEmpty()) {
				return text;
			}
		}
		return "";
	}

	private static String type(Map<String, Object> schema) {
		Object type = schema.get("type");
		if (type instanceof String text) {
			return text;
		}
		// ["string", "null"]: the first non-null type
		if (type instanceof List<?> types) {
			return types.stream()
				.filter(String.class::isInstance)
				.map(String.class::cast)
				.filter((t) -> !"null".equals(t))
				.findFirst()
				.orElse("");
		}
		if (schema.containsKey("properties")) {
			return "object";
		}
		return (schema.get("const") instanceof String || schema.get("enum") instanceof List<?>
				|| schema.containsKey("format")) ? "string" : "";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

}

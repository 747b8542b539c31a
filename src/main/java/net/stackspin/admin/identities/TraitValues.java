package net.stackspin.admin.identities;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Converts between an identity's traits (nested maps) and the flat text values of the
 * form (one per leaf, keyed by {@code traits.<path>}), and checks typed text against the
 * schema's constraints so errors land at the field before Kratos is asked.
 */
final class TraitValues {

	/** Deliberately loose: Kratos has the last word; this catches obvious typos. */
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

	private TraitValues() {
	}

	/** The text each leaf shows for these traits; absent traits are empty strings. */
	static Map<String, String> flatten(Map<String, Object> traits, List<SchemaField> leaves) {
		Map<String, String> values = new LinkedHashMap<>();
		for (SchemaField leaf : leaves) {
			values.put(leaf.name(), text(leaf, lookup(traits, leaf.path())));
		}
		return values;
	}

	/** The traits these form values stand for; empty values are left out. */
	static Map<String, Object> traits(Map<String, String> values, List<SchemaField> leaves) {
		Map<String, Object> traits = new LinkedHashMap<>();
		for (SchemaField leaf : leaves) {
			Object value = typed(leaf, values.getOrDefault(leaf.name(), ""));
			if (value != null) {
				put(traits, leaf.path().split("\\."), value);
			}
		}
		return traits;
	}

	/** The JSON value of a leaf's text, or null when the text is empty. */
	static Object typed(SchemaField leaf, String text) {
		String trimmed = (text != null) ? text.strip() : "";
		return switch (leaf.kind()) {
			case BOOLEAN -> "true".equals(trimmed) ? Boolean.TRUE : null;
			case STRING_LIST -> {
				List<String> items = lines(trimmed);
				yield items.isEmpty() ? null : items;
			}
			case INTEGER -> trimmed.isEmpty() ? null : parseNumber(trimmed, true);
			case NUMBER -> trimmed.isEmpty() ? null : parseNumber(trimmed, false);
			default -> (text == null || text.isEmpty()) ? null : text;
		};
	}

	/** What is wrong with the typed values, by parameter name; empty if nothing. */
	static Map<String, Problem> validate(Map<String, String> values, List<SchemaField> leaves) {
		Map<String, Problem> problems = new LinkedHashMap<>();
		for (SchemaField leaf : leaves) {
			String text = values.getOrDefault(leaf.name(), "");
			Problem problem = problem(leaf, text);
			if (problem != null) {
				problems.put(leaf.name(), problem);
			}
		}
		return problems;
	}

	private static Problem problem(SchemaField leaf, String text) {
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			return (leaf.required() && leaf.kind() != SchemaField.Kind.BOOLEAN) ? Problem.of("identity.error.required")
					: null;
		}
		switch (leaf.kind()) {
			case INTEGER, NUMBER -> {
				return (parseNumber(trimmed, leaf.kind() == SchemaField.Kind.INTEGER) == null)
						? Problem.of("identity.error.number") : null;
			}
			case ENUM -> {
				return leaf.enumValues().contains(text) ? null : Problem.of("identity.error.enum");
			}
			case STRING_LIST -> {
				for (String item : lines(trimmed)) {
					Problem problem = stringProblem(leaf, item);
					if (problem != null) {
						return problem;
					}
				}
				return null;
			}
			case BOOLEAN -> {
				return null;
			}
			default -> {
				return stringProblem(leaf, text);
			}
		}
	}

	private static Problem stringProblem(SchemaField leaf, String text) {
		int length = text.codePointCount(0, text.length());
		if (leaf.maxLength() != null && length > leaf.maxLength()) {
			return Problem.of("identity.error.maxLength", leaf.maxLength(), length);
		}
		if (leaf.minLength() != null && length < leaf.minLength()) {
			return Problem.of("identity.error.minLength", leaf.minLength());
		}
		if (leaf.pattern() != null) {
			try {
				if (!Pattern.compile(leaf.pattern()).matcher(text).find()) {
					return Problem.of("identity.error.pattern", leaf.pattern());
				}
			}
			catch (PatternSyntaxException ex) {
				// a pattern Java cannot read: leave the check to Kratos
			}
		}
		if (leaf.format() != null) {
			boolean valid = switch (leaf.format()) {
				case "email" -> EMAIL.matcher(text).matches();
				case "uri", "url" -> isAbsoluteUri(text);
				case "date" -> isDate(text);
				default -> true;
			};
			if (!valid) {
				return Problem.of("identity.error.format." + leaf.format());
			}
		}
		return null;
	}

	private static boolean isAbsoluteUri(String text) {
		try {
			return new URI(text).isAbsolute();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static boolean isDate(String text) {
		try {
			LocalDate.parse(text);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private static Number parseNumber(String text, boolean integer) {
		try {
			BigDecimal number = new BigDecimal(text);
			if (integer) {
				return number.longValueExact();
			}
			return number.doubleValue();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			return null;
		}
	}

	private static List<String> lines(String text) {
		return Arrays.stream(text.split("\\R")).map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	private static String text(SchemaField leaf, Object value) {
		if (value == null) {
			return "";
		}
		if (leaf.kind() == SchemaField.Kind.BOOLEAN) {
			return Boolean.TRUE.equals(value) ? "true" : "";
		}
		if (value instanceof List<?> list) {
			return String.join("\n", list.stream().map(String::valueOf).toList());
		}
		if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
			// Gson reads every JSON number as a double; 3 is shown as 3, not 3.0
			return Long.toString(number.longValue());
		}
		return value.toString();
	}

	/**
	 * Every trait as dotted path and text, whatever the schema says (the detail page
	 * shows what Kratos stores).
	 */
	static Map<String, String> display(Map<String, Object> traits) {
		Map<String, String> shown = new LinkedHashMap<>();
		display(traits, "", shown);
		return shown;
	}

	private static void display(Map<?, ?> map, String prefix, Map<String, String> shown) {
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String path = prefix + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> nested) {
				display(nested, path + ".", shown);
			}
			else if (entry.getValue() instanceof List<?> list) {
				shown.put(path, String.join(", ", list.stream().map(String::valueOf).toList()));
			}
			else {
				shown.put(path, String.valueOf(entry.getValue()));
			}
		}
	}

	/** The value at a dotted path of nested maps, or null. */
	static Object lookup(Map<String, Object> traits, String path) {
		Object current = traits;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> traits, String[] keys, Object value) {
		Map<String, Object> current = traits;
		for (int i = 0; i < keys.length - 1; i++) {
			current = (Map<String, Object>) current.computeIfAbsent(keys[i],
					(k) -> new LinkedHashMap<String, Object>());
		}
		current.put(keys[keys.length - 1], value);
	}

}

package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks traits against an identity schema with a JSON Schema library, as Kratos does
 * before it stores them, so the admin sees every problem at its field before Kratos is
 * asked. Kratos v1.3.1 validates with {@code ory/jsonschema} (a fork of
 * santhosh-tekuri/jsonschema), Draft 7 unless the schema's {@code $schema} says
 * otherwise, with format assertions on; the same here. Kratos's own {@code ory.sh/kratos}
 * keys are unknown keywords to the library and so ignored.
 */
final class TraitValidator {

	/**
	 * Kratos knows the format {@code tel} (phone numbers, for SMS codes), which JSON
	 * Schema does not: an international number, {@code +} and 6 to 15 digits, spaces,
	 * dashes, dots and brackets allowed between them.
	 */
	private static final Format TEL = new Format() {

		private static final Pattern NUMBER = Pattern.compile("\\+[1-9][0-9]{5,14}");

		@Override
		public String getName() {
			return "tel";
		}

		@Override
		public boolean matches(ExecutionContext context, String value) {
			return NUMBER.matcher(value.replaceAll("[\\s().-]", "")).matches();
		}

	};

	/**
	 * Kratos's {@code email} format (santhosh-tekuri/jsonschema's {@code isEmail}): at
	 * most 254 characters, a local part of at most 64 that Go's {@code net/mail} parses,
	 * and a domain that is a host name (labels of letters, digits and inner hyphens) or a
	 * bracketed IP address — with no list of top-level domains, so
	 * {@code admin@stackspin.local} is an address, as Kratos says (the library's own
	 * check refused it).
	 */
	static final Format EMAIL = new Format() {

		private static final Pattern DOT_ATOM = Pattern
			.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

		private static final Pattern QUOTED = Pattern.compile("\"([^\"\\\\\\r\\n]|\\\\.)*\"");

		private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

		private static final Pattern IPV4 = Pattern.compile(
				"((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

		@Override
		public String getName() {
			return "email";
		}

		@Override
		public boolean matches(ExecutionContext context, String value) {
			int at = value.lastIndexOf('@');
			if (value.length() > 254 || at <= 0) {
				return false;
			}
			String local = value.substring(0, at);
			String domain = value.substring(at + 1);
			if (local.length() > 64 || !(DOT_ATOM.matcher(local).matches() || QUOTED.matcher(local).matches())) {
				return false;
			}
			if (domain.length() >= 2 && domain.startsWith("[") && domain.endsWith("]")) {
				String address = domain.substring(1, domain.length() - 1);
				return address.startsWith("IPv6:") ? address.length() > 5 && address.substring(5).contains(":")
						: IPV4.matcher(address).matches();
			}
			String host = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
			if (host.isEmpty() || host.length() > 253) {
				return false;
			}
			for (String label : host.split("\\.", -1)) {
				if (!LABEL.matcher(label).matches()) {
					return false;
				}
			}
			return true;
		}

	};

	private static final Dialect DRAFT_7 = Dialect.builder(Dialects.getDraft7()).format(TEL).format(EMAIL).build();

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(DRAFT_7, (builder) -> builder.schemaRegistryConfig(
				SchemaRegistryConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build()));

	/** Compiled schemas by their JSON: a handful per Kratos, compiled once. */
	private static final Map<JsonNode, Schema> COMPILED = new ConcurrentHashMap<>();

	private static final int MAX_COMPILED = 64;

	private TraitValidator() {
	}

	/**
	 * One way the traits fail the schema.
	 *
	 * @param path the keys from the traits object down to the offending value (array
	 * indexes as decimal text); for a missing required property, down to that property
	 * @param keyword the JSON Schema keyword that failed ({@code required}, {@code type},
	 * ...)
	 * @param argument the keyword's value in the schema (the limit, pattern, format,
	 * ...), or null
	 * @param message the library's own sentence, for keywords without a message of ours
	 */
	record Violation(List<String> path, String keyword, Object argument, String message) {

		Violation {
			path = List.copyOf(path);
		}

		/** The dotted path ({@code name.first}) of the offending trait. */
		String dotted() {
			return String.join(".", this.path);
		}

	}

	/** The violations of these traits, in the order the library reports them. */
	static List<Violation> validate(Map<String, Object> identitySchema, JsonNode traits) {
		ObjectNode identity = JsonNodeFactory.instance.objectNode();
		identity.set("traits", traits);
		List<Violation> violations = new ArrayList<>();
		for (Error error : compiled(TraitJson.tree(identitySchema)).validate(identity)) {
			violations.add(violation(error));
		}
		return violations;
	}

	private static Schema compiled(JsonNode schema) {
		Schema known = COMPILED.get(schema);
		if (known != null) {
			return known;
		}
		if (COMPILED.size() >= MAX_COMPILED) {
			COMPILED.clear();
		}
		Schema compiled = REGISTRY.getSchema(schema);
		COMPILED.put(schema, compiled);
		return compiled;
	}

	private static Violation violation(Error error) {
		List<String> path = new ArrayList<>();
		NodePath location = error.getInstanceLocation();
		for (int i = 0; i < location.getNameCount(); i++) {
			path.add(String.valueOf(location.getElement(i)));
		}
		if (!path.isEmpty() && "traits".equals(path.get(0))) {
			path.remove(0);
		}
		if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
			path.add(error.getProperty());
		}
		if ("additionalProperties".equals(error.getKeyword()) && error.getProperty() != null) {
			path.add(error.getProperty());
		}
		Object argument = (error.getSchemaNode() != null && !error.getSchemaNode().isMissingNode())
				? TraitJson.plain(error.getSchemaNode()) : null;
		return new Violation(path, error.getKeyword(), argument, error.getMessage());
	}

}

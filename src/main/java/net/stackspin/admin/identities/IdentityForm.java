package net.stackspin.admin.identities;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Optional;

import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;

/**
 * What the create and edit forms hold: the text of every input keyed by its parameter
 * name ({@code traits.<path>}, {@code state}, {@code role}, {@code metadata_public}), the
 * values the edit form was loaded with ({@code original.<name>}), the welcome-mail choice
 * and the problems to show at each field. Bound by hand because the trait inputs come
 * from the schema, not from a Java class.
 */
public final class IdentityForm {

	public static final String STATE = "state";

	/**
	 * The panel role ({@link PanelRole#kratosName()}), or empty for none. Only
	 * administrators reach the forms (see {@code AccessPolicy}).
	 */
	public static final String ROLE = "role";

	public static final String METADATA_PUBLIC = "metadata_public";

	public static final String ORIGINAL = "original.";

	/** The names of trait inputs that hold JSON (drifted traits), one parameter each. */
	public static final String AS_JSON = "asJson";

	/**
	 * Kratos's {@code updated_at} of the identity when the edit form was loaded, kept as
	 * {@code original.updated_at}: whether someone else saved it meanwhile.
	 */
	public static final String UPDATED_AT = "updated_at";

	/** Where problems that belong to no single field go. */
	public static final String FORM = "form";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final String schemaId;

	private final Map<String, String> values;

	private final Map<String, String> original;

	private final boolean sendWelcome;

	private final Set<String> asJson = new LinkedHashSet<>();

	private boolean storedProblems;

	private final Map<String, Problem> problems = new LinkedHashMap<>();

	private IdentityForm(String schemaId, Map<String, String> values, Map<String, String> original,
			boolean sendWelcome) {
		this.schemaId = schemaId;
		this.values = values;
		this.original = original;
		this.sendWelcome = sendWelcome;
	}

	/** An empty create form (but for the schema's defaults): active, no panel role. */
	public static IdentityForm blank(String schemaId, List<SchemaField> leaves) {
		Map<String, String> values = new LinkedHashMap<>(TraitValues.defaults(leaves));
		values.put(STATE, IdentityState.ACTIVE.name());
		values.put(ROLE, "");
		return new IdentityForm(schemaId, values, Map.of(), true);
	}

	/** The edit form of an identity as Kratos has it now. */
	public static IdentityForm of(IdentityDetail identity, List<SchemaField> leaves) {
		Map<String, String> values = valuesOf(identity, leaves);
		Map<String, String> original = new LinkedHashMap<>(values);
		original.put(UPDATED_AT, (identity.updatedAt() != null) ? identity.updatedAt().toString() : "");
		IdentityForm form = new IdentityForm(identity.summary().schemaId(), values, original, false);
		form.asJson.addAll(TraitValues.drifted(identity.traits(), leaves));
		return form;
	}

	/** The text every input of the edit form shows for this identity. */
	public static Map<String, String> valuesOf(IdentityDetail identity, List<SchemaField> leaves) {
		Map<String, String> values = new LinkedHashMap<>(TraitValues.flatten(identity.traits(), leaves));
		values.put(STATE, identity.state().name());
		values.put(ROLE, PanelRole.highestOf(identity.roles()).map(PanelRole::kratosName).orElse(""));
		values.put(METADATA_PUBLIC, json(identity.metadataPublic()));
		return values;
	}

	/**
	 * The form as submitted. Unchecked checkboxes send nothing, so every known input is
	 * read, absent ones as empty text.
	 */
	public static IdentityForm read(String schemaId, MultiValueMap<String, String> params, List<SchemaField> leaves,
			boolean edit) {
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, String> original = new LinkedHashMap<>();
		for (SchemaField leaf : leaves) {
			List<String> posted = params.getOrDefault(leaf.name(), List.of());
			// a required boolean's checkbox follows a hidden "false": ticked sends both
			boolean ticked = leaf.kind() == SchemaField.Kind.BOOLEAN && posted.contains("true");
			values.put(leaf.name(), ticked ? "true" : param(params, leaf.name()));
		}
		values.put(STATE, IdentityState.INACTIVE.name().equals(param(params, STATE)) ? IdentityState.INACTIVE.name()
				: IdentityState.ACTIVE.name());
		values.put(ROLE, PanelRole.of(param(params, ROLE)).map(PanelRole::kratosName).orElse(""));
		if (edit) {
			values.put(METADATA_PUBLIC, param(params, METADATA_PUBLIC));
			for (String name : values.keySet()) {
				original.put(name, param(params, ORIGINAL + name));
			}
			original.put(UPDATED_AT, param(params, ORIGINAL + UPDATED_AT));
		}
		IdentityForm form = new IdentityForm(schemaId, values, original, "true".equals(param(params, "sendWelcome")));
		for (String name : params.getOrDefault(AS_JSON, List.of())) {
			if (values.containsKey(name) && name.startsWith("traits.")) {
				form.asJson.add(name);
			}
		}
		return form;
	}

	private static String param(MultiValueMap<String, String> params, String name) {
		String value = params.getFirst(name);
		// browsers send CR LF in textareas; compare and store plain LF
		return (value != null) ? value.replace("\r\n", "\n") : "";
	}

	/** Pretty JSON of a metadata value, or empty text for none. */
	public static String json(Object value) {
		if (value == null) {
			return "";
		}
		return JSON.writeValueAsString(value);
	}

	/** The parsed JSON text; null for blank text. */
	public static JsonNode parseJson(String text) throws JacksonException {
		return (text == null || text.isBlank()) ? null : JSON.readTree(text);
	}

	/** The JSON text as maps, lists and scalars; null for blank text. */
	public static Object jsonValue(String text) throws JacksonException {
		return (text == null || text.isBlank()) ? null : JSON.readValue(text, Object.class);
	}

	public String getSchemaId() {
		return this.schemaId;
	}

	public Map<String, String> values() {
		return this.values;
	}

	public Map<String, String> original() {
		return this.original;
	}

	public String value(String name) {
		return this.values.getOrDefault(name, "");
	}

	public String originalValue(String name) {
		return this.original.getOrDefault(name, "");
	}

	/**
	 * Kratos's {@code updated_at} when the edit form was loaded; empty if the form did
	 * not say (or said something that is no time).
	 */
	public Optional<Instant> loadedUpdatedAt() {
		try {
			String text = originalValue(UPDATED_AT);
			return text.isBlank() ? Optional.empty() : Optional.of(Instant.parse(text));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	public boolean checked(String name) {
		return "true".equals(value(name));
	}

	/**
	 * Whether this trait input shows JSON (its stored value no longer fits the schema).
	 */
	public boolean isJson(String name) {
		return this.asJson.contains(name);
	}

	public Set<String> asJson() {
		return this.asJson;
	}

	/** The problems are in the stored identity (drift), not in anything typed. */
	void markStoredProblems() {
		this.storedProblems = true;
	}

	public boolean hasStoredProblems() {
		return this.storedProblems;
	}

	public boolean isSendWelcome() {
		return this.sendWelcome;
	}

	/** The panel role chosen, empty for none. */
	public Optional<PanelRole> role() {
		return PanelRole.of(value(ROLE));
	}

	public IdentityState state() {
		return IdentityState.valueOf(value(STATE));
	}

	public void reject(String name, Problem problem) {
		this.problems.putIfAbsent(name, problem);
	}

	public void rejectAll(Map<String, Problem> problems) {
		problems.forEach(this::reject);
	}

	public boolean hasProblems() {
		return !this.problems.isEmpty();
	}

	public boolean hasProblem(String name) {
		return this.problems.containsKey(name);
	}

	public Problem problem(String name) {
		return this.problems.get(name);
	}

	/**
	 * The input that gets the focus when the form comes back with problems: the first one
	 * with a problem in the order the form shows them; {@code null} when no input has
	 * one.
	 */
	public String firstProblem(List<SchemaField> fields) {
		for (SchemaField leaf : SchemaField.leaves(fields)) {
			if (hasProblem(leaf.name())) {
				return leaf.name();
			}
		}
		return List.of(STATE, ROLE, METADATA_PUBLIC).stream().filter(this::hasProblem).findFirst().orElse(null);
	}

	public Map<String, Problem> problems() {
		return this.problems;
	}

}

package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Works out what an edit means against the identity as Kratos has it now. Kratos v1.3.1
 * has no compare-and-set, so the form carries what it was loaded with: a field the admin
 * changed that someone else changed meanwhile is a conflict; everything else becomes a
 * JSON Patch of only the changed fields, so others' changes to other fields survive.
 */
final class IdentityEdits {

	/** The audit trail's value of {@code role} when the panel role is taken away. */
	static final String NO_ROLE = "none";

	private IdentityEdits() {
	}

	/** The fields in conflict, named as in {@link Plan#changedFields()}. */
	private static List<String> conflictNames(List<Conflict> conflicts, Map<String, SchemaField> byName) {
		return conflicts.stream()
			.map((conflict) -> byName.containsKey(conflict.name()) ? byName.get(conflict.name()).path()
					: conflict.name())
			.toList();
	}

	/**
	 * A field changed both here and elsewhere since the form was loaded.
	 *
	 * @param name the input's name
	 * @param title the schema title of a trait, or null for state, admin and metadata
	 * @param loaded what the form was loaded with
	 * @param theirs what Kratos has now
	 * @param yours what the admin typed
	 */
	public record Conflict(String name, String title, String loaded, String theirs, String yours) {
	}

	/**
	 * The result of comparing a submitted form with the current identity.
	 *
	 * @param conflicts fields changed on both sides (nothing may be written if any)
	 * @param changes the JSON Patch of the fields only the admin changed
	 * @param deactivates whether the patch deactivates the identity
	 * @param removesAdmin whether the patch takes away the admin role
	 * @param changedMeanwhile whether Kratos's {@code updated_at} is no longer the one
	 * the form was loaded with: someone else saved the identity meanwhile (their changes
	 * to other fields are kept)
	 * @param changedFields the names of the fields the patch changes, for the audit
	 * trail: traits by their dotted path ({@code name.first}), {@code state},
	 * {@code role}, {@code metadata_public}
	 * @param values the new state and role when they change (never a trait's value)
	 */
	public record Plan(List<Conflict> conflicts, List<IdentityChange> changes, boolean deactivates,
			boolean removesAdmin, boolean changedMeanwhile, List<String> changedFields, Map<String, String> values) {

		boolean hasConflicts() {
			return !this.conflicts.isEmpty();
		}

		/**
		 * Whether the patch takes an active administrator away: their role, or their
		 * active state.
		 */
		boolean removesAnAdministrator(IdentityDetail current) {
			return current.hasRole(PanelRole.ADMIN.kratosName()) && current.state() == IdentityState.ACTIVE
					&& (this.removesAdmin || this.deactivates);
		}

	}

	static Plan plan(IdentityDetail current, List<SchemaField> fields, IdentityForm form) {
		List<SchemaField> leaves = SchemaField.leaves(fields);
		Map<String, String> now = IdentityForm.valuesOf(current, leaves);
		Map<String, SchemaField> byName = new LinkedHashMap<>();
		leaves.forEach((leaf) -> byName.put(leaf.name(), leaf));
		List<Conflict> conflicts = new ArrayList<>();
		List<IdentityChange> changes = new ArrayList<>();
		List<SchemaField> changedTraits = new ArrayList<>();
		boolean deactivates = false;
		boolean removesAdmin = false;
		List<String> changedNames = new ArrayList<>();
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, String> entry : form.values().entrySet()) {
			String name = entry.getKey();
			String yours = entry.getValue();
			String loaded = form.originalValue(name);
			String theirs = now.getOrDefault(name, "");
			SchemaField leaf = byName.get(name);
			boolean json = form.isJson(name);
			if (same(leaf, name, yours, loaded, json) || same(leaf, name, yours, theirs, json)) {
				continue;
			}
			if (!same(leaf, name, theirs, loaded, json)) {
				conflicts.add(new Conflict(name, (leaf != null) ? leaf.title() : null, loaded, theirs, yours));
				continue;
			}
			if (leaf != null) {
				changedTraits.add(leaf);
				changedNames.add(leaf.path());
			}
			else if (IdentityForm.STATE.equals(name)) {
				deactivates = IdentityState.INACTIVE.name().equals(yours);
				String state = IdentityState.valueOf(yours).name().toLowerCase(Locale.ROOT);
				changes.add(IdentityChange.replace("/state", state));
				changedNames.add(IdentityForm.STATE);
				values.put(IdentityForm.STATE, state);
			}
			else if (IdentityForm.ROLE.equals(name)) {
				removesAdmin = PanelRole.ADMIN.kratosName().equals(theirs)
						&& !PanelRole.ADMIN.kratosName().equals(yours);
				Optional<PanelRole> role = PanelRole.of(yours);
				changes.add(rolesChange(current, role));
				changedNames.add(IdentityForm.ROLE);
				values.put(IdentityForm.ROLE, role.map(PanelRole::kratosName).orElse(NO_ROLE));
			}
			else if (IdentityForm.METADATA_PUBLIC.equals(name)) {
				changes.add(metadataChange(yours));
				changedNames.add(IdentityForm.METADATA_PUBLIC);
			}
		}
		changes.addAll(0, traitChanges(current, fields, changedTraits, form));
		boolean changedMeanwhile = form.loadedUpdatedAt()
			.map((loaded) -> !loaded.equals(current.updatedAt()))
			.orElse(false);
		return new Plan(conflicts, conflicts.isEmpty() ? changes : List.of(), deactivates, removesAdmin,
				changedMeanwhile, conflicts.isEmpty() ? changedNames : conflictNames(conflicts, byName), values);
	}

	/**
	 * The patch that gives an identity back the administrator role and active state that
	 * a save took away.
	 */
	static List<IdentityChange> restoreAdministrator(IdentityDetail saved) {
		List<IdentityChange> changes = new ArrayList<>();
		if (!saved.hasRole(PanelRole.ADMIN.kratosName())) {
			changes.add(rolesChange(saved, Optional.of(PanelRole.ADMIN)));
		}
		if (saved.state() != IdentityState.ACTIVE) {
			changes.add(IdentityChange.replace("/state", IdentityState.ACTIVE.name().toLowerCase()));
		}
		return changes;
	}

	/**
	 * The patch that takes the panel role away (before a delete), keeping every other
	 * role.
	 */
	static List<IdentityChange> removeAdministrator(IdentityDetail current) {
		return List.of(rolesChange(current, Optional.empty()));
	}

	private static boolean same(SchemaField leaf, String name, String a, String b, boolean json) {
		if (leaf != null) {
			return TraitValues.same(leaf, a, b, json);
		}
		if (IdentityForm.METADATA_PUBLIC.equals(name)) {
			try {
				return Objects.equals(IdentityForm.parseJson(a), IdentityForm.parseJson(b));
			}
			catch (JacksonException ex) {
				return false;
			}
		}
		return Objects.equals(a, b);
	}

	/**
	 * The changed traits as one {@code add} (or {@code remove}) per top-level trait,
	 * built on what Kratos holds now: a nested value can be set when its object is
	 * missing, others' changes to sibling values survive, and an optional object left
	 * empty is removed rather than kept as {@code {}}.
	 */
	private static List<IdentityChange> traitChanges(IdentityDetail current, List<SchemaField> fields,
			List<SchemaField> changed, IdentityForm form) {
		if (changed.isEmpty()) {
			return List.of();
		}
		ObjectNode before = (ObjectNode) TraitJson.tree(current.traits());
		ObjectNode after = before.deepCopy();
		Set<String> tops = new LinkedHashSet<>();
		for (SchemaField leaf : changed) {
			JsonNode value;
			try {
				value = TraitValues.typed(leaf, form.value(leaf.name()), form.isJson(leaf.name()));
			}
			catch (TraitValues.NotTyped ex) {
				// checked before planning; nothing to write for a text that is no value
				continue;
			}
			String[] keys = leaf.path().split("\\.");
			tops.add(keys[0]);
			ObjectNode parent = after;
			for (int i = 0; i < keys.length - 1; i++) {
				JsonNode child = parent.get(keys[i]);
				if (!(child instanceof ObjectNode)) {
					child = parent.putObject(keys[i]);
				}
				parent = (ObjectNode) child;
			}
			if (value == null) {
				parent.remove(keys[keys.length - 1]);
			}
			else {
				parent.set(keys[keys.length - 1], value);
			}
		}
		pruneEmptyOptionalObjects(after, fields);
		List<IdentityChange> changes = new ArrayList<>();
		for (String top : tops) {
			JsonNode was = before.get(top);
			JsonNode now = after.get(top);
			String pointer = "/traits/" + escape(top);
			if (now == null || now.isNull()) {
				if (was != null) {
					changes.add(IdentityChange.remove(pointer));
				}
			}
			else if (!now.equals(was)) {
				changes.add(IdentityChange.add(pointer, TraitJson.plain(now)));
			}
		}
		return changes;
	}

	private static void pruneEmptyOptionalObjects(ObjectNode object, List<SchemaField> fields) {
		for (SchemaField field : fields) {
			if (!field.isObject()) {
				continue;
			}
			String key = field.path().substring(field.path().lastIndexOf('.') + 1);
			if (object.get(key) instanceof ObjectNode child) {
				pruneEmptyOptionalObjects(child, field.children());
				if (child.isEmpty() && !field.required()) {
					object.remove(key);
				}
			}
		}
	}

	/** One panel role at most; the other entries of the list are kept. */
	private static IdentityChange rolesChange(IdentityDetail current, Optional<PanelRole> role) {
		List<String> roles = new ArrayList<>(current.roles());
		roles.removeAll(PanelRole.kratosNames());
		role.ifPresent((chosen) -> roles.add(chosen.kratosName()));
		if (current.metadataAdmin() instanceof Map<?, ?>) {
			// keep whatever else metadata_admin holds
			return IdentityChange.add("/metadata_admin/roles", roles);
		}
		return IdentityChange.add("/metadata_admin", Map.of("roles", roles));
	}

	private static IdentityChange metadataChange(String yours) {
		Object value = IdentityForm.jsonValue(yours);
		return (value == null) ? IdentityChange.remove("/metadata_public")
				: IdentityChange.replace("/metadata_public", value);
	}

	/** JSON Pointer escaping of one key (RFC 6901). */
	static String escape(String key) {
		return key.replace("~", "~0").replace("/", "~1");
	}

}

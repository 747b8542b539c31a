package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.stackspin.admin.auth.AdminRole;
import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityState;
import tools.jackson.core.JacksonException;

/**
 * Works out what an edit means against the identity as Kratos has it now. Kratos v1.3.1
 * has no compare-and-set, so the form carries what it was loaded with: a field the admin
 * changed that someone else changed meanwhile is a conflict; everything else becomes a
 * JSON Patch of only the changed fields, so others' changes to other fields survive.
 */
final class IdentityEdits {

	private IdentityEdits() {
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
	 */
	public record Plan(List<Conflict> conflicts, List<IdentityChange> changes, boolean deactivates,
			boolean removesAdmin, boolean changedMeanwhile) {

		boolean hasConflicts() {
			return !this.conflicts.isEmpty();
		}

		/**
		 * Whether the patch takes an active administrator away: their role, or their
		 * active state.
		 */
		boolean removesAnAdministrator(IdentityDetail current) {
			return current.hasRole(AdminRole.KRATOS_ROLE) && current.state() == IdentityState.ACTIVE
					&& (this.removesAdmin || this.deactivates);
		}

	}

	static Plan plan(IdentityDetail current, List<SchemaField> leaves, IdentityForm form) {
		Map<String, String> now = IdentityForm.valuesOf(current, leaves);
		Map<String, SchemaField> byName = new LinkedHashMap<>();
		leaves.forEach((leaf) -> byName.put(leaf.name(), leaf));
		List<Conflict> conflicts = new ArrayList<>();
		List<IdentityChange> changes = new ArrayList<>();
		boolean deactivates = false;
		boolean removesAdmin = false;
		for (Map.Entry<String, String> entry : form.values().entrySet()) {
			String name = entry.getKey();
			String yours = entry.getValue();
			String loaded = form.originalValue(name);
			String theirs = now.getOrDefault(name, "");
			SchemaField leaf = byName.get(name);
			if (same(leaf, name, yours, loaded) || same(leaf, name, yours, theirs)) {
				continue;
			}
			if (!same(leaf, name, theirs, loaded)) {
				conflicts.add(new Conflict(name, (leaf != null) ? leaf.title() : null, loaded, theirs, yours));
				continue;
			}
			if (leaf != null) {
				changes.add(traitChange(leaf, yours, theirs));
			}
			else if (IdentityForm.STATE.equals(name)) {
				deactivates = IdentityState.INACTIVE.name().equals(yours);
				changes.add(IdentityChange.replace("/state", IdentityState.valueOf(yours).name().toLowerCase()));
			}
			else if (IdentityForm.ADMIN.equals(name)) {
				removesAdmin = !"true".equals(yours);
				changes.add(rolesChange(current, !removesAdmin));
			}
			else if (IdentityForm.METADATA_PUBLIC.equals(name)) {
				changes.add(metadataChange(yours));
			}
		}
		boolean changedMeanwhile = form.loadedUpdatedAt()
			.map((loaded) -> !loaded.equals(current.updatedAt()))
			.orElse(false);
		return new Plan(conflicts, conflicts.isEmpty() ? changes : List.of(), deactivates, removesAdmin,
				changedMeanwhile);
	}

	/**
	 * The patch that gives an identity back the administrator role and active state that
	 * a save took away.
	 */
	static List<IdentityChange> restoreAdministrator(IdentityDetail saved) {
		List<IdentityChange> changes = new ArrayList<>();
		if (!saved.hasRole(AdminRole.KRATOS_ROLE)) {
			changes.add(rolesChange(saved, true));
		}
		if (saved.state() != IdentityState.ACTIVE) {
			changes.add(IdentityChange.replace("/state", IdentityState.ACTIVE.name().toLowerCase()));
		}
		return changes;
	}

	/** The patch that takes the administrator role away, keeping every other role. */
	static List<IdentityChange> removeAdministrator(IdentityDetail current) {
		return List.of(rolesChange(current, false));
	}

	private static boolean same(SchemaField leaf, String name, String a, String b) {
		if (leaf != null) {
			return Objects.equals(TraitValues.typed(leaf, a), TraitValues.typed(leaf, b));
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

	private static IdentityChange traitChange(SchemaField leaf, String yours, String theirs) {
		String pointer = "/traits/" + String.join("/",
				java.util.Arrays.stream(leaf.path().split("\\.")).map(IdentityEdits::escape).toList());
		Object value = TraitValues.typed(leaf, yours);
		if (value == null) {
			return IdentityChange.remove(pointer);
		}
		return (TraitValues.typed(leaf, theirs) == null) ? IdentityChange.add(pointer, value)
				: IdentityChange.replace(pointer, value);
	}

	private static IdentityChange rolesChange(IdentityDetail current, boolean admin) {
		List<String> roles = new ArrayList<>(current.roles());
		roles.remove(AdminRole.KRATOS_ROLE);
		if (admin) {
			roles.add(AdminRole.KRATOS_ROLE);
		}
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

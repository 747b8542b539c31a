package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.SchemaNames;

/**
 * Which sign-in identifier a Kratos 409 was about. Kratos only says "conflicts with
 * another identity"; one exact {@code credentials_identifier} lookup per identifier trait
 * that was sent (on an edit: that changed) finds the field and the words ("this username
 * is taken").
 */
final class TakenIdentifiers {

	/**
	 * Loose, for naming only: a list item with an {@code @} is called an e-mail address.
	 */
	private static final Pattern EMAIL_LIKE = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

	private TakenIdentifiers() {
	}

	/**
	 * Puts "taken" at the identifier another identity already signs in with; at the first
	 * identifier field, in general words, when no lookup finds it (e.g. it was freed in
	 * the meantime).
	 * @param sent the value sent for a leaf (string, list of strings), or null when it
	 * was not sent or did not change
	 * @param naming the schema's naming, which also knows identifiers on a list's items
	 * @param self the identity being edited, null on create
	 */
	static void reject(IdentityForm form, List<SchemaField> leaves, SchemaNames naming,
			Function<SchemaField, Object> sent, String self, KratosAdminClient kratos) {
		List<SchemaField> identifiers = leaves.stream()
			.filter((leaf) -> leaf.identifier() || naming.isIdentifier(leaf.path()))
			.toList();
		for (SchemaField leaf : identifiers) {
			List<String> values = strings(sent.apply(leaf));
			for (String value : values) {
				if (takenByAnother(kratos, value, self)) {
					form.reject(leaf.name(), problem(leaf, value, values.size() > 1));
					return;
				}
			}
		}
		String field = identifiers.stream().map(SchemaField::name).findFirst().orElse(IdentityForm.FORM);
		form.reject(field, Problem.of("identity.error.duplicate"));
	}

	private static boolean takenByAnother(KratosAdminClient kratos, String value, String self) {
		try {
			Optional<IdentitySummary> holder = kratos.findByIdentifier(value);
			return holder.isPresent() && !holder.get().id().equalsIgnoreCase(Objects.toString(self, ""));
		}
		catch (KratosException ex) {
			// only the wording is at stake: the general message follows
			return false;
		}
	}

	private static Problem problem(SchemaField leaf, String value, boolean oneOfSeveral) {
		if (oneOfSeveral) {
			return Problem.of("identity.error.taken.item", value);
		}
		if ("email".equals(leaf.format()) || (leaf.format() == null && EMAIL_LIKE.matcher(value).matches())) {
			return Problem.of("identity.error.taken.email");
		}
		if ("tel".equals(leaf.format())) {
			return Problem.of("identity.error.taken.tel");
		}
		return Problem.of("identity.error.taken", leaf.title().toLowerCase(Locale.ROOT));
	}

	/** The value at a leaf's path in a traits object (create: what was sent). */
	static Object at(Map<String, Object> traits, SchemaField leaf) {
		Object value = traits;
		for (String key : leaf.path().split("\\.")) {
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			value = map.get(key);
		}
		return value;
	}

	/**
	 * The new value of a leaf among an edit's changes, or null if the edit leaves it as
	 * it was (or removes it).
	 */
	static Object changed(List<IdentityChange> changes, SchemaField leaf) {
		String pointer = "/traits/" + String.join("/",
				java.util.Arrays.stream(leaf.path().split("\\.")).map(IdentityEdits::escape).toList());
		for (IdentityChange change : changes) {
			if (change.op() != IdentityChange.Op.REMOVE && change.path().equals(pointer)) {
				return change.value();
			}
		}
		return null;
	}

	private static List<String> strings(Object value) {
		List<String> strings = new ArrayList<>();
		if (value instanceof String text && !text.isBlank()) {
			strings.add(text.strip());
		}
		else if (value instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof String text && !text.isBlank()) {
					strings.add(text.strip());
				}
			}
		}
		return strings;
	}

}

package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.Map;

/**
 * One identity as the panel shows it in lists.
 *
 * @param id the identity's UUID
 * @param schemaId the id of the identity schema its traits follow
 * @param traits the traits, as nested maps, lists, strings, numbers and booleans
 * @param state active or inactive
 * @param verified whether at least one verifiable address (the e-mail) is verified
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 * @param invitation the panel's note of its invitations ({@code metadata_admin}), or null
 * when none was sent
 */
public record IdentitySummary(String id, String schemaId, Map<String, Object> traits, IdentityState state,
		boolean verified, Instant createdAt, Instant updatedAt, InvitationNote invitation) {

	public IdentitySummary {
		traits = (traits != null) ? withoutNulls(traits) : Map.of();
	}

	/** An identity the panel never invited. */
	public IdentitySummary(String id, String schemaId, Map<String, Object> traits, IdentityState state,
			boolean verified, Instant createdAt, Instant updatedAt) {
		this(id, schemaId, traits, state, verified, createdAt, updatedAt, null);
	}

	/** Where its invitation stands now. */
	public InvitationNote.Status invitationStatus(Instant now) {
		return InvitationNote.statusOf(this.invitation, now);
	}

	/**
	 * A trait set to JSON null is shown like a missing one (and Map.copyOf refuses
	 * nulls).
	 */
	private static Map<String, Object> withoutNulls(Map<String, Object> traits) {
		// not containsValue(null): immutable maps throw on a null argument
		if (traits.values().stream().noneMatch(java.util.Objects::isNull)) {
			return Map.copyOf(traits);
		}
		Map<String, Object> present = new java.util.LinkedHashMap<>(traits);
		present.values().removeIf(java.util.Objects::isNull);
		return Map.copyOf(present);
	}

	/** The {@code email} trait, or an empty string if the schema has none. */
	public String email() {
		Object email = this.traits.get("email");
		return (email != null) ? email.toString() : "";
	}

	/**
	 * "First Last" from the {@code name} trait, whether it is an object or a plain
	 * string.
	 */
	public String displayName() {
		Object name = this.traits.get("name");
		if (name instanceof Map<?, ?> parts) {
			String first = text(parts.get("first"));
			String last = text(parts.get("last"));
			return (first + " " + last).trim();
		}
		return text(name);
	}

	private static String text(Object value) {
		return (value != null) ? value.toString().trim() : "";
	}

}

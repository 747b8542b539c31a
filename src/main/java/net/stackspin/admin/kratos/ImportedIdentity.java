package net.stackspin.admin.kratos;

import java.util.List;

/**
 * One identity of an import, as sent in Kratos's batch request.
 *
 * @param identity schema, traits, state and roles
 * @param passwordHash a password hash in one of the formats Kratos imports (PHC-style
 * {@code $argon2id$...}, {@code $2b$...}, ...), or {@code null} for none (the user then
 * sets a password through an invitation or recovery)
 * @param verifiedAddresses the e-mail addresses to store as already verified (the
 * schema's verification addresses, as they appear in the traits)
 */
public record ImportedIdentity(NewIdentity identity, String passwordHash, List<String> verifiedAddresses) {

	public ImportedIdentity {
		verifiedAddresses = (verifiedAddresses != null) ? List.copyOf(verifiedAddresses) : List.of();
	}

	@Override
	public String toString() {
		// never the hash
		return "ImportedIdentity[schema=" + this.identity.schemaId() + ", passwordHash="
				+ ((this.passwordHash != null) ? "set" : "none") + "]";
	}

}

package net.stackspin.admin.kratos;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kratos failed (HTTP 500) because an identity it had to read uses an identity schema
 * that is no longer in its configuration. Kratos is up; the other identities and pages
 * still work. The fix is in Kratos's configuration, not in the panel.
 */
public class IdentitySchemaMissingException extends KratosException {

	/**
	 * Kratos v1.3.1's reason, e.g.
	 * {@code The JSON Schema "x" for this identity's traits could not be found.}
	 */
	private static final Pattern REASON = Pattern
		.compile("JSON Schema \"([^\"]*)\" for this identity's traits could not be found");

	private final String schemaId;

	IdentitySchemaMissingException(String schemaId, String message, Throwable cause) {
		super(message, cause);
		this.schemaId = schemaId;
	}

	/**
	 * The schema id Kratos names in this reason, if the reason is about a missing schema.
	 */
	static Optional<String> schemaIdIn(String reason) {
		Matcher matcher = REASON.matcher((reason != null) ? reason : "");
		return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

	/** The id of the schema Kratos no longer has. */
	public String getSchemaId() {
		return this.schemaId;
	}

}

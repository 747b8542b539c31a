package net.stackspin.admin.identities;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an administrator can do to the users ticked on the list. The form posts the
 * lower-case name; the audit event is {@code identity.bulk.<name>}.
 */
enum BulkAction {

	DEACTIVATE, ACTIVATE, REVOKE_SESSIONS, RESEND_INVITATION, DELETE;

	/** The name in forms, message keys and audit events, e.g. {@code revoke_sessions}. */
	String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	String auditAction() {
		return "identity.bulk." + key();
	}

	static Optional<BulkAction> of(String key) {
		return Arrays.stream(values()).filter((action) -> action.key().equals(key)).findFirst();
	}

}

package net.stackspin.admin.kratos;

import java.time.Instant;

/**
 * A valid Kratos session, as far as the panel needs it. The token itself is kept only by
 * the caller that obtained it.
 *
 * @param sessionId Kratos's id of the session (not a secret)
 * @param identityId the identity that signed in
 * @param email the identity's e-mail trait
 * @param displayName the identity's name, or the e-mail when it has none
 * @param expiresAt when Kratos ends the session
 * @param identity the identity as lists show it, for naming it by its schema's rule
 * @param secondFactor whether the session was authenticated with a second factor
 * (Kratos's authenticator assurance level {@code aal2} or higher)
 */
public record KratosSession(String sessionId, String identityId, String email, String displayName, Instant expiresAt,
		IdentitySummary identity, boolean secondFactor) {
}

package net.stackspin.admin.onboarding;

import java.io.Serializable;
import java.time.Instant;

/**
 * A recovery link or code to show once, right after it was created (a flash attribute: it
 * lives until the next page is rendered, never in a log or the database).
 *
 * @param kind {@code link}, {@code code} or {@code invitation}
 * @param value the link or code
 * @param url for a code: the page on which to enter it
 * @param expiresAt when it stops working
 */
public record OneTimeSecret(String kind, String value, String url, Instant expiresAt) implements Serializable {

	/**
	 * The link of an invitation that was not mailed, for the access tab to show once:
	 * {@code flash.addFlashAttribute("secret", OneTimeSecret.of(invitation))}.
	 */
	public static OneTimeSecret of(Invitation invitation) {
		if (!invitation.linkToCopy()) {
			throw new IllegalArgumentException("the invitation was mailed: there is no link to show");
		}
		return new OneTimeSecret("invitation", invitation.link(), null, invitation.validUntil());
	}

	@Override
	public String toString() {
		return "OneTimeSecret[kind=" + this.kind + ", expiresAt=" + this.expiresAt + "]";
	}

}

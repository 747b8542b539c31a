package net.stackspin.admin.onboarding;

import java.time.Instant;

import net.stackspin.admin.system.FlashValue;

/**
 * A recovery link or code to show once, right after it was created (a flash attribute,
 * sealed as JSON in the flash cookie, bound to the admin's session, shown once and for a
 * minute at most; never in a log or the database).
 *
 * @param kind {@code link}, {@code code} or {@code invitation}
 * @param value the link or code
 * @param url for a code: the page on which to enter it
 * @param expiresAt when it stops working
 */
public record OneTimeSecret(String kind, String value, String url, Instant expiresAt) implements FlashValue {

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

package net.stackspin.admin.onboarding;

import java.time.Instant;

/**
 * The outcome of inviting a user.
 *
 * @param recipient the address the welcome e-mail went (or would have gone) to
 * @param mailed whether the welcome e-mail was handed to the SMTP server
 * @param link the link to set a password, only when it was NOT mailed (for the
 * administrator to pass on); a credential, never logged or stored
 * @param validUntil when the link stops working
 * @param mailProblem why the e-mail could not be sent, or {@code null}
 */
public record Invitation(String recipient, boolean mailed, String link, Instant validUntil, String mailProblem) {

	/** Whether the administrator must hand the link over themselves. */
	public boolean linkToCopy() {
		return this.link != null;
	}

	@Override
	public String toString() {
		return "Invitation[mailed=" + this.mailed + ", validUntil=" + this.validUntil + "]";
	}

}

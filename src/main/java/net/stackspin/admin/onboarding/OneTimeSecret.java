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

	@Override
	public String toString() {
		return "OneTimeSecret[kind=" + this.kind + ", expiresAt=" + this.expiresAt + "]";
	}

}

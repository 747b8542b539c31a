package net.stackspin.admin.kratos;

import java.time.Instant;

/**
 * A Kratos recovery link: whoever opens it can set the identity's password until it
 * expires.
 *
 * @param url the link; a credential, never to be logged or stored
 * @param expiresAt when it stops working
 */
public record RecoveryLink(String url, Instant expiresAt) {

	@Override
	public String toString() {
		return "RecoveryLink[expiresAt=" + this.expiresAt + "]";
	}

}

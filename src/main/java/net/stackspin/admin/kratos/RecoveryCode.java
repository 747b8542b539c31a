package net.stackspin.admin.kratos;

import java.time.Instant;

/**
 * A Kratos recovery code and the page where the user enters it.
 *
 * @param code six digits; a credential, never to be logged or stored
 * @param url the recovery page of the flow the code belongs to
 * @param expiresAt when it stops working
 */
public record RecoveryCode(String code, String url, Instant expiresAt) {

	@Override
	public String toString() {
		return "RecoveryCode[expiresAt=" + this.expiresAt + "]";
	}

}

package net.stackspin.admin.kratos;

/**
 * Kratos refused a sign-in: wrong credentials, or an identity that may not sign in. The
 * message is Kratos's own, safe to show on the sign-in page.
 */
public class SignInRefusedException extends KratosException {

	private final boolean inactiveIdentity;

	private final boolean sessionGone;

	public SignInRefusedException(String message, boolean inactiveIdentity) {
		this(message, inactiveIdentity, false);
	}

	public SignInRefusedException(String message, boolean inactiveIdentity, boolean sessionGone) {
		super(message);
		this.inactiveIdentity = inactiveIdentity;
		this.sessionGone = sessionGone;
	}

	/**
	 * Whether the second step found no session to raise (it expired, was revoked, or its
	 * identity was deactivated or deleted meanwhile): nothing was checked.
	 */
	public boolean isSessionGone() {
		return this.sessionGone;
	}

	/** Whether Kratos refused because the identity is deactivated. */
	public boolean isInactiveIdentity() {
		return this.inactiveIdentity;
	}

}

package net.stackspin.admin.kratos;

/**
 * Kratos refused a sign-in: wrong credentials, or an identity that may not sign in. The
 * message is Kratos's own, safe to show on the sign-in page.
 */
public class SignInRefusedException extends KratosException {

	private final boolean inactiveIdentity;

	public SignInRefusedException(String message, boolean inactiveIdentity) {
		super(message);
		this.inactiveIdentity = inactiveIdentity;
	}

	/** Whether Kratos refused because the identity is deactivated. */
	public boolean isInactiveIdentity() {
		return this.inactiveIdentity;
	}

}

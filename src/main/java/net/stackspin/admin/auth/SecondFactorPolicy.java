package net.stackspin.admin.auth;

/**
 * Who must have a second factor to use the panel
 * ({@code stackspin.security.second-factor}). Whoever has one must use it in every case:
 * Kratos refuses their session without it.
 */
public enum SecondFactorPolicy {

	/** Nobody must have one. */
	OPTIONAL,

	/** Holders of the {@code admin} role must have one. */
	REQUIRED_FOR_ADMINS,

	/** Every panel role must have one. */
	REQUIRED;

	/**
	 * Whether a holder of this role must have signed in with a second factor to reach
	 * anything but the page that says how to set one up.
	 */
	boolean requires(PanelRole role) {
		return switch (this) {
			case OPTIONAL -> false;
			case REQUIRED_FOR_ADMINS -> role == PanelRole.ADMIN;
			case REQUIRED -> true;
		};
	}

}

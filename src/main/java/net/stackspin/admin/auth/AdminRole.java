package net.stackspin.admin.auth;

/**
 * The most powerful panel role ({@link PanelRole#ADMIN}) as constants, for the places
 * that need the administrator in particular (bootstrap, the last-administrator
 * protection).
 */
public final class AdminRole {

	/** The value in Kratos's {@code metadata_admin.roles}. */
	public static final String KRATOS_ROLE = "admin";

	/** The Spring Security authority an administrator's request carries. */
	public static final String AUTHORITY = "ROLE_ADMIN";

	private AdminRole() {
	}

}

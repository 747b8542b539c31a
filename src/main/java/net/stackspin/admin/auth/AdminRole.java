package net.stackspin.admin.auth;

/** The role in {@code metadata_admin.roles} that lets an identity into the panel. */
public final class AdminRole {

	/** The value in Kratos's {@code metadata_admin.roles}. */
	public static final String KRATOS_ROLE = "admin";

	/** The Spring Security authority an administrator's request carries. */
	public static final String AUTHORITY = "ROLE_ADMIN";

	private AdminRole() {
	}

}

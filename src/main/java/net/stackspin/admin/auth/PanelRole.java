package net.stackspin.admin.auth;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles in Kratos's {@code metadata_admin.roles} that let an identity into the panel,
 * least to most powerful. An identity holding several is treated as the most powerful;
 * other entries in that list are left alone.
 */
public enum PanelRole {

	/** Read-only: sees users and their access tab, creates no secrets. */
	VIEWER(EnumSet.of(PanelPermission.VIEW_USERS)),

	/** Helps people back in, but changes no user data. */
	HELPDESK(EnumSet.of(PanelPermission.VIEW_USERS, PanelPermission.HELP_USERS)),

	/** Everything. */
	ADMIN(EnumSet.allOf(PanelPermission.class));

	private final Set<PanelPermission> permissions;

	PanelRole(Set<PanelPermission> permissions) {
		this.permissions = permissions;
	}

	/** The value kept in {@code metadata_admin.roles}. */
	public String kratosName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The Spring Security authority a request of this role carries. */
	public String authority() {
		return "ROLE_" + name();
	}

	public Set<PanelPermission> permissions() {
		return this.permissions;
	}

	public boolean may(PanelPermission permission) {
		return this.permissions.contains(permission);
	}

	/**
	 * The rank rule (issue 24): whether a panel user of this role may act on (help back
	 * in, end the sessions of, reset the factors of) an identity whose strongest panel
	 * role is {@code target}. Administrators are peers and act on anyone (the last-admin
	 * protections stay where they are); everyone else only on identities holding a
	 * strictly weaker role or none: a helpdesk user on plain users and viewers, never on
	 * another helpdesk user or an administrator, whose recovery link would be their
	 * account.
	 */
	public boolean mayActOn(Optional<PanelRole> target) {
		return this == ADMIN || target.isEmpty() || target.get().compareTo(this) < 0;
	}

	/** The panel role for a value of {@code metadata_admin.roles}, if it is one. */
	public static Optional<PanelRole> of(String kratosName) {
		for (PanelRole role : values()) {
			if (role.kratosName().equals(kratosName)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

	/** The most powerful panel role among an identity's roles, if any. */
	public static Optional<PanelRole> highestOf(Collection<String> kratosRoles) {
		PanelRole highest = null;
		for (String name : kratosRoles) {
			PanelRole role = of(name).orElse(null);
			if (role != null && (highest == null || role.compareTo(highest) > 0)) {
				highest = role;
			}
		}
		return Optional.ofNullable(highest);
	}

	/** All values kept in {@code metadata_admin.roles} by panel roles. */
	public static Set<String> kratosNames() {
		return Set.of(VIEWER.kratosName(), HELPDESK.kratosName(), ADMIN.kratosName());
	}

}

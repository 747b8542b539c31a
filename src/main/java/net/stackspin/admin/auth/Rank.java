package net.stackspin.admin.auth;

import java.util.Collection;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The rank rule ({@link PanelRole#mayActOn}) applied to the signed-in panel user: the one
 * check both the pages (which buttons to show) and the actions (the POST) ask.
 */
public final class Rank {

	private Rank() {
	}

	/** The strongest panel role of the signed-in user, if any. */
	public static Optional<PanelRole> ofSignedInUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null) {
			return Optional.empty();
		}
		PanelRole highest = null;
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			for (PanelRole role : PanelRole.values()) {
				if (role.authority().equals(authority.getAuthority())
						&& (highest == null || role.compareTo(highest) > 0)) {
					highest = role;
				}
			}
		}
		return Optional.ofNullable(highest);
	}

	/**
	 * Whether the signed-in user may act on an identity holding these
	 * {@code metadata_admin.roles}; nobody without a panel role may.
	 */
	public static boolean signedInUserMayActOn(Collection<String> targetRoles) {
		return ofSignedInUser().map((actor) -> actor.mayActOn(PanelRole.highestOf(targetRoles))).orElse(false);
	}

}

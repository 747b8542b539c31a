package net.stackspin.admin.auth;

import java.io.Serializable;
import java.security.Principal;

/**
 * The panel user (viewer, helpdesk or administrator) behind a request, as Kratos knows
 * them. Set by the Kratos session filter after it has checked the session; what they may
 * do is in the request's authorities ({@link PanelRole}, {@link PanelPermission}).
 *
 * @param identityId the administrator's Kratos identity id
 * @param label their label by the panel's one naming rule (their sign-in identifier,
 * usually)
 * @param displayName their name, or the label when they have none
 */
public record AdminPrincipal(String identityId, String label, String displayName) implements Principal, Serializable {

	@Override
	public String getName() {
		return this.label;
	}

	/**
	 * Whether this administrator is the identity with the given id (you cannot delete
	 * yourself).
	 */
	public boolean is(String otherIdentityId) {
		return this.identityId.equalsIgnoreCase(otherIdentityId);
	}

}

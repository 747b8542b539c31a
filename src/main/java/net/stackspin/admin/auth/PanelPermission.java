package net.stackspin.admin.auth;

/**
 * What a panel role may do. Routes are mapped to these in {@link AccessPolicy}; roles
 * hold them in {@link PanelRole}; requests carry them as authorities, and pages ask for
 * them ({@code sec:authorize="hasAuthority('PERM_HELP_USERS')"}).
 */
public enum PanelPermission {

	/** List, search and read users, including their access tab (without secrets). */
	VIEW_USERS("list, search and read users and their access tab"),

	/**
	 * Help a user back in: recovery link, code or e-mail, invitation, revoke sessions,
	 * reset second factors.
	 */
	HELP_USERS("recovery link, code and e-mail; invitation; revoke sessions; reset second factors"),

	/**
	 * Create, edit (traits, state, role), delete users; the schema drift report;
	 * exporting and importing users.
	 */
	MANAGE_USERS("create, edit (traits, state, role) and delete users; schema drift report; export and import users"),

	/**
	 * The Activity page: what every panel user did (the audit trail of all users). A
	 * user's own History tab needs only {@link #VIEW_USERS}.
	 */
	VIEW_ACTIVITY("the Activity page: what every panel user did"),

	/** Build facts and metrics of the panel itself (Actuator's info and Prometheus). */
	OPERATE_PANEL("the panel's build facts and metrics (`/actuator/info`, `/actuator/prometheus`)");

	private final String description;

	PanelPermission(String description) {
		this.description = description;
	}

	/** The Spring Security authority a request holding this permission carries. */
	public String authority() {
		return "PERM_" + name();
	}

	public String description() {
		return this.description;
	}

}

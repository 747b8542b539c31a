package net.stackspin.admin.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one table of who may use which route. {@link SecurityConfiguration} enforces it
 * (anything not in it is denied), the route matrix test walks every mapped route against
 * it (a route missing here fails that test), and {@code docs/access.md} is rendered from
 * it. Patterns are exactly those of the controllers' mappings (and of the Actuator
 * endpoints the panel exposes).
 */
public final class AccessPolicy {

	/** One route and the permission it needs. */
	public record Rule(HttpMethod method, String pattern, PanelPermission permission) {

		@Override
		public String toString() {
			return this.method.name() + " " + this.pattern;
		}

	}

	/**
	 * Routes anyone may use (besides static assets and health, see the configuration).
	 */
	public static final List<String> PUBLIC_PATHS = List.of("/login", "/login/second-factor",
			"/login/second-factor/cancel", "/second-factor/setup", "/error");

	public static final List<Rule> RULES = List.of(
	// @formatter:off
			rule(HttpMethod.GET, "/", PanelPermission.VIEW_USERS),
			rule(HttpMethod.GET, "/identities", PanelPermission.VIEW_USERS),
			rule(HttpMethod.GET, "/identities/{id}", PanelPermission.VIEW_USERS),
			rule(HttpMethod.GET, "/identities/{id}/access", PanelPermission.VIEW_USERS),
			rule(HttpMethod.GET, "/identities/{id}/history", PanelPermission.VIEW_USERS),
			rule(HttpMethod.POST, "/identities/{id}/access/invitation", PanelPermission.HELP_USERS),
			rule(HttpMethod.POST, "/identities/{id}/access/recovery-link", PanelPermission.HELP_USERS),
			rule(HttpMethod.POST, "/identities/{id}/access/recovery-code", PanelPermission.HELP_USERS),
			rule(HttpMethod.POST, "/identities/{id}/access/recovery-email", PanelPermission.HELP_USERS),
			rule(HttpMethod.GET, "/identities/{id}/access/second-factors/{type}/reset", PanelPermission.HELP_USERS),
			rule(HttpMethod.POST, "/identities/{id}/access/second-factors/{type}/reset", PanelPermission.HELP_USERS),
			rule(HttpMethod.POST, "/identities/{id}/access/sessions/{sessionId}/revoke", PanelPermission.HELP_USERS),
			rule(HttpMethod.POST, "/identities/{id}/access/sessions/revoke", PanelPermission.HELP_USERS),
			rule(HttpMethod.GET, "/identities/new", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.POST, "/identities/new", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.GET, "/identities/{id}/edit", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.POST, "/identities/{id}/edit", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.GET, "/identities/{id}/delete", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.POST, "/identities/{id}/delete", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.GET, "/identities/drift", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.GET, "/identities/export", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.GET, "/activity", PanelPermission.VIEW_ACTIVITY),
			// bulk actions: admins only, also revoking sessions and resending invitations
			// (issue 16: helpdesk does those one user at a time, no bulk actions)
			rule(HttpMethod.POST, "/identities/bulk", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.POST, "/identities/bulk/run", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.GET, "/identities/import", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.POST, "/identities/import", PanelPermission.MANAGE_USERS),
			rule(HttpMethod.POST, "/identities/import/results", PanelPermission.MANAGE_USERS),
			// Actuator's own endpoints (health is public; Prometheus is also anonymous on a
			// separate management port, see ManagementPortScrapeMatcher)
			rule(HttpMethod.GET, "/actuator/info", PanelPermission.OPERATE_PANEL),
			rule(HttpMethod.GET, "/actuator/prometheus", PanelPermission.OPERATE_PANEL));
	// @formatter:on

	private AccessPolicy() {
	}

	private static Rule rule(HttpMethod method, String pattern, PanelPermission permission) {
		return new Rule(method, pattern, permission);
	}

	/**
	 * The rules in the order a first-match matcher needs them: {@code /identities/new}
	 * before {@code /identities/{id}}, whatever order the table lists them in.
	 */
	public static List<Rule> mostSpecificFirst() {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		Comparator<Rule> specificity = Comparator.comparing((Rule rule) -> parser.parse(rule.pattern()),
				PathPattern.SPECIFICITY_COMPARATOR);
		return RULES.stream().sorted(specificity).toList();
	}

	/** The table as Markdown: the text of {@code docs/access.md}. */
	public static String markdown() {
		StringBuilder text = new StringBuilder();
		text.append("# Who may do what\n\n");
		text.append(
				"<!-- Generated from AccessPolicy.java by AccessPolicyTests (which fails when this file differs): edit the table there. -->\n\n");
		text.append("Only identities whose `metadata_admin.roles` holds one of these roles can sign in to the panel. ");
		text.append("An identity holding several has the most powerful one. Anything not listed below is refused ");
		text.append("(403), except the sign-in page, the error page, static assets and health.\n\n");
		text.append("## Permissions per role\n\n");
		text.append("| Permission | What it allows |");
		for (PanelRole role : PanelRole.values()) {
			text.append(' ').append(role.kratosName()).append(" |");
		}
		text.append("\n|---|---|");
		text.append("---|".repeat(PanelRole.values().length)).append('\n');
		for (PanelPermission permission : PanelPermission.values()) {
			text.append("| `").append(permission.name()).append("` | ").append(permission.description()).append(" |");
			for (PanelRole role : PanelRole.values()) {
				text.append(' ').append(role.may(permission) ? "yes" : "no").append(" |");
			}
			text.append('\n');
		}
		text.append("\n## Whom an action may touch\n\n");
		text.append(
				"The actions on one user (`HELP_USERS`: recovery link, code and e-mail, invitation, second-factor ");
		text.append("reset, ending sessions) also depend on the panel role the user holds: an administrator acts on ");
		text.append(
				"anyone (administrators are peers; the last-administrator protections stay), everyone else only on ");
		text.append(
				"users holding a weaker role or none. A recovery link for someone of your own rank or above would be ");
		text.append("their account. The Access tab shows no such action, and a hand-made POST gets a 403 page and an ");
		text.append("audit event with outcome `refused` (`reason=rank`). The bulk actions are for administrators ");
		text.append("only.\n\n");
		text.append("| Actor, user holds: | no panel role |");
		for (PanelRole role : PanelRole.values()) {
			text.append(' ').append(role.kratosName()).append(" |");
		}
		text.append("\n|---|---|");
		text.append("---|".repeat(PanelRole.values().length)).append('\n');
		for (PanelRole actor : PanelRole.values()) {
			if (!actor.may(PanelPermission.HELP_USERS)) {
				continue;
			}
			text.append("| ").append(actor.kratosName()).append(" | ");
			text.append(actor.mayActOn(Optional.empty()) ? "yes" : "no").append(" |");
			for (PanelRole target : PanelRole.values()) {
				text.append(' ').append(actor.mayActOn(Optional.of(target)) ? "yes" : "no").append(" |");
			}
			text.append('\n');
		}
		text.append("\n## Routes\n\n");
		text.append("| Method | Path | Permission |");
		for (PanelRole role : PanelRole.values()) {
			text.append(' ').append(role.kratosName()).append(" |");
		}
		text.append("\n|---|---|---|");
		text.append("---|".repeat(PanelRole.values().length)).append('\n');
		for (Rule rule : RULES) {
			text.append("| ")
				.append(rule.method().name())
				.append(" | `")
				.append(rule.pattern())
				.append("` | `")
				.append(rule.permission().name())
				.append("` |");
			for (PanelRole role : PanelRole.values()) {
				text.append(' ').append(role.may(rule.permission()) ? "yes" : "no").append(" |");
			}
			text.append('\n');
		}
		text.append("\nPublic: ")
			.append(PUBLIC_PATHS.stream().map((path) -> "`" + path + "`").collect(Collectors.joining(", ")))
			.append(", static assets, `/actuator/health`; end users' self-service pages (`/self-service/**`) ")
			.append("have their own public filter chain.\n");
		text.append("\n## Second factor\n\n");
		text.append("Whoever has set up a second factor (authenticator app, backup codes) signs in with it. ");
		text.append("`stackspin.security.second-factor` can require one: `optional` (default), ");
		text.append("`required-for-admins` (the `admin` role) or `required` (every role). A panel user it covers ");
		text.append("whose session was made without one reaches none of the routes above: each sends them to ");
		text.append("`/second-factor/setup`, which says how to set one up.\n");
		return text.toString();
	}

}

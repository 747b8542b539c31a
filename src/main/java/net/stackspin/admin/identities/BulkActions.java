package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.kratos.IdentityAccess;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.kratos.KratosUnavailableException;
import net.stackspin.admin.onboarding.Invitation;
import net.stackspin.admin.onboarding.InvitationService;

import org.springframework.stereotype.Service;

/**
 * Runs one {@link BulkAction} on the users an administrator ticked, one user at a time,
 * with the protections of the single actions ({@link IdentityManagement}: not yourself,
 * never the last active administrator), and says per user what happened. One audit event
 * per user ({@code identity.bulk.<action>}) and one with the counts.
 */
@Service
class BulkActions {

	/**
	 * At most this many users at once: the largest page of the list, so "select all on
	 * this page" always fits and a request cannot make the panel work for minutes.
	 */
	static final int MAX_SELECTION = PageSizes.ALLOWED.get(PageSizes.ALLOWED.size() - 1);

	/** One selected user, named as on every page. */
	record Selected(String id, String label, IdentitySummary identity) {
	}

	/**
	 * What happened to one user: {@code outcome} is the last part of the message key
	 * {@code bulk.outcome.*} and of the audit outcome; {@code detail} an argument of the
	 * message (the mail problem), or null.
	 */
	record Result(String id, String label, String outcome, boolean success, String detail) {
	}

	private final IdentityManagement management;

	private final KratosIdentities identities;

	private final KratosSessionsAdmin sessions;

	private final KratosCredentials credentials;

	private final InvitationService invitations;

	private final IdentityNames names;

	private final AuditTrail audit;

	BulkActions(IdentityManagement management, KratosIdentities identities, KratosSessionsAdmin sessions,
			KratosCredentials credentials, InvitationService invitations, IdentityNames names, AuditTrail audit) {
		this.management = management;
		this.identities = identities;
		this.sessions = sessions;
		this.credentials = credentials;
		this.invitations = invitations;
		this.names = names;
		this.audit = audit;
	}

	/**
	 * The selected users that exist, in the order they were ticked, with their labels
	 * (one Kratos request). Users deleted meanwhile are left out.
	 */
	List<Selected> selected(List<String> ids) {
		Map<String, IdentitySummary> found = new LinkedHashMap<>();
		for (IdentitySummary identity : this.identities.byIds(ids)) {
			found.put(identity.id(), identity);
		}
		List<Selected> selected = new ArrayList<>();
		for (String id : ids) {
			IdentitySummary identity = found.get(id);
			if (identity != null) {
				selected.add(new Selected(id, label(identity), identity));
			}
		}
		return selected;
	}

	/**
	 * Runs the action on each id. When Kratos stops answering, the users not reached yet
	 * are reported as not done instead of waiting out a timeout each.
	 */
	List<Result> run(BulkAction action, List<String> ids, AdminPrincipal admin) {
		Map<String, IdentitySummary> found = new LinkedHashMap<>();
		for (IdentitySummary identity : this.identities.byIds(ids)) {
			found.put(identity.id(), identity);
		}
		List<Result> results = new ArrayList<>();
		boolean kratosDown = false;
		for (String id : ids) {
			IdentitySummary identity = found.get(id);
			String label = (identity != null) ? label(identity) : id;
			Result result;
			if (kratosDown) {
				result = new Result(id, label, "unavailable", false, null);
			}
			else if (admin.is(id)) {
				result = new Result(id, label, "self", false, null);
			}
			else if (identity == null) {
				result = new Result(id, label, "gone", false, null);
			}
			else {
				try {
					result = runOne(action, identity, label, admin);
				}
				catch (IdentityNotFoundException ex) {
					result = new Result(id, label, "gone", false, null);
				}
				catch (KratosUnavailableException ex) {
					kratosDown = true;
					result = new Result(id, label, "unavailable", false, null);
				}
				catch (KratosException ex) {
					result = new Result(id, label, "rejected", false, null);
				}
			}
			this.audit.event(action.auditAction())
				.target(id, (identity != null) ? label : null)
				.outcome(auditOutcome(result))
				.record();
			results.add(result);
		}
		AuditTrail.Event summary = this.audit.event(action.auditAction()).count("selected", results.size());
		results.stream()
			.collect(java.util.stream.Collectors.groupingBy(BulkActions::auditOutcome, LinkedHashMap::new,
					java.util.stream.Collectors.counting()))
			.forEach(summary::count);
		summary.outcome(results.stream().allMatch(Result::success) ? "success" : "partial").record();
		return results;
	}

	private Result runOne(BulkAction action, IdentitySummary identity, String label, AdminPrincipal admin) {
		String id = identity.id();
		return switch (action) {
			case DEACTIVATE ->
				stateResult(id, label, this.management.changeState(id, IdentityState.INACTIVE, admin), "deactivated");
			case ACTIVATE ->
				stateResult(id, label, this.management.changeState(id, IdentityState.ACTIVE, admin), "activated");
			case DELETE -> switch (this.management.delete(id, admin)) {
				case DELETED -> new Result(id, label, "deleted", true, null);
				case ALREADY_GONE -> new Result(id, label, "gone", false, null);
				case REFUSED_SELF -> new Result(id, label, "self", false, null);
				case REFUSED_LAST_ADMIN -> new Result(id, label, "lastAdmin", false, null);
			};
			case REVOKE_SESSIONS -> this.sessions.revokeAll(id) ? new Result(id, label, "revoked", true, null)
					: new Result(id, label, "noSessions", true, null);
			case RESEND_INVITATION -> invite(id, label);
		};
	}

	private Result invite(String id, String label) {
		if (!this.invitations.canSendMail()) {
			return new Result(id, label, "noMailServer", false, null);
		}
		IdentityAccess access = this.credentials.identityAccess(id);
		if (access.hasPassword()) {
			return new Result(id, label, "hasPassword", false, null);
		}
		if (access.identity().email().isBlank()) {
			return new Result(id, label, "noAddress", false, null);
		}
		Invitation invitation = this.invitations.invite(id);
		if (invitation.mailed()) {
			return new Result(id, label, "invited", true, invitation.recipient());
		}
		// the link is not shown here: one link per user on one page would be easy to
		// hand to the wrong person; the user's Access tab offers it
		return new Result(id, label, "mailFailed", false, invitation.mailProblem());
	}

	private static Result stateResult(String id, String label, IdentityManagement.StateChange change, String done) {
		return switch (change) {
			case CHANGED -> new Result(id, label, done, true, null);
			case UNCHANGED -> new Result(id, label, "already_" + done, true, null);
			case ALREADY_GONE -> new Result(id, label, "gone", false, null);
			case REFUSED_SELF -> new Result(id, label, "self", false, null);
			case REFUSED_LAST_ADMIN -> new Result(id, label, "lastAdmin", false, null);
		};
	}

	/** The audit outcome: snake case of the result's outcome. */
	private static String auditOutcome(Result result) {
		return result.outcome().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
	}

	private String label(IdentitySummary identity) {
		return this.names.of(Objects.requireNonNullElse(identity.schemaId(), KratosAdminClient.DEFAULT_SCHEMA_ID))
			.label(identity);
	}

}

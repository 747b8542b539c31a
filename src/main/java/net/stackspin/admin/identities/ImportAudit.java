package net.stackspin.admin.identities;

import net.stackspin.admin.audit.AuditTrail;

/** The one {@code identity.import} event of an import: counts only, never rows. */
final class ImportAudit {

	private ImportAudit() {
	}

	static void record(AuditTrail.Event event, IdentityImport.Totals totals, String outcome) {
		if (totals != null) {
			event.count("rows", totals.rows())
				.count("created", totals.count(IdentityImport.Outcome.CREATED))
				.count("skipped", totals.count(IdentityImport.Outcome.SKIP))
				.count("errors", totals.count(IdentityImport.Outcome.ERROR))
				.count("failed", totals.count(IdentityImport.Outcome.FAILED))
				.count("invited", totals.invited())
				.count("invitations_failed", totals.invitationsFailed());
		}
		event.outcome(outcome).record();
	}

}

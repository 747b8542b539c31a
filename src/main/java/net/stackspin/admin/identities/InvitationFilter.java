package net.stackspin.admin.identities;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.InvitationNote;
import net.stackspin.admin.kratos.KratosAdminClient;

/**
 * The list filtered by invitation status ("everyone pending", to resend them all). Kratos
 * v1.3.1 cannot filter by {@code metadata_admin}, so this reads Kratos's keyset pages
 * from the given token and keeps the matches, bounded: at most {@link #SCAN_LIMIT}
 * identities per request, after which the page shows what it found and "Next page"
 * continues where it stopped. When a Kratos page holds more matches than fit, the page
 * ends at the last match shown: Kratos is asked once more for exactly the identities up
 * to it, whose next-page token is then where the following page starts (a keyset token is
 * "after this identity", so nothing is skipped or shown twice).
 */
final class InvitationFilter {

	/** Identities read from Kratos per page request at most. */
	static final int SCAN_LIMIT = 5000;

	/** Identities per Kratos request while scanning. */
	static final int SCAN_PAGE = 500;

	private final KratosAdminClient kratos;

	private final Clock clock;

	InvitationFilter(KratosAdminClient kratos, Clock clock) {
		this.kratos = kratos;
		this.clock = clock;
	}

	/** One page of the filtered list, and how many identities were read for it. */
	record Page(IdentityPage page, int scanned, boolean limitReached) {
	}

	Page page(InvitationNote.Status status, int pageSize, String pageToken) {
		List<IdentitySummary> matches = new ArrayList<>();
		String token = pageToken;
		int scanned = 0;
		while (true) {
			IdentityPage chunk = this.kratos.listIdentities(SCAN_PAGE, token);
			scanned += chunk.identities().size();
			List<IdentitySummary> page = chunk.identities();
			for (int i = 0; i < page.size(); i++) {
				if (page.get(i).invitationStatus(this.clock.instant()) != status) {
					continue;
				}
				matches.add(page.get(i));
				if (matches.size() == pageSize) {
					// the page is full here: continue right after this identity
					Optional<String> next = (i == page.size() - 1) ? chunk.nextPageToken()
							: this.kratos.listIdentities(i + 1, token).nextPageToken();
					return new Page(new IdentityPage(matches, next), scanned, false);
				}
			}
			Optional<String> next = chunk.nextPageToken();
			if (next.isEmpty() || scanned >= SCAN_LIMIT) {
				return new Page(new IdentityPage(matches, next), scanned, next.isPresent());
			}
			token = next.get();
		}
	}

	/** Search results filtered the same way (they are at most one page). */
	List<IdentitySummary> filter(List<IdentitySummary> identities, InvitationNote.Status status) {
		return identities.stream()
			.filter((identity) -> identity.invitationStatus(this.clock.instant()) == status)
			.toList();
	}

}

package net.stackspin.admin.kratos;

import java.util.List;
import java.util.Optional;

/**
 * One keyset page of identities for an export.
 *
 * @param identities the identities on this page
 * @param nextPageToken the token of the following page, empty on the last page
 */
public record ExportPage(List<ExportedIdentity> identities, Optional<String> nextPageToken) {

	public ExportPage {
		identities = List.copyOf(identities);
	}

}

package net.stackspin.admin.kratos;

import java.util.List;
import java.util.Optional;

/**
 * One page of identities in Kratos's keyset order.
 *
 * @param identities the identities on this page
 * @param nextPageToken the token of the following page, empty on the last page
 */
public record IdentityPage(List<IdentitySummary> identities, Optional<String> nextPageToken) {

	public IdentityPage {
		identities = List.copyOf(identities);
	}

	public boolean hasNext() {
		return this.nextPageToken.isPresent();
	}

}

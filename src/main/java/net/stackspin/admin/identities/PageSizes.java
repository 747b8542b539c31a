package net.stackspin.admin.identities;

import java.util.List;

/**
 * The page sizes an administrator can choose; anything else falls back to the default.
 */
final class PageSizes {

	static final List<Integer> ALLOWED = List.of(25, 50, 100, 250);

	private PageSizes() {
	}

	static int normalize(Integer requested) {
		return (requested != null && ALLOWED.contains(requested)) ? requested : IdentityController.DEFAULT_PAGE_SIZE;
	}

}

package net.stackspin.admin.auth;

/**
 * Where to go after signing in: only a path of this panel, never another site
 * ({@code //evil.example}, {@code https://…}, {@code /\evil}) and never back to the
 * sign-in page.
 */
final class SafeRedirect {

	static final String DEFAULT_TARGET = "/identities";

	private SafeRedirect() {
	}

	static String target(String requested) {
		if (requested == null || requested.isBlank() || requested.length() > 2000) {
			return DEFAULT_TARGET;
		}
		boolean localPath = requested.startsWith("/") && !requested.startsWith("//") && !requested.startsWith("/\\");
		boolean clean = requested.chars().noneMatch((c) -> c < 0x20 || c == 0x7f || c == '\\');
		if (!localPath || !clean || requested.startsWith("/login") || requested.startsWith("/logout")) {
			return DEFAULT_TARGET;
		}
		return requested;
	}

}

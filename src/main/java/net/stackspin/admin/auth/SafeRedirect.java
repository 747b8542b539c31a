package net.stackspin.admin.auth;

import java.nio.charset.StandardCharsets;

import org.springframework.web.servlet.view.RedirectView;

/**
 * Where to go after signing in: only a path of this panel, never another site
 * ({@code //evil.example}, {@code https://…}, {@code /\evil}) and never back to the
 * sign-in page. The path is taken literally: characters a URL may not hold (also
 * {@code {} and {@code }}, which Spring would expand as a URI template) are
 * percent-encoded, so no input can make the redirect fail.
 */
final class SafeRedirect {

	static final String DEFAULT_TARGET = "/identities";

	/** Besides letters and digits, what may stand in a URL's path and query as it is. */
	private static final String URL_SAFE = "-._~!$&'()*+,;=:@/?#";

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
		return literal(requested);
	}

	/**
	 * A redirect to the target as it is: relative to the panel, no template expansion, no
	 * model attributes appended.
	 */
	static RedirectView to(String requested) {
		RedirectView redirect = new RedirectView(target(requested), true);
		redirect.setExpandUriTemplateVariables(false);
		redirect.setExposeModelAttributes(false);
		return redirect;
	}

	private static String literal(String path) {
		StringBuilder out = new StringBuilder(path.length());
		byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xff;
			boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
			if (escape || (b < 0x80 && (Character.isLetterOrDigit(b) || URL_SAFE.indexOf(b) >= 0))) {
				out.append((char) b);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
			}
		}
		return out.toString();
	}

	private static boolean isHex(byte b) {
		return Character.digit(b, 16) >= 0;
	}

}

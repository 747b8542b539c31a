package net.stackspin.admin.selfservice;

import java.net.URI;

import net.stackspin.admin.kratos.SelfServiceFlowType;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Kratos's public URL as the browser sees it: where flows start and where forms post.
 */
final class KratosBrowserUrl {

	private final URI base;

	KratosBrowserUrl(URI base) {
		String text = base.toString();
		this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
	}

	/**
	 * Where a browser starts (or restarts) a flow: Kratos answers with a redirect to our
	 * page.
	 */
	String startFlow(SelfServiceFlowType type) {
		return UriComponentsBuilder.fromUri(this.base)
			.path("/self-service/" + type.path() + "/browser")
			.build()
			.toUriString();
	}

	/** {@code scheme://host[:port]}, for the CSP. */
	String origin() {
		return this.base.getScheme() + "://" + this.base.getRawAuthority();
	}

}

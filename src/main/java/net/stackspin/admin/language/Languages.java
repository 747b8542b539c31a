package net.stackspin.admin.language;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/** The languages the pages are written in, and which one a request gets. */
public final class Languages {

	/** Every bundle in {@code messages/} exists in each of these (I18nBundlesTests). */
	public static final List<String> SUPPORTED = List.of("en", "nl");

	private Languages() {
	}

	static boolean isSupported(String language) {
		return language != null && SUPPORTED.contains(language.toLowerCase(Locale.ROOT));
	}

	/**
	 * The language the pages have, as a bare locale ({@code nl}, never {@code nl-BE}).
	 */
	static Locale supportedOrNull(Locale requested) {
		return (requested != null && isSupported(requested.getLanguage()))
				? Locale.forLanguageTag(requested.getLanguage()) : null;
	}

	/**
	 * The first language of {@code Accept-Language} (by quality) the pages have, else the
	 * default. Without the header the server's own locale is no guide, so the default.
	 */
	static Locale fromAcceptLanguage(HttpServletRequest request, Locale defaultLocale) {
		if (request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) == null) {
			return defaultLocale;
		}
		for (Locale requested : Collections.list(request.getLocales())) {
			Locale supported = supportedOrNull(requested);
			if (supported != null) {
				return supported;
			}
		}
		return defaultLocale;
	}

}

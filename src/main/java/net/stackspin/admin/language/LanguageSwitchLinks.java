package net.stackspin.admin.language;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The footer's language links: the page itself with {@code lang} set, keeping its other
 * query parameters (a self-service page needs its {@code flow}). Pages without them
 * (error pages, answers to a POST) link to {@code ?lang=…}, relative to the browser's
 * address.
 */
@ControllerAdvice
class LanguageSwitchLinks {

	@ModelAttribute("languageLinks")
	Map<String, String> languageLinks(HttpServletRequest request) {
		Map<String, String> links = new LinkedHashMap<>();
		for (String language : Languages.SUPPORTED) {
			links.put(language, link(request, language));
		}
		return links;
	}

	private static String link(HttpServletRequest request, String language) {
		String relative = "?" + LanguageConfiguration.PARAMETER + "=" + language;
		if (!"GET".equals(request.getMethod()) || request.getDispatcherType() != DispatcherType.REQUEST) {
			return relative;
		}
		try {
			return UriComponentsBuilder.fromPath(request.getRequestURI())
				.query(request.getQueryString())
				.replaceQueryParam(LanguageConfiguration.PARAMETER, language)
				.build(true)
				.toUriString();
		}
		catch (IllegalArgumentException malformedQuery) {
			return relative;
		}
	}

}

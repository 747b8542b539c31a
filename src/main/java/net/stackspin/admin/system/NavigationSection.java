package net.stackspin.admin.system;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Which entry of the navigation the page belongs to ({@code navSection}: identities or
 * activity), so the layout marks it as the current page ({@code aria-current="page"}).
 */
@ControllerAdvice
class NavigationSection {

	@ModelAttribute("navSection")
	String navSection(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals("/activity") || path.startsWith("/activity/")) {
			return "activity";
		}
		if (path.equals("/identities") || path.startsWith("/identities/")) {
			return "identities";
		}
		return "";
	}

}

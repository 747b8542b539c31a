package net.stackspin.admin.system;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * A 503 raised outside a controller (the session check in the security filter chain, when
 * Kratos cannot be reached) gets the same "Kratos unreachable" page as one raised inside;
 * clients that do not ask for HTML get Boot's plain JSON error.
 */
@Component
class ServiceUnavailableErrorView implements ErrorViewResolver {

	@Override
	public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
		if (status != HttpStatus.SERVICE_UNAVAILABLE) {
			return null;
		}
		return new ModelAndView("error/kratos-unavailable", Map.of(), status);
	}

}

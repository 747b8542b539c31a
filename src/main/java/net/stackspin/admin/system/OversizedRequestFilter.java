package net.stackspin.admin.system;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a form over Tomcat's limits (form fields over {@code maxPostSize}, 2 MB; more
 * than {@code maxParameterCount} fields) with the 413 page and one log line. Tomcat
 * reports those by throwing {@link IllegalStateException} from the first
 * {@code getParameter}, which is the CSRF filter's: before this filter, any anonymous
 * multipart POST with a large field was a 500 with some 200 lines of stack trace (issue
 * 24, finding 5c). So the form is read here, before anything else asks for it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class OversizedRequestFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(OversizedRequestFilter.class);

	/** Set on a request refused here: its error page must not read the form again. */
	private static final String REFUSED = OversizedRequestFilter.class.getName() + ".refused";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(REFUSED) != null) {
			// the 413 page's dispatch: Tomcat would throw again for every read of the
			// form
			chain.doFilter(new WithoutForm(request), response);
			return;
		}
		if (isForm(request)) {
			try {
				request.getParameterMap();
			}
			catch (IllegalStateException ex) {
				// Tomcat's own words say which limit; the path says where (no values)
				log.warn("Refused a form over the server's limits (413) to {}: {}", request.getRequestURI(),
						ex.getMessage());
				request.setAttribute(REFUSED, Boolean.TRUE);
				response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** The request as if it had no form fields. */
	private static final class WithoutForm extends HttpServletRequestWrapper {

		WithoutForm(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getParameter(String name) {
			return null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Map.of();
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.emptyEnumeration();
		}

		@Override
		public String[] getParameterValues(String name) {
			return null;
		}

	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null || "GET".equals(request.getMethod())) {
			return false;
		}
		type = type.toLowerCase(Locale.ROOT);
		return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
	}

}

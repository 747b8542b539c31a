package net.stackspin.admin.system;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.stackspin.admin.audit.AuditTrail;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the {@code X-Request-Id} an ingress proxy sent when it looks
 * like an id (at most 64 letters, digits and {@code ._-}: a UUID, ingress-nginx's 32 hex
 * digits; nothing that could quote, escape or split a log line or header, since any
 * client may send one), else a fresh UUID. The id is in the log's MDC
 * ({@code request_id}) for every line written while the request runs, in the request
 * attribute the audit trail reads, and echoed in the response header, so a user's
 * complaint, the ingress log and the panel's log meet on one value.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

	/** The header read and echoed. */
	public static final String HEADER = "X-Request-Id";

	/** The MDC key (and JSON field of structured logs) holding the id. */
	public static final String MDC_KEY = "request_id";

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// an error dispatch belongs to the same request: it keeps the id
		String id = (request.getAttribute(AuditTrail.REQUEST_ID_ATTRIBUTE) instanceof String earlier) ? earlier
				: requestId(request.getHeader(HEADER));
		request.setAttribute(AuditTrail.REQUEST_ID_ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	/** The incoming id when well-formed, else a new one. */
	static String requestId(String incoming) {
		if (incoming != null && WELL_FORMED.matcher(incoming).matches()) {
			return incoming;
		}
		return UUID.randomUUID().toString();
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// the error page's log lines carry the id too
		return false;
	}

}

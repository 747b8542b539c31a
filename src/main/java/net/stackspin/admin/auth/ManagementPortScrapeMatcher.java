package net.stackspin.admin.auth;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.env.Environment;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Prometheus's scrape of {@code /actuator/prometheus}, and only when it arrives on the
 * separate management port ({@code management.server.port}, 8091 in the Helm chart),
 * which the Ingress never routes. On the main port the same path stays admin-only; with
 * no separate management port this matches nothing.
 */
final class ManagementPortScrapeMatcher implements RequestMatcher {

	private final Environment environment;

	private final String scrapePath;

	ManagementPortScrapeMatcher(Environment environment) {
		this.environment = environment;
		this.scrapePath = scrapePath(environment);
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		// the path first: it is the cheap test, and this runs on every request
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.equals(this.scrapePath)) {
			return false;
		}
		int managementPort = managementPort();
		return managementPort > 0 && request.getLocalPort() == managementPort && managementPort != serverPort();
	}

	/**
	 * The running management server's port (also when configured as 0), else as
	 * configured.
	 */
	private int managementPort() {
		Integer running = this.environment.getProperty("local.management.port", Integer.class);
		return (running != null) ? running : this.environment.getProperty("management.server.port", Integer.class, -1);
	}

	private int serverPort() {
		Integer running = this.environment.getProperty("local.server.port", Integer.class);
		return (running != null) ? running : this.environment.getProperty("server.port", Integer.class, 8080);
	}

	private static String scrapePath(Environment environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		return (basePath.endsWith("/") ? basePath : basePath + "/") + "prometheus";
	}

}

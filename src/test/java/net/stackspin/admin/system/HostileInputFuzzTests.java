package net.stackspin.admin.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Hostile and random text at every GET parameter and form field of every route Spring MVC
 * maps, as a signed-in administrator with a real Kratos session: the panel answers with a
 * page (2xx, 3xx or 4xx), never a 5xx and never a stack trace. The parameters come from
 * the handlers' {@code @RequestParam}s and from the forms the pages render (the
 * schema-driven identity forms included), so new routes and fields are covered without
 * touching this test. Every value reaches every field of every route at least once; the
 * set is fixed (seeded), so a failure reproduces.
 *
 * <p>
 * Its own application context (a property no other test sets), closed afterwards: the
 * sign-in limiter it fills must not carry over to other tests.
 */
@SpringBootTest(properties = "stackspin.security.sign-in-failures-per-client=1000000")
@AutoConfigureMockMvc
@DirtiesContext
class HostileInputFuzzTests extends KratosIntegrationTest {

	private static final String SESSION_COOKIE = "stackspin_admin_session";

	private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);

	private static final Pattern ACTION = Pattern.compile("action=\"([^\"]*)\"");

	private static final Pattern METHOD_POST = Pattern.compile("method=\"post\"", Pattern.CASE_INSENSITIVE);

	private static final Pattern FIELD_NAME = Pattern.compile("<(?:input|textarea|select)\\b[^>]*\\bname=\"([^\"]+)\"");

	/** What a stack trace or an exception name looks like in a page. */
	private static final Pattern STACK_TRACE = Pattern
		.compile("Exception\\b|\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([\\w$]+\\.java:\\d+\\)|java\\.(lang|io|net|util)\\.");

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosPublicClient kratosPublic;

	@Test
	void hostileInputAtEveryParameterOfEveryRouteNeverGives5xxOrAStackTrace() throws Exception {
		String adminEmail = uniqueEmail("fuzz-admin");
		TestIdentities.admin(this.kratos, adminEmail);
		Cookie admin = new Cookie(SESSION_COOKIE,
				this.kratosPublic.signInWithPassword(adminEmail, TestIdentities.PASSWORD).sessionToken());
		IdentitySummary target = TestIdentities.user(this.kratos, uniqueEmail("fuzz-target"));

		List<Route> routes = routes(target.id());
		Map<String, Set<String>> formFields = formFields(routes, admin);
		List<String> values = hostileValues();
		List<String> failures = new ArrayList<>();
		int requests = 0;
		StringBuilder coverage = new StringBuilder();
		long started = System.nanoTime();
		for (Route route : routes) {
			List<String> names = new ArrayList<>(route.parameters());
			names.addAll(formFields.getOrDefault(route.path(), Set.of()));
			names = names.stream().distinct().filter((name) -> !name.equals("_csrf")).toList();
			coverage.append(route).append(' ').append(names).append('\n');
			// every value at every field: request k gives field j value (k + j) mod n
			int rounds = names.isEmpty() ? 1 : values.size();
			for (int k = 0; k < rounds; k++) {
				MockHttpServletRequestBuilder request = route.request().accept(MediaType.TEXT_HTML).cookie(admin);
				if (route.method() != HttpMethod.GET) {
					request.with(csrf());
				}
				for (int j = 0; j < names.size(); j++) {
					String name = names.get(j);
					request.param(name, values.get((k + j) % values.size()));
				}
				check(route, request, failures);
				requests++;
			}
			// and hostile path variables, parameters left out
			for (String value : route.hasPathVariables() ? pathValues() : List.<String>of()) {
				check(route, route.withPathVariables(value).accept(MediaType.TEXT_HTML).cookie(admin).with(csrf()),
						failures);
				requests++;
			}
		}
		System.out.printf("Fuzzed %d routes with %d requests in %d ms:%n%s", routes.size(), requests,
				(System.nanoTime() - started) / 1_000_000, coverage);
		assertThat(failures).as("requests answered with 5xx or a stack trace").isEmpty();
		assertThat(requests).isGreaterThan(routes.size() * 10);
	}

	private void check(Route route, MockHttpServletRequestBuilder request, List<String> failures) throws Exception {
		MockHttpServletResponse response;
		try {
			response = this.mvc.perform(request).andReturn().getResponse();
		}
		catch (Exception ex) {
			// MockMvc rethrows what no handler turned into a page: a 500 in a real server
			failures.add(route + " -> unhandled " + ex.getClass().getSimpleName() + ": "
					+ abbreviate(String.valueOf(ex.getMessage())));
			return;
		}
		String body = response.getContentAsString();
		Matcher trace = STACK_TRACE.matcher(body);
		if (response.getStatus() >= 500 || trace.find()) {
			var sent = request.buildRequest(new org.springframework.mock.web.MockServletContext());
			failures.add(route + " -> " + response.getStatus() + " " + sent.getRequestURI() + " "
					+ abbreviate(String.valueOf(sent.getParameterMap()
						.entrySet()
						.stream()
						.map((e) -> e.getKey() + "=" + List.of(e.getValue()))
						.toList()))
					+ (trace.find(0) ? " trace: " + abbreviate(trace.group()) : ""));
		}
	}

	/**
	 * The names of the inputs of every form the GET pages render, by the path they post
	 * to.
	 */
	private Map<String, Set<String>> formFields(List<Route> routes, Cookie admin) throws Exception {
		Map<String, Set<String>> fields = new TreeMap<>();
		for (Route route : routes) {
			if (route.method() != HttpMethod.GET || route.path().startsWith("/error")) {
				continue;
			}
			// signed in, and anonymous for the sign-in form
			String html = this.mvc.perform(route.request().accept(MediaType.TEXT_HTML).cookie(admin))
				.andReturn()
				.getResponse()
				.getContentAsString()
					+ this.mvc.perform(route.request().accept(MediaType.TEXT_HTML))
						.andReturn()
						.getResponse()
						.getContentAsString();
			Matcher form = FORM.matcher(html);
			while (form.find()) {
				Matcher action = ACTION.matcher(form.group(1));
				String path = action.find() ? HtmlUtils.htmlUnescape(action.group(1)) : route.path();
				path = path.replaceFirst("\\?.*", "");
				Set<String> names = fields.computeIfAbsent(path, (p) -> new LinkedHashSet<>());
				Matcher name = FIELD_NAME.matcher(form.group(2));
				while (name.find()) {
					names.add(HtmlUtils.htmlUnescape(name.group(1)));
				}
				if (!METHOD_POST.matcher(form.group(1)).find()) {
					// a GET form's fields are GET parameters of its action
					fields.computeIfAbsent(path, (p) -> new LinkedHashSet<>()).addAll(names);
				}
			}
		}
		return fields;
	}

	/**
	 * Every method and path the application maps, path variables filled with the target
	 * identity (or a sample), with the names of the handler's request parameters. The
	 * deletes come last, so the other routes see the target identity.
	 */
	private List<Route> routes(String targetId) {
		Map<String, Route> routes = new TreeMap<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			List<HttpMethod> httpMethods = methods.isEmpty() ? List.of(HttpMethod.GET, HttpMethod.POST)
					: methods.stream().map((m) -> HttpMethod.valueOf(m.name())).toList();
			List<String> parameters = requestParams(entry.getValue());
			for (String pattern : info.getPatternValues()) {
				if (pattern.equals("/error")) {
					// Boot's error page, called directly without an error, says 500: no
					// input
					// of the request is involved
					continue;
				}
				for (HttpMethod method : httpMethods) {
					Route route = new Route(method, pattern, fill(pattern, targetId), parameters);
					routes.put((pattern.endsWith("/delete") ? "~" : "") + route, route);
				}
			}
		}
		return new ArrayList<>(routes.values());
	}

	private static List<String> requestParams(HandlerMethod handler) {
		List<String> names = new ArrayList<>();
		for (MethodParameter parameter : handler.getMethodParameters()) {
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (param != null && !param.name().isEmpty()) {
				names.add(param.name());
			}
			else if (param != null && !param.value().isEmpty()) {
				names.add(param.value());
			}
			else if (param != null && !Map.class.isAssignableFrom(parameter.getParameterType())) {
				parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
				if (parameter.getParameterName() != null) {
					names.add(parameter.getParameterName());
				}
			}
		}
		return names;
	}

	private static String fill(String pattern, String targetId) {
		return pattern.replaceAll("\\{type}", "totp")
			.replaceAll("\\{\\w+:(\\w+)[^}]*}", "$1")
			.replaceAll("\\{[^}]*[iI]d[^}]*}", targetId)
			.replaceAll("\\{\\*[^}]*}", "x")
			.replaceAll("\\{[^}]*}", "sample")
			.replace("/**", "/x");
	}

	/** Fixed hostile strings plus seeded random ones. */
	static List<String> hostileValues() {
		List<String> values = new ArrayList<>(List.of("", " ", "\u0000", "\t\r\n", "'", "\"", "\\", "<", ">",
				"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "${7*7}", "#{7*7}", "*{7*7}",
				"__${T(Runtime).getRuntime()}__::x", "[[${7*7}]]", "{x}", "/{x}", "{", "}", "%", "%25", "%00", "%zz",
				"../../../etc/passwd", "..%2F..%2F", "//evil.example/", "http://evil.example", "javascript:alert(1)",
				"\r\nSet-Cookie: x=y", "' OR '1'='1' --", "null", "undefined", "-1", "0", "99999999999999999999999",
				"1e309", "NaN", "true", "[]", "{}", "{\"a\":", "[".repeat(5000), "a".repeat(10_000), "🙂", "\uD800",
				"\u202Eevil", "\uFEFF", "victim@x\u00A0", "ＡＤＭＩＮ", "admin@example.org", "ACTIVE", "INACTIVE", "15m",
				"0m", "-15m", "99999999d", "3f0a6f6e-5f43-4e0b-9d1a-6b7a2f0e9c11",
				"00000000-0000-0000-0000-000000000000", "totp", "password", "*", "?", "&", "=", "#", "+", ";", "\u0085",
				"\u3000"));
		Random random = new Random(17);
		for (int i = 0; i < 12; i++) {
			StringBuilder text = new StringBuilder();
			int length = 1 + random.nextInt(120);
			for (int c = 0; c < length; c++) {
				int kind = random.nextInt(4);
				text.appendCodePoint(switch (kind) {
					case 0 -> random.nextInt(0x20);
					case 1 -> 0x20 + random.nextInt(0x5f);
					case 2 -> 0xa0 + random.nextInt(0x2000);
					default -> 0x1f300 + random.nextInt(0x200);
				});
			}
			values.add(text.toString());
		}
		return values;
	}

	private static List<String> pathValues() {
		return List.of("{x}", "%7Bx%7D", "..", "%2e%2e", "a".repeat(300), "%00", "🙂",
				"3F0A6F6E-5F43-4E0B-9D1A-6B7A2F0E9C11", "not-a-uuid");
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	/**
	 * A route: method, pattern, the path with its variables filled, and the handler's
	 * request parameters.
	 */
	record Route(HttpMethod method, String pattern, String path, List<String> parameters) {

		MockHttpServletRequestBuilder request() {
			return MockMvcRequestBuilders.request(this.method, this.path);
		}

		boolean hasPathVariables() {
			return this.pattern.contains("{");
		}

		/**
		 * The pattern with every path variable set to {@code value} (encoded as given).
		 */
		MockHttpServletRequestBuilder withPathVariables(String value) {
			String path = this.pattern.replaceAll("\\{[^}]*}", Matcher.quoteReplacement(value)).replace("/**", "/x");
			return MockMvcRequestBuilders.request(this.method, java.net.URI.create(encodeLoosely(path)));
		}

		private static String encodeLoosely(String path) {
			StringBuilder out = new StringBuilder();
			for (char c : path.toCharArray()) {
				if (c == '{' || c == '}' || c > 0x7e || c < 0x21) {
					for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
						out.append('%').append(String.format("%02X", b));
					}
				}
				else {
					out.append(c);
				}
			}
			return out.toString();
		}

		@Override
		public String toString() {
			return this.method.name() + " " + this.pattern;
		}

	}

}

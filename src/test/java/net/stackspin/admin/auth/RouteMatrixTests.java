package net.stackspin.admin.auth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.servlet.http.Cookie;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Deny by default and the access table ({@link AccessPolicy}), proven for every route the
 * application maps: the routes come from Spring MVC's own handler mappings, so a page
 * added tomorrow is covered without touching this test, and fails it until the table
 * names it. Signed-in users are real Kratos sessions (a plain user and one per panel
 * role), not mocks.
 */
// the self-service pages on (they are off by default), so their routes are in the matrix
// too
@SpringBootTest(properties = "stackspin.self-service.enabled=true")
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteMatrixTests extends KratosIntegrationTest {

	/**
	 * Routes anyone may use: the sign-in page and its second-factor step, the set-up
	 * page, the error page, and single sign-on's two pages (404 while it is off).
	 */
	static final Set<String> PUBLIC_ROUTES = Set.of("GET /login", "POST /login", "GET /login/second-factor",
			"POST /login/second-factor", "POST /login/second-factor/cancel", "GET /second-factor/setup", "GET /error",
			"POST /error", "PUT /error", "PATCH /error", "DELETE /error", "GET /oauth2/authorization/sso",
			"GET /logout/sso");

	/** Path prefixes served by their own public filter chain (end users' pages). */
	static final List<String> PUBLIC_PREFIXES = List.of("/self-service/");

	static final String COOKIE = "stackspin_admin_session";

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosPublicClient kratosPublic;

	Cookie admin;

	Cookie user;

	final Map<PanelRole, Cookie> panelUsers = new EnumMap<>(PanelRole.class);

	@BeforeAll
	void signInAUserAndOnePerPanelRole() {
		this.user = signIn("matrix-user", List.of());
		for (PanelRole role : PanelRole.values()) {
			this.panelUsers.put(role, signIn("matrix-" + role.kratosName(), List.of(role.kratosName())));
		}
		this.admin = this.panelUsers.get(PanelRole.ADMIN);
	}

	private Cookie signIn(String prefix, List<String> roles) {
		String email = uniqueEmail(prefix);
		TestIdentities.create(this.kratos, email, IdentityState.ACTIVE, roles);
		return new Cookie(COOKIE, this.kratosPublic.signInWithPassword(email, TestIdentities.PASSWORD).sessionToken());
	}

	@Test
	void routesAreDiscovered() {
		assertThat(routes())
			.contains(new Route(HttpMethod.GET, "/identities", "/identities"),
					new Route(HttpMethod.POST, "/login", "/login"))
			.hasSizeGreaterThan(3);
	}

	@TestFactory
	Stream<DynamicTest> everyProtectedRouteIsInTheAccessTable() {
		return protectedRoutes().map((route) -> DynamicTest.dynamicTest(route.toString(),
				() -> assertThat(rule(route))
					.as(route.method() + " " + route.pattern()
							+ " is mapped but not in AccessPolicy.RULES: say there which permission it needs")
					.isNotNull()));
	}

	@Test
	void everyRuleOfTheAccessTableIsAMappedRoute() {
		Set<String> mapped = new TreeSet<>();
		routes().forEach((route) -> mapped.add(route.method() + " " + route.pattern()));
		// Actuator endpoints are served by their own handler mapping: checked below
		assertThat(AccessPolicy.RULES.stream().filter((rule) -> !rule.pattern().startsWith("/actuator/"))).allSatisfy(
				(rule) -> assertThat(mapped).as("stale rule " + rule).contains(rule.method() + " " + rule.pattern()));
	}

	@TestFactory
	Stream<DynamicTest> eachPanelRoleGetsExactlyWhatTheTableGrants() {
		return Stream.of(PanelRole.values())
			.flatMap((role) -> protectedRoutes()
				.map((route) -> DynamicTest.dynamicTest(role.kratosName() + " " + route, () -> {
					AccessPolicy.Rule rule = rule(route);
					assertThat(rule).as(route + " in the table").isNotNull();
					MockHttpServletRequestBuilder request = route.request()
						.accept(MediaType.TEXT_HTML)
						.cookie(this.panelUsers.get(role));
					if (route.method() != HttpMethod.GET) {
						request.with(csrf());
					}
					MockHttpServletResponse response = perform(request);
					String what = role.kratosName() + " " + route + " status";
					if (role.may(rule.permission())) {
						// a made-up id may well be 404 and an empty form 400; what
						// matters
						// is that security let them through and nothing broke
						assertThat(response.getStatus()).as(what).isNotIn(401, 403).isLessThan(500);
						if (response.getStatus() == 302) {
							assertThat(response.getRedirectedUrl()).as(what).doesNotStartWith("/login");
						}
					}
					else {
						assertThat(response.getStatus()).as(what).isEqualTo(403);
					}
				})));
	}

	/**
	 * The rank rule on every {@code HELP_USERS} route of the table (a helpdesk route
	 * added tomorrow is covered too): a helpdesk user is refused on an administrator and
	 * on another helpdesk user (403, nothing done) and let through on a plain user and a
	 * viewer; an administrator is let through on another administrator.
	 */
	@TestFactory
	Stream<DynamicTest> helpdeskActionsNeedATargetOfWeakerRank() {
		Map<String, String> targets = new java.util.LinkedHashMap<>();
		for (String role : List.of("admin", "helpdesk", "viewer", "")) {
			String email = uniqueEmail("rank-target-" + (role.isEmpty() ? "user" : role));
			targets.put(role,
					TestIdentities
						.create(this.kratos, email, IdentityState.ACTIVE, role.isEmpty() ? List.of() : List.of(role))
						.id());
		}
		List<AccessPolicy.Rule> helpRoutes = AccessPolicy.RULES.stream()
			.filter((rule) -> rule.permission() == PanelPermission.HELP_USERS)
			.toList();
		assertThat(helpRoutes).hasSizeGreaterThanOrEqualTo(8);
		return helpRoutes.stream()
			.flatMap(
					(rule) -> Stream.of(PanelRole.HELPDESK, PanelRole.ADMIN)
						.flatMap(
								(actor) -> targets.entrySet()
									.stream()
									.map((target) -> DynamicTest.dynamicTest(
											actor.kratosName() + " " + rule + " on "
													+ (target.getKey().isEmpty() ? "a plain user" : target.getKey()),
											() -> {
												String path = rule.pattern()
													.replace("{id}", target.getValue())
													.replace("{type}", "totp")
													.replace("{sessionId}", "3f0a6f6e-5f43-4e0b-9d1a-6b7a2f0e9c11");
												MockHttpServletRequestBuilder request = request(rule.method(), path)
													.accept(MediaType.TEXT_HTML)
													.cookie(this.panelUsers.get(actor))
													.param("lifetime", "1h");
												if (rule.method() != HttpMethod.GET) {
													request.with(csrf());
												}
												MockHttpServletResponse response = perform(request);
												boolean allowed = actor.mayActOn(PanelRole.of(target.getKey()));
												assertThat(allowed)
													.isEqualTo(actor == PanelRole.ADMIN || target.getKey().isEmpty()
															|| target.getKey().equals("viewer"));
												if (allowed) {
													assertThat(response.getStatus()).isIn(200, 302);
												}
												else {
													assertThat(response.getStatus()).isEqualTo(403);
													assertThat(response.getContentAsString())
														.contains("id=\"outranked\"")
														.doesNotContain("one-time-secret");
												}
											}))));
	}

	@Test
	void unknownPathsAreRefusedEvenToAnAdministrator() throws Exception {
		assertThat(perform(request(HttpMethod.GET, "/no-such-page").accept(MediaType.TEXT_HTML).cookie(this.admin))
			.getStatus()).isEqualTo(403);
		assertThat(perform(request(HttpMethod.GET, "/no-such-page").accept(MediaType.TEXT_HTML)).getRedirectedUrl())
			.startsWith("/login");
	}

	private static AccessPolicy.Rule rule(Route route) {
		return AccessPolicy.RULES.stream()
			.filter((rule) -> rule.method() == route.method() && rule.pattern().equals(route.pattern()))
			.findFirst()
			.orElse(null);
	}

	@TestFactory
	Stream<DynamicTest> anonymousPageRequestIsSentToSignIn() {
		return protectedRoutes().map((route) -> DynamicTest.dynamicTest(route.toString(), () -> {
			MockHttpServletResponse response = perform(route.request().accept(MediaType.TEXT_HTML).with(csrf()));
			assertThat(response.getStatus()).as(route + " status").isEqualTo(302);
			assertThat(response.getRedirectedUrl()).as(route + " redirect").startsWith("/login");
		}));
	}

	@TestFactory
	Stream<DynamicTest> anonymousNonPageRequestGets401() {
		return protectedRoutes().map((route) -> DynamicTest.dynamicTest(route.toString(), () -> {
			MockHttpServletResponse response = perform(route.request().accept(MediaType.APPLICATION_JSON).with(csrf()));
			assertThat(response.getStatus()).as(route + " status").isEqualTo(401);
		}));
	}

	@TestFactory
	Stream<DynamicTest> signedInUserWithoutPanelRoleGets403() {
		return protectedRoutes().map((route) -> DynamicTest.dynamicTest(route.toString(), () -> {
			MockHttpServletResponse response = perform(
					route.request().accept(MediaType.TEXT_HTML).cookie(this.user).with(csrf()));
			assertThat(response.getStatus()).as(route + " status").isEqualTo(403);
		}));
	}

	@TestFactory
	Stream<DynamicTest> stateChangeWithoutCsrfTokenIsForbiddenEvenForAnAdministrator() {
		// sign-out is served by a filter, not a handler mapping
		return Stream.concat(routes().stream(), Stream.of(new Route(HttpMethod.POST, "/logout", "/logout")))
			.filter((route) -> route.method() != HttpMethod.GET)
			.filter((route) -> PUBLIC_PREFIXES.stream().noneMatch(route.path()::startsWith))
			.filter((route) -> !route.path().equals("/error"))
			.map((route) -> DynamicTest.dynamicTest(route.toString(), () -> {
				MockHttpServletResponse response = perform(
						route.request().accept(MediaType.TEXT_HTML).cookie(this.admin));
				assertThat(response.getStatus()).as(route + " status").isEqualTo(403);
			}));
	}

	@TestFactory
	Stream<DynamicTest> actuatorExposesOnlyHealthWithoutSignIn() {
		return Stream
			.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/prometheus",
					"/actuator/metrics", "/actuator/loggers", "/actuator/heapdump", "/actuator/info")
			.map((path) -> DynamicTest.dynamicTest(path, () -> {
				MockHttpServletResponse anonymous = perform(
						request(HttpMethod.GET, path).accept(MediaType.APPLICATION_JSON));
				assertThat(anonymous.getStatus()).as(path).isEqualTo(401);
				MockHttpServletResponse user = perform(
						request(HttpMethod.GET, path).accept(MediaType.APPLICATION_JSON).cookie(this.user));
				assertThat(user.getStatus()).as(path).isEqualTo(403);
			}));
	}

	@Test
	void actuatorInfoAndMetricsAreForAdministratorsOnly() throws Exception {
		for (String path : List.of("/actuator/info", "/actuator/prometheus")) {
			for (PanelRole role : PanelRole.values()) {
				MockHttpServletResponse response = perform(
						request(HttpMethod.GET, path).accept(MediaType.ALL).cookie(this.panelUsers.get(role)));
				assertThat(response.getStatus()).as(role + " " + path)
					.isEqualTo(role.may(PanelPermission.OPERATE_PANEL) ? 200 : 403);
			}
		}
	}

	@Test
	void publicRoutesNeedNoSignIn() throws Exception {
		assertThat(perform(request(HttpMethod.GET, "/login").accept(MediaType.TEXT_HTML)).getStatus()).isEqualTo(200);
		assertThat(perform(request(HttpMethod.GET, "/actuator/health")).getStatus()).isEqualTo(200);
		assertThat(perform(request(HttpMethod.GET, "/actuator/health/liveness")).getStatus()).isEqualTo(200);
		assertThat(perform(request(HttpMethod.GET, "/css/admin.css")).getStatus()).isEqualTo(200);
		assertThat(perform(request(HttpMethod.GET, "/js/copy.js")).getStatus()).isEqualTo(200);
		assertThat(perform(request(HttpMethod.GET, "/webjars/bootstrap/css/bootstrap.min.css")).getStatus())
			.isEqualTo(200);
	}

	private Stream<Route> protectedRoutes() {
		return routes().stream()
			.filter((route) -> !PUBLIC_ROUTES.contains(route.toString()))
			.filter((route) -> PUBLIC_PREFIXES.stream().noneMatch(route.path()::startsWith));
	}

	/**
	 * Every method and path the application maps, path variables filled with sample
	 * values.
	 */
	List<Route> routes() {
		Set<Route> routes = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			List<HttpMethod> httpMethods = methods.isEmpty() ? List.of(HttpMethod.GET, HttpMethod.POST)
					: methods.stream().map((m) -> HttpMethod.valueOf(m.name())).toList();
			for (String pattern : info.getPatternValues()) {
				for (HttpMethod method : httpMethods) {
					routes.add(new Route(method, pattern, sample(pattern)));
				}
			}
		}
		return new ArrayList<>(routes);
	}

	private static String sample(String pattern) {
		return pattern.replaceAll("\\{[^}]*[iI]d[^}]*}", "3f0a6f6e-5f43-4e0b-9d1a-6b7a2f0e9c11")
			.replaceAll("\\{\\*[^}]*}", "x")
			.replaceAll("\\{[^}]*}", "sample")
			.replace("/**", "/x");
	}

	private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn().getResponse();
	}

	record Route(HttpMethod method, String pattern, String path) implements Comparable<Route> {

		MockHttpServletRequestBuilder request() {
			return MockMvcRequestBuilders.request(this.method, this.path);
		}

		@Override
		public int compareTo(Route other) {
			return toString().compareTo(other.toString());
		}

		@Override
		public String toString() {
			return this.method.name() + " " + this.path;
		}

	}

}

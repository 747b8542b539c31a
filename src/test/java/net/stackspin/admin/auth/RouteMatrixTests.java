package net.stackspin.admin.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.servlet.http.Cookie;
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
 * Deny by default, proven for every route the application maps: the routes come from
 * Spring MVC's own handler mappings, so a page added tomorrow is covered without touching
 * this test. Signed-in users are real Kratos sessions (an administrator and a plain
 * user), not mocks.
 */
// the self-service pages on (they are off by default), so their routes are in the matrix
// too
@SpringBootTest(properties = "stackspin.self-service.enabled=true")
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteMatrixTests extends KratosIntegrationTest {

	/** Routes anyone may use: the sign-in page and the error page. */
	static final Set<String> PUBLIC_ROUTES = Set.of("GET /login", "POST /login", "GET /error", "POST /error",
			"PUT /error", "PATCH /error", "DELETE /error");

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

	@BeforeAll
	void signInAnAdministratorAndAUser() {
		String adminEmail = uniqueEmail("matrix-admin");
		TestIdentities.admin(this.kratos, adminEmail);
		this.admin = new Cookie(COOKIE,
				this.kratosPublic.signInWithPassword(adminEmail, TestIdentities.PASSWORD).sessionToken());
		String userEmail = uniqueEmail("matrix-user");
		TestIdentities.user(this.kratos, userEmail);
		this.user = new Cookie(COOKIE,
				this.kratosPublic.signInWithPassword(userEmail, TestIdentities.PASSWORD).sessionToken());
	}

	@Test
	void routesAreDiscovered() {
		assertThat(routes()).contains(new Route(HttpMethod.GET, "/identities"), new Route(HttpMethod.POST, "/login"))
			.hasSizeGreaterThan(3);
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
	Stream<DynamicTest> signedInNonAdministratorGets403() {
		return protectedRoutes().map((route) -> DynamicTest.dynamicTest(route.toString(), () -> {
			MockHttpServletResponse response = perform(
					route.request().accept(MediaType.TEXT_HTML).cookie(this.user).with(csrf()));
			assertThat(response.getStatus()).as(route + " status").isEqualTo(403);
		}));
	}

	@TestFactory
	Stream<DynamicTest> administratorIsLetIn() {
		return protectedRoutes().filter((route) -> route.method() == HttpMethod.GET)
			.map((route) -> DynamicTest.dynamicTest(route.toString(), () -> {
				MockHttpServletResponse response = perform(
						route.request().accept(MediaType.TEXT_HTML).cookie(this.admin));
				// a made-up id in the path may well be 404; what matters is that security
				// let
				// the administrator through and nothing broke
				assertThat(response.getStatus()).as(route + " status").isIn(200, 302, 404);
				if (response.getStatus() == 302) {
					assertThat(response.getRedirectedUrl()).as(route + " redirect").doesNotStartWith("/login");
				}
			}));
	}

	@TestFactory
	Stream<DynamicTest> stateChangeWithoutCsrfTokenIsForbiddenEvenForAnAdministrator() {
		// sign-out is served by a filter, not a handler mapping
		return Stream.concat(routes().stream(), Stream.of(new Route(HttpMethod.POST, "/logout")))
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
					routes.add(new Route(method, sample(pattern)));
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

	record Route(HttpMethod method, String path) implements Comparable<Route> {

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

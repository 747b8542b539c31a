package net.stackspin.admin.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.servlet.http.Cookie;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Signing in through the real Kratos: who gets in, who does not, and what they are told.
 */
@SpringBootTest(properties = { "stackspin.security.session-check-interval=1s",
		"stackspin.security.sign-in-failures-per-email=3" })
@AutoConfigureMockMvc
class SignInIntegrationTests extends KratosIntegrationTest {

	static final String COOKIE = "stackspin_admin_session";

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosPublicClient kratosPublic;

	@Autowired
	MeterRegistry meters;

	@Test
	void signInWhenAdministratorThenSessionCookieAndRedirectToTarget() throws Exception {
		String email = uniqueEmail("admin");
		TestIdentities.admin(this.kratos, email);
		MockHttpServletResponse response = signIn(email, TestIdentities.PASSWORD, "/identities?size=50")
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities?size=50"))
			.andReturn()
			.getResponse();
		String setCookie = response.getHeader("Set-Cookie");
		assertThat(setCookie).startsWith(COOKIE + "=").contains("HttpOnly").contains("SameSite=Lax").contains("Secure");
		Cookie session = response.getCookie(COOKIE);
		this.mvc.perform(get("/identities").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Signed in as Test Person")));
	}

	@Test
	void signedInAsNamesAnAdministratorWithoutEmailByTheSchemasRule() throws Exception {
		String username = "root-" + UUID.randomUUID().toString().substring(0, 8);
		this.kratos.createIdentityWithPassword(
				new NewIdentity("names-username", Map.of("username", username, "full_name", "Grace Hopper"),
						IdentityState.ACTIVE, List.of(AdminRole.KRATOS_ROLE)),
				TestIdentities.PASSWORD);
		Cookie session = signIn(username, TestIdentities.PASSWORD, null).andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getCookie(COOKIE);
		// the name as the schema has it, the sign-in username as its label
		this.mvc.perform(get("/identities").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("title=\"" + username + "\">Signed in as Grace Hopper</span>")));
	}

	@Test
	void signInWhenWrongPasswordThenKratosMessageAndEmailKept() throws Exception {
		String email = uniqueEmail("wrong");
		TestIdentities.admin(this.kratos, email);
		signIn(email, "not-the-password-at-all", null).andExpect(status().isUnauthorized())
			.andExpect(content().string(containsString("credentials are invalid")))
			.andExpect(content().string(containsString("value=\"" + email + "\"")))
			.andExpect(content().string(not(containsString("not-the-password-at-all"))))
			.andExpect(header().doesNotExist("Set-Cookie"));
	}

	@Test
	void signInWhenFieldsMissingThenMessagesAtTheFieldsAndNoSignInAtKratos() throws Exception {
		long before = kratosCalls();
		signIn(" ", "", null).andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"email-error\"")))
			.andExpect(content().string(containsString("Enter your e-mail address.")))
			.andExpect(content().string(containsString("Enter your password.")))
			.andExpect(header().doesNotExist("Set-Cookie"));
		// a hand-made POST without the fields at all
		this.mvc.perform(post("/login").with(csrf()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Enter your e-mail address.")))
			.andExpect(content().string(containsString("Enter your password.")));
		assertThat(kratosCalls()).isEqualTo(before);
	}

	@Test
	void signInWhenFieldsTooLongThenMessagesAtTheFieldsTheAddressKeptAndThePasswordNot() throws Exception {
		String email = "a".repeat(310) + "@example.org";
		String password = "p".repeat(1025);
		signIn(email, password, null).andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("An e-mail address has at most 320 characters.")))
			.andExpect(content().string(containsString("A password here has at most 1,024 characters.")))
			.andExpect(content().string(containsString("value=\"" + email + "\"")))
			.andExpect(content().string(not(containsString(password))));
	}

	@Test
	void signInWhenNotAdministratorThenRefusedAndKratosSessionEnded() throws Exception {
		String email = uniqueEmail("user");
		TestIdentities.user(this.kratos, email);
		signIn(email, TestIdentities.PASSWORD, null).andExpect(status().isForbidden())
			.andExpect(content().string(containsString("This account has no role in this panel")))
			.andExpect(content().string(containsString("value=\"" + email + "\"")));
	}

	@Test
	void signInWhenIdentityInactiveThenRefused() throws Exception {
		String email = uniqueEmail("inactive");
		TestIdentities.create(this.kratos, email, IdentityState.INACTIVE, java.util.List.of(AdminRole.KRATOS_ROLE));
		signIn(email, TestIdentities.PASSWORD, null).andExpect(status().is4xxClientError())
			.andExpect(header().doesNotExist("Set-Cookie"))
			.andExpect(content().string(not(containsString("Signed in as"))));
	}

	@Test
	void signInWhenTooManyFailuresThenTryAgainLaterEvenWithTheRightPassword() throws Exception {
		String email = uniqueEmail("limited");
		TestIdentities.admin(this.kratos, email);
		for (int i = 0; i < 3; i++) {
			signIn(email, "wrong-password-" + i, null).andExpect(status().isUnauthorized());
		}
		signIn(email, TestIdentities.PASSWORD, null).andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"))
			.andExpect(content().string(containsString("Too many failed sign-in attempts. Try again in")));
	}

	@Test
	void signInWhenTargetIsAnotherSiteThenRedirectsIntoThePanel() throws Exception {
		String email = uniqueEmail("redirect");
		TestIdentities.admin(this.kratos, email);
		for (String evil : new String[] { "https://evil.example/", "//evil.example/x", "/\\evil.example",
				"javascript:alert(1)" }) {
			signIn(email, TestIdentities.PASSWORD, evil).andExpect(status().isFound())
				.andExpect(redirectedUrl("/identities"));
		}
	}

	@Test
	void pageWhenAnonymousThenSentToSignInRememberingWhere() throws Exception {
		this.mvc.perform(get("/identities?size=50").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?continue=/identities?size%3D50"));
		this.mvc.perform(get("/identities").accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
	}

	@Test
	void pageWhenSessionRevokedInKratosThenSignedOutWithinTheCheckInterval() throws Exception {
		String email = uniqueEmail("revoked");
		IdentitySummary admin = TestIdentities.admin(this.kratos, email);
		Cookie session = signIn(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(COOKIE);
		this.mvc.perform(get("/identities").cookie(session)).andExpect(status().isOk());
		this.kratos.revokeSessions(admin.id());
		Thread.sleep(1100);
		this.mvc.perform(get("/identities").cookie(session).accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(header().string("Set-Cookie", containsString(COOKIE + "=;")));
	}

	@Test
	void pageWhenAdminRoleRemovedThenForbiddenWithinTheCheckInterval() throws Exception {
		String email = uniqueEmail("demoted");
		IdentitySummary admin = TestIdentities.admin(this.kratos, email);
		Cookie session = signIn(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(COOKIE);
		this.mvc.perform(get("/identities").cookie(session)).andExpect(status().isOk());
		this.kratos.revokeRole(admin.id(), AdminRole.KRATOS_ROLE);
		Thread.sleep(1100);
		this.mvc.perform(get("/identities").cookie(session)).andExpect(status().isForbidden());
	}

	@Test
	void pageWhenIdentityDeactivatedThenSignedOutWithinTheCheckInterval() throws Exception {
		String email = uniqueEmail("deactivated");
		IdentitySummary admin = TestIdentities.admin(this.kratos, email);
		Cookie session = signIn(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(COOKIE);
		this.kratos.setState(admin.id(), IdentityState.INACTIVE);
		Thread.sleep(1100);
		this.mvc.perform(get("/identities").cookie(session).accept(MediaType.TEXT_HTML)).andExpect(status().isFound());
	}

	@Test
	void logoutWhenSignedInThenKratosSessionEndsAndCookieCleared() throws Exception {
		String email = uniqueEmail("logout");
		TestIdentities.admin(this.kratos, email);
		Cookie session = signIn(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(COOKIE);
		assertThat(this.kratosPublic.sessionForToken(session.getValue())).isPresent();
		this.mvc.perform(post("/logout").cookie(session).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?logout"))
			.andExpect(header().string("Set-Cookie", containsString(COOKIE + "=;")));
		assertThat(this.kratosPublic.sessionForToken(session.getValue())).isEmpty();
	}

	@Test
	void logoutWhenNoCsrfTokenThenForbiddenAndSessionKept() throws Exception {
		String email = uniqueEmail("logout-csrf");
		TestIdentities.admin(this.kratos, email);
		Cookie session = signIn(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(COOKIE);
		this.mvc.perform(post("/logout").cookie(session)).andExpect(status().isForbidden());
		assertThat(this.kratosPublic.sessionForToken(session.getValue())).isPresent();
	}

	@Test
	void signInWhenNoCsrfTokenThenForbidden() throws Exception {
		this.mvc.perform(post("/login").param("email", "a@example.org").param("password", "x"))
			.andExpect(status().isForbidden());
	}

	@Test
	void cookieWhenForgedThenClearedAndAnonymous() throws Exception {
		this.mvc
			.perform(get("/identities").cookie(new Cookie(COOKIE, "ory_st_" + UUID.randomUUID()))
				.accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound());
	}

	@Test
	void parallelWrongPasswordsForOneAddressThenOnlyTheLimitReachesKratos() throws Exception {
		String email = uniqueEmail("parallel");
		TestIdentities.admin(this.kratos, email);
		List<Integer> statuses = inParallel(40, (i) -> signIn(email, "wrong-password-" + i, null, "10.10.0." + i));
		assertThat(statuses).filteredOn((s) -> s == 401).as("asked Kratos").hasSize(3);
		assertThat(statuses).filteredOn((s) -> s == 429).hasSize(37);
		signIn(email, TestIdentities.PASSWORD, null, "10.10.1.1").andExpect(status().isTooManyRequests());
	}

	@Test
	void parallelWrongPasswordsFromOneClientThenOnlyTheClientLimitReachesKratos() throws Exception {
		List<Integer> statuses = inParallel(40,
				(i) -> signIn(uniqueEmail("spray"), "wrong-password-" + i, null, "10.20.0.1"));
		assertThat(statuses).filteredOn((s) -> s == 401).as("asked Kratos").hasSize(20);
		assertThat(statuses).filteredOn((s) -> s == 429).hasSize(20);
	}

	@Test
	void unicodeAndCaseSpellingsOfOneAddressCountAsOne() throws Exception {
		String email = uniqueEmail("spelling");
		TestIdentities.admin(this.kratos, email);
		// Kratos itself takes them for the same account
		signIn(email.toUpperCase(Locale.ROOT) + " ", TestIdentities.PASSWORD, null, "10.30.0.1")
			.andExpect(status().isFound());
		String[] spellings = { email + " ", email.toUpperCase(Locale.ROOT) + "　", " " + email, email + " ",
				email + "" };
		for (int i = 0; i < 3; i++) {
			signIn(spellings[i], "wrong-password-" + i, null, "10.30.1." + i).andExpect(status().isUnauthorized());
		}
		for (String spelling : new String[] { spellings[3], spellings[4], email }) {
			signIn(spelling, TestIdentities.PASSWORD, null, "10.30.2.1").andExpect(status().isTooManyRequests());
		}
	}

	@Test
	void wrongPasswordsForAKnownAddressDoNotLockItsOwnerOutOfABrowserUsedBefore() throws Exception {
		String email = uniqueEmail("owner");
		TestIdentities.admin(this.kratos, email);
		Cookie device = signIn(email, TestIdentities.PASSWORD, null, "198.51.100.7").andExpect(status().isFound())
			.andExpect(header().stringValues("Set-Cookie",
					org.hamcrest.Matchers.hasItem(containsString(SignInDevices.COOKIE + "="))))
			.andReturn()
			.getResponse()
			.getCookie(SignInDevices.COOKIE);
		assertThat(device).isNotNull();
		for (int i = 0; i < 5; i++) {
			signIn(email, "guess-" + i, null, "203.0.113." + i).andExpect(status().is4xxClientError());
		}
		// a browser without the cookie waits
		signIn(email, TestIdentities.PASSWORD, null, "198.51.100.8").andExpect(status().isTooManyRequests());
		this.mvc
			.perform(post("/login").with(csrf())
				.with(from("198.51.100.7"))
				.cookie(device)
				.param("email", email)
				.param("password", TestIdentities.PASSWORD))
			.andExpect(status().isFound());
		// the cookie counts for its own e-mail address only
		this.mvc
			.perform(post("/login").with(csrf())
				.with(from("203.0.113.50"))
				.cookie(device)
				.param("email", uniqueEmail("other"))
				.param("password", "x-wrong"))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void continueWithTemplateBracesIsAPlainPath() throws Exception {
		this.mvc.perform(get("/login").param("continue", "/{x}").accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"/%7Bx%7D\"")));
		String email = uniqueEmail("braces");
		TestIdentities.admin(this.kratos, email);
		Cookie session = signIn(email, TestIdentities.PASSWORD, "/{x}").andExpect(status().isFound())
			.andExpect(redirectedUrl("/%7Bx%7D"))
			.andReturn()
			.getResponse()
			.getCookie(COOKIE);
		this.mvc.perform(get("/login").param("continue", "/identities/{id}?q={q}").cookie(session))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities/%7Bid%7D?q=%7Bq%7D"));
	}

	private List<Integer> inParallel(int tasks, ParallelSignIn signIn) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(tasks);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < tasks; i++) {
				int n = i;
				futures.add(pool.submit(() -> {
					start.await();
					return signIn.run(n).andReturn().getResponse().getStatus();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> future : futures) {
				statuses.add(future.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	interface ParallelSignIn {

		ResultActions run(int index) throws Exception;

	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	/**
	 * Sign-in flows started with Kratos so far, as the panel's own metric counts them.
	 */
	private long kratosCalls() {
		return this.meters.find("stackspin.kratos.requests")
			.tag("operation", "create_login_flow")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private ResultActions signIn(String email, String password, String target, String client) throws Exception {
		var request = post("/login").with(csrf()).with(from(client)).param("email", email).param("password", password);
		if (target != null) {
			request.param("target", target);
		}
		return this.mvc.perform(request);
	}

	private org.springframework.test.web.servlet.ResultActions signIn(String email, String password, String target)
			throws Exception {
		var request = post("/login").with(csrf()).param("email", email).param("password", password);
		if (target != null) {
			request.param("target", target);
		}
		return this.mvc.perform(request);
	}

}

package net.stackspin.admin.auth;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.Cookie;

import net.stackspin.admin.audit.AuditEvent;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.onboarding.PublicApi;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.RecordedAudit;
import net.stackspin.admin.testing.TestIdentities;
import net.stackspin.admin.testing.Totp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Administrators with a second factor sign in with their password and then a code,
 * against the real Kratos: enrolled the way a person does it (Kratos's settings flow with
 * an authenticator app's code, backup codes confirmed).
 */
@SpringBootTest(properties = "stackspin.security.sign-in-failures-per-email=3")
@AutoConfigureMockMvc
@Import(RecordedAudit.class)
class SecondFactorSignInIntegrationTests extends KratosIntegrationTest {

	static final String SESSION = "stackspin_admin_session";

	static final String PENDING = PendingSignIn.COOKIE;

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	RecordedAudit.Events audit;

	final PublicApi publicApi = new PublicApi(KRATOS.publicUrl());

	@Test
	void adminWithTotpSignsInWithPasswordAndCodeAndLandsOnTheTarget() throws Exception {
		String email = uniqueEmail("totp-admin");
		String secret = adminWithTotp(email);

		MockHttpServletResponse first = password(email, TestIdentities.PASSWORD, "/identities?size=50")
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login/second-factor"))
			.andReturn()
			.getResponse();
		assertThat(first.getCookie(SESSION)).as("no panel session before the second factor").isNull();
		Cookie pending = first.getCookie(PENDING);
		assertThat(pending).isNotNull();
		assertThat(first.getHeader("Set-Cookie")).contains("HttpOnly").contains("SameSite=Strict");

		this.mvc.perform(get("/login/second-factor").cookie(pending))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Code from your authenticator app")))
			.andExpect(content().string(containsString("autocomplete=\"one-time-code\"")));

		MockHttpServletResponse second = code(pending, "totp", Totp.code(secret, Instant.now()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities?size=50"))
			.andReturn()
			.getResponse();
		Cookie session = second.getCookie(SESSION);
		assertThat(session).isNotNull();
		assertThat(second.getCookie(PENDING).getMaxAge()).as("the pending sign-in is cleared").isZero();
		this.mvc.perform(get("/identities").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Signed in as Test Person")));
		AuditEvent success = lastSignIn(email);
		assertThat(success.outcome()).isEqualTo("success");
		assertThat(success.values()).containsEntry("method", "totp");
		assertThat(success.actor().role()).isEqualTo("admin");
	}

	@Test
	void thePasswordAloneOpensNothing() throws Exception {
		String email = uniqueEmail("totp-password-only");
		adminWithTotp(email);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		// the pending cookie is no session
		this.mvc.perform(get("/identities").cookie(pending).accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?continue=/identities"));
		// nor is a first-factor session of Kratos's own, set as the panel's cookie
		String aal1 = this.publicApi.signIn(email, TestIdentities.PASSWORD, null);
		this.mvc.perform(get("/identities").cookie(new Cookie(SESSION, aal1)).accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?continue=/identities"));
		assertThat(lastSignIn(email).outcome()).isEqualTo("pending");
	}

	@Test
	void aWrongCodeIsToldAndCountsAgainstTheSignInLimit() throws Exception {
		String email = uniqueEmail("totp-wrong");
		String secret = adminWithTotp(email);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		String wrong = wrongCode(secret);
		for (int i = 0; i < 3; i++) {
			code(pending, "totp", wrong).andExpect(status().isUnauthorized())
				.andExpect(content().string(containsString("That code is not right")))
				.andExpect(content().string(not(containsString(wrong))));
		}
		AuditEvent refused = lastSignIn(email);
		assertThat(refused.outcome()).isEqualTo("refused");
		assertThat(refused.values()).containsEntry("reason", "wrong_second_factor");
		// three failures per e-mail: the right code now waits as a wrong password would
		code(pending, "totp", Totp.code(secret, Instant.now())).andExpect(status().isTooManyRequests())
			.andExpect(content().string(containsString("Too many failed sign-in attempts")));
	}

	@Test
	void aBackupCodeWorksOnce() throws Exception {
		String email = uniqueEmail("lookup-admin");
		TestIdentities.admin(this.kratos, email);
		List<String> codes = this.publicApi
			.enrolLookupCodes(this.publicApi.signIn(email, TestIdentities.PASSWORD, null));
		String backup = codes.get(0);

		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		this.mvc.perform(get("/login/second-factor").cookie(pending))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Backup code")));
		Cookie session = code(pending, "lookup_secret", backup).andExpect(status().isFound())
			.andExpect(redirectedUrl("/identities"))
			.andReturn()
			.getResponse()
			.getCookie(SESSION);
		this.mvc.perform(get("/identities").cookie(session)).andExpect(status().isOk());

		Cookie again = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		code(again, "lookup_secret", backup).andExpect(status().isUnauthorized())
			.andExpect(content().string(containsString("That code is not right")));
		code(again, "lookup_secret", codes.get(1)).andExpect(status().isFound());
	}

	@Test
	void bothFactorsOfferedTheAdminChooses() throws Exception {
		String email = uniqueEmail("both-factors");
		String secret = adminWithTotp(email);
		// backup codes on top need a session with the second factor: the panel's is one
		Cookie first = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		String aal2 = code(first, "totp", Totp.code(secret, Instant.now())).andReturn()
			.getResponse()
			.getCookie(SESSION)
			.getValue();
		this.publicApi.enrolLookupCodes(aal2);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		this.mvc.perform(get("/login/second-factor").cookie(pending))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"method-totp\"")))
			.andExpect(content().string(containsString("id=\"method-lookup_secret\"")));
	}

	@Test
	void aTamperedOrMissingPendingSignInStartsAgainWithoutAnError() throws Exception {
		this.mvc.perform(get("/login/second-factor")).andExpect(redirectedUrl("/login?expired"));
		this.mvc.perform(get("/login/second-factor").cookie(new Cookie(PENDING, "bm90LXNlYWxlZA")))
			.andExpect(redirectedUrl("/login?expired"));
		this.mvc
			.perform(post("/login/second-factor").with(csrf())
				.cookie(new Cookie(PENDING, "x".repeat(300)))
				.param("method", "totp")
				.param("code", "123456"))
			.andExpect(redirectedUrl("/login?expired"));
		this.mvc.perform(get("/login").param("expired", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Sign in again")));
	}

	@Test
	void anIdentityDeletedBetweenTheStepsStartsAgain() throws Exception {
		String email = uniqueEmail("totp-deleted");
		String secret = adminWithTotp(email);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		IdentitySummary identity = this.kratos.findByIdentifier(email).orElseThrow();
		this.kratos.deleteIdentity(identity.id());
		code(pending, "totp", Totp.code(secret, Instant.now())).andExpect(status().isUnauthorized())
			.andExpect(content().string(containsString("Sign in again")));
	}

	@Test
	void aDeactivatedIdentityBetweenTheStepsIsRefused() throws Exception {
		String email = uniqueEmail("totp-deactivated");
		String secret = adminWithTotp(email);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		this.kratos.setState(this.kratos.findByIdentifier(email).orElseThrow().id(),
				net.stackspin.admin.kratos.IdentityState.INACTIVE);
		ResultActions result = code(pending, "totp", Totp.code(secret, Instant.now()));
		assertThat(result.andReturn().getResponse().getStatus()).isIn(401, 403);
		assertThat(result.andReturn().getResponse().getCookie(SESSION)).isNull();
	}

	@Test
	void anEmptyOrOverlongCodeIsToldAtTheField() throws Exception {
		String email = uniqueEmail("totp-empty");
		adminWithTotp(email);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		code(pending, "totp", " ").andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"code-error\"")))
			.andExpect(content().string(containsString("Enter the code.")));
		code(pending, "totp", "1".repeat(65)).andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("at most 64 characters")));
		// a method the identity does not have is not asked of Kratos
		code(pending, "webauthn", "").andExpect(status().isBadRequest());
	}

	@Test
	void theSecondStepSpeaksDutch() throws Exception {
		String email = uniqueEmail("totp-dutch");
		String secret = adminWithTotp(email);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		this.mvc.perform(get("/login/second-factor").cookie(pending).header("Accept-Language", "nl"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Tweede stap: je tweede factor")));
		this.mvc
			.perform(post("/login/second-factor").with(csrf())
				.cookie(pending)
				.header("Accept-Language", "nl")
				.param("method", "totp")
				.param("code", wrongCode(secret)))
			.andExpect(status().isUnauthorized())
			.andExpect(content().string(containsString("Die code klopt niet")));
	}

	@Test
	void cancellingEndsTheHalfMadeSession() throws Exception {
		String email = uniqueEmail("totp-cancel");
		String secret = adminWithTotp(email);
		Cookie pending = password(email, TestIdentities.PASSWORD, null).andReturn().getResponse().getCookie(PENDING);
		this.mvc.perform(post("/login/second-factor/cancel").with(csrf()).cookie(pending))
			.andExpect(redirectedUrl("/login"));
		code(pending, "totp", Totp.code(secret, Instant.now())).andExpect(status().isUnauthorized())
			.andExpect(content().string(containsString("Sign in again")));
	}

	/** An admin who enrolled an authenticator app in Kratos's settings flow. */
	private String adminWithTotp(String email) {
		TestIdentities.admin(this.kratos, email);
		return this.publicApi.enrolTotp(this.publicApi.signIn(email, TestIdentities.PASSWORD, null));
	}

	/** A code that is not the current one (nor one of its neighbours Kratos accepts). */
	private static String wrongCode(String secret) {
		String now = Totp.code(secret, Instant.now());
		String candidate = now.equals("000000") ? "111111" : "000000";
		for (int i = -2; i <= 2; i++) {
			if (candidate.equals(Totp.code(secret, Instant.now().plusSeconds(30L * i)))) {
				candidate = "999999";
			}
		}
		return candidate;
	}

	private ResultActions password(String email, String password, String target) throws Exception {
		var request = post("/login").with(csrf()).param("email", email).param("password", password);
		if (target != null) {
			request.param("target", target);
		}
		return this.mvc.perform(request);
	}

	private ResultActions code(Cookie pending, String method, String code) throws Exception {
		return this.mvc.perform(
				post("/login/second-factor").with(csrf()).cookie(pending).param("method", method).param("code", code));
	}

	private AuditEvent lastSignIn(String email) {
		List<AuditEvent> events = this.audit.events()
			.stream()
			.filter((event) -> event.action().equals("sign_in"))
			.filter((event) -> email.equalsIgnoreCase(event.actor().label()) || (event.actor().label() != null
					&& event.actor().label().equalsIgnoreCase(SignInIdentifier.key(email))))
			.toList();
		assertThat(events).as("sign_in events of %s", email).isNotEmpty();
		return events.get(events.size() - 1);
	}

}

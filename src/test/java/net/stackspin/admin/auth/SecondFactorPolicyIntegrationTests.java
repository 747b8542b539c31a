package net.stackspin.admin.auth;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.Cookie;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.onboarding.PublicApi;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import net.stackspin.admin.testing.Totp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

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
 * {@code stackspin.security.second-factor=required-for-admins} against the real Kratos:
 * an administrator without a second factor reaches only the page that says how to set one
 * up; with one, everything; other roles are not held to it.
 */
@SpringBootTest(
		properties = { "stackspin.security.second-factor=required-for-admins", "stackspin.self-service.enabled=true" })
@AutoConfigureMockMvc
class SecondFactorPolicyIntegrationTests extends KratosIntegrationTest {

	static final String SESSION = "stackspin_admin_session";

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	final PublicApi publicApi = new PublicApi(KRATOS.publicUrl());

	@Test
	void anAdminWithoutASecondFactorReachesOnlyTheSetUpPage() throws Exception {
		String email = uniqueEmail("policy-admin");
		TestIdentities.admin(this.kratos, email);
		Cookie session = this.mvc
			.perform(post("/login").with(csrf())
				.param("email", email)
				.param("password", TestIdentities.PASSWORD)
				.param("target", "/identities"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/second-factor/setup"))
			.andReturn()
			.getResponse()
			.getCookie(SESSION);
		for (String page : List.of("/identities", "/identities/new", "/activity", "/identities/import")) {
			this.mvc.perform(get(page).cookie(session).accept(MediaType.TEXT_HTML))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/second-factor/setup"));
		}
		this.mvc.perform(post("/identities/new").cookie(session).with(csrf()))
			.andExpect(redirectedUrl("/second-factor/setup"));
		this.mvc.perform(get("/second-factor/setup").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Set up a second factor first")))
			.andExpect(content().string(containsString("href=\"/self-service/settings\"")))
			.andExpect(content().string(containsString("id=\"setup-sign-out\"")))
			.andExpect(content().string(not(containsString("id=\"nav-activity\""))));
		this.mvc.perform(get("/second-factor/setup").cookie(session).header("Accept-Language", "nl"))
			.andExpect(content().string(containsString("Stel eerst een tweede factor in")));
		this.mvc.perform(post("/logout").cookie(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
	}

	@Test
	void anAdminWhoSetUpASecondFactorSignsInWithItAndGetsEverything() throws Exception {
		String email = uniqueEmail("policy-admin-totp");
		TestIdentities.admin(this.kratos, email);
		String secret = this.publicApi.enrolTotp(this.publicApi.signIn(email, TestIdentities.PASSWORD, null));
		Cookie pending = this.mvc
			.perform(post("/login").with(csrf()).param("email", email).param("password", TestIdentities.PASSWORD))
			.andExpect(redirectedUrl("/login/second-factor"))
			.andReturn()
			.getResponse()
			.getCookie(PendingSignIn.COOKIE);
		Cookie session = this.mvc
			.perform(post("/login/second-factor").with(csrf())
				.cookie(pending)
				.param("method", "totp")
				.param("code", Totp.code(secret, Instant.now())))
			.andExpect(redirectedUrl("/identities"))
			.andReturn()
			.getResponse()
			.getCookie(SESSION);
		this.mvc.perform(get("/identities/new").cookie(session)).andExpect(status().isOk());
		this.mvc.perform(get("/activity").cookie(session)).andExpect(status().isOk());
	}

	@Test
	void aViewerIsNotHeldToTheAdminsPolicy() throws Exception {
		String email = uniqueEmail("policy-viewer");
		TestIdentities.create(this.kratos, email, IdentityState.ACTIVE, List.of("viewer"));
		Cookie session = this.mvc
			.perform(post("/login").with(csrf()).param("email", email).param("password", TestIdentities.PASSWORD))
			.andExpect(redirectedUrl("/identities"))
			.andReturn()
			.getResponse()
			.getCookie(SESSION);
		this.mvc.perform(get("/identities").cookie(session)).andExpect(status().isOk());
	}

	@Test
	void theSetUpPageWithoutASessionOffersSignIn() throws Exception {
		this.mvc.perform(get("/second-factor/setup"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/login\"")));
		assertThat(SecondFactorPolicy.REQUIRED.requires(PanelRole.VIEWER)).isTrue();
	}

}

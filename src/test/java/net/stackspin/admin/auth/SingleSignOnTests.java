package net.stackspin.admin.auth;

import java.util.List;

import jakarta.servlet.http.Cookie;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosFlows;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Single sign-on: with {@code stackspin.security.sso.enabled}, Kratos's own browser
 * session cookie (from a real browser login through Kratos's public API) signs an
 * administrator in without the form; a plain user's cookie does not.
 */
@SpringBootTest(properties = { "stackspin.security.sso.enabled=true",
		"stackspin.security.sso.cookie-name=" + KratosFlows.KRATOS_SESSION_COOKIE })
@AutoConfigureMockMvc
class SingleSignOnTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void pageWhenKratosBrowserSessionOfAdministratorThenSignedInWithoutTheForm() throws Exception {
		String email = uniqueEmail("sso-admin");
		TestIdentities.admin(this.kratos, email);
		Cookie kratosCookie = kratosBrowserCookie(email);
		this.mvc.perform(get("/identities").accept(MediaType.TEXT_HTML).cookie(kratosCookie))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Signed in as Test Person")));
	}

	@Test
	void pageWhenKratosBrowserSessionOfViewerThenReadOnly() throws Exception {
		String email = uniqueEmail("sso-viewer");
		TestIdentities.create(this.kratos, email, IdentityState.ACTIVE, List.of("viewer"));
		Cookie kratosCookie = kratosBrowserCookie(email);
		this.mvc.perform(get("/identities").accept(MediaType.TEXT_HTML).cookie(kratosCookie))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("id=\"new-identity\""))));
		this.mvc.perform(get("/identities/new").accept(MediaType.TEXT_HTML).cookie(kratosCookie))
			.andExpect(status().isForbidden());
	}

	@Test
	void pageWhenKratosBrowserSessionOfPlainUserThenForbidden() throws Exception {
		String email = uniqueEmail("sso-user");
		TestIdentities.user(this.kratos, email);
		this.mvc.perform(get("/identities").accept(MediaType.TEXT_HTML).cookie(kratosBrowserCookie(email)))
			.andExpect(status().isForbidden());
	}

	@Test
	void pageWhenKratosCookieIsForgedThenSentToSignIn() throws Exception {
		this.mvc
			.perform(get("/identities").accept(MediaType.TEXT_HTML)
				.cookie(new Cookie(KratosFlows.KRATOS_SESSION_COOKIE, "MTY5-not-a-real-session")))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?continue=/identities"));
	}

	private static Cookie kratosBrowserCookie(String email) {
		String value = new KratosFlows(KRATOS.publicUrl()).browserLogin(email, TestIdentities.PASSWORD)
			.cookie(KratosFlows.KRATOS_SESSION_COOKIE);
		return new Cookie(KratosFlows.KRATOS_SESSION_COOKIE, value);
	}

}

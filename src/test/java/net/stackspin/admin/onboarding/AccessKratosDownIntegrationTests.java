package net.stackspin.admin.onboarding;

import java.util.UUID;

import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The access page and its actions with Kratos gone: the 503 page, nothing else. */
@SpringBootTest
@AutoConfigureMockMvc
class AccessKratosDownIntegrationTests {

	private static final String DEAD_URL = "http://127.0.0.1:" + KratosServer.freePort();

	private static final String PAGE = "/identities/" + UUID.randomUUID() + "/access";

	@DynamicPropertySource
	static void deadKratos(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", () -> DEAD_URL);
		registry.add("stackspin.kratos.public-url", () -> DEAD_URL);
	}

	@Autowired
	MockMvc mvc;

	@Test
	void pageWhenKratosDownThen503() throws Exception {
		this.mvc.perform(get(PAGE).with(SignedIn.admin()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("Kratos unreachable")))
			.andExpect(content().string(not(containsString(DEAD_URL))));
	}

	@Test
	void actionsWhenKratosDownThen503AndNothingDone() throws Exception {
		for (String action : new String[] { "/invitation", "/recovery-link", "/recovery-code", "/recovery-email",
				"/second-factors/totp/reset", "/sessions/revoke", "/sessions/" + UUID.randomUUID() + "/revoke" }) {
			this.mvc.perform(post(PAGE + action).param("lifetime", "1h").with(SignedIn.admin()).with(csrf()))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string(containsString("Kratos unreachable")));
		}
	}

}

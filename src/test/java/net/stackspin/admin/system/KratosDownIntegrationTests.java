package net.stackspin.admin.system;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The panel with its Kratos gone: not ready, and a clear 503 page instead of a stack
 * trace.
 */
@SpringBootTest
@AutoConfigureMockMvc
class KratosDownIntegrationTests {

	private static final String DEAD_URL = "http://127.0.0.1:" + KratosServer.freePort();

	@DynamicPropertySource
	static void deadKratos(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", () -> DEAD_URL);
		registry.add("stackspin.kratos.public-url", () -> DEAD_URL);
	}

	@Autowired
	MockMvc mvc;

	@Test
	void readinessWhenKratosDownThenDown() throws Exception {
		this.mvc.perform(get("/actuator/health/readiness"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.status").value("DOWN"));
	}

	@Test
	void signInWhenKratosDownThenClearMessageAndEmailKept() throws Exception {
		this.mvc
			.perform(post("/login").with(csrf()).param("email", "admin@example.org").param("password", "whatever-1234"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("does not answer right now")))
			.andExpect(content().string(containsString("value=\"admin@example.org\"")));
	}

	@Test
	void livenessWhenKratosDownThenStillUp() throws Exception {
		this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
	}

	@Test
	void identitiesWhenKratosDownThen503PageWithoutStackTrace() throws Exception {
		this.mvc.perform(get("/identities").with(SignedIn.admin()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("Kratos unreachable")))
			.andExpect(content().string(not(containsString("Exception"))))
			.andExpect(content().string(not(containsString(DEAD_URL))));
	}

	@Test
	void bulkActionsWhenKratosDownThen503PageAndNothingClaimedDone() throws Exception {
		for (String path : java.util.List.of("/identities/bulk", "/identities/bulk/run")) {
			this.mvc
				.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
					.with(SignedIn.admin())
					.with(csrf())
					.param("action", "deactivate")
					.param("ids", "6f1f6a40-0d8c-4d55-9c3e-111111111111"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string(containsString("Kratos unreachable")))
				.andExpect(content().string(not(containsString("Deactivated."))))
				.andExpect(content().string(not(containsString(DEAD_URL))));
		}
	}

}

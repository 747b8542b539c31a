package net.stackspin.admin.system;

import net.stackspin.admin.testing.KratosIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Health with the real Kratos up: ready, live, and nothing about Kratos's address
 * exposed.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HealthIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Test
	void readinessWhenKratosReadyThenUp() throws Exception {
		this.mvc.perform(get("/actuator/health/readiness"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(content().string(not(containsString(KRATOS.adminUrl()))));
	}

	@Test
	void livenessWhenRunningThenUp() throws Exception {
		this.mvc.perform(get("/actuator/health/liveness"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
	}

	@Test
	void staticAssetsWhenAnonymousThenServed() throws Exception {
		this.mvc.perform(get("/webjars/bootstrap/css/bootstrap.min.css")).andExpect(status().isOk());
		this.mvc.perform(get("/css/admin.css")).andExpect(status().isOk());
	}

}

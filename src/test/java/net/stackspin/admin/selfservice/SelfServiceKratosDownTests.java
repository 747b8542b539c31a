package net.stackspin.admin.selfservice;

import java.util.UUID;

import net.stackspin.admin.testing.KratosServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Kratos gone: the end user gets the pages' own 503 page, nothing of the admin area.
 */
@SpringBootTest(properties = "stackspin.self-service.enabled=true")
@AutoConfigureMockMvc
class SelfServiceKratosDownTests {

	private static final String DEAD_URL = "http://127.0.0.1:" + KratosServer.freePort();

	@DynamicPropertySource
	static void deadKratos(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", () -> DEAD_URL);
		registry.add("stackspin.kratos.public-url", () -> DEAD_URL);
	}

	@Autowired
	MockMvc mvc;

	@Test
	void kratosDownShowsTheSelfServiceUnavailablePage() throws Exception {
		this.mvc.perform(get("/self-service/recovery").param("flow", UUID.randomUUID().toString()).accept("text/html"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(allOf(containsString("Temporarily unavailable"),
					containsString("class=\"self-service\""), not(containsString("/identities")))));
	}

}

package net.stackspin.admin.selfservice;

import net.stackspin.admin.testing.KratosIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code stackspin.self-service.enabled=false} (a cluster whose login app serves
 * Kratos's pages) the paths do not exist, and do not lead to the admin sign-in either.
 */
@SpringBootTest(properties = "stackspin.self-service.enabled=false")
@AutoConfigureMockMvc
class SelfServiceDisabledTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Test
	void selfServicePathsAre404() throws Exception {
		for (String path : new String[] { "/self-service/recovery", "/self-service/settings?flow=x",
				"/self-service/login", "/self-service/verification", "/self-service/error?id=stub:500" }) {
			this.mvc.perform(get(path).accept("text/html")).andExpect(status().isNotFound());
		}
	}

	@Test
	void theAdminAreaIsUnchanged() throws Exception {
		this.mvc.perform(get("/identities").accept("text/html"))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", org.hamcrest.Matchers.containsString("/login")));
	}

}

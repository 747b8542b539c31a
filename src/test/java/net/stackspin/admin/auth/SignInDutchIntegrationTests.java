package net.stackspin.admin.auth;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The real Kratos's refusal of a wrong password, on the sign-in page in Dutch: its text
 * by its id, not Kratos's English.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SignInDutchIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void aWrongPasswordIsRefusedInDutchOnADutchPage() throws Exception {
		String email = uniqueEmail("dutch-wrong");
		TestIdentities.admin(this.kratos, email);
		this.mvc
			.perform(post("/login").with(csrf())
				.header(HttpHeaders.ACCEPT_LANGUAGE, "nl")
				.param("email", email)
				.param("password", "niet-het-wachtwoord"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().string(containsString("De gegevens kloppen niet.")))
			.andExpect(content().string(not(containsString("credentials are invalid"))));
		this.mvc
			.perform(post("/login").with(csrf())
				.header(HttpHeaders.ACCEPT_LANGUAGE, "en")
				.param("email", email)
				.param("password", "not-the-password"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().string(containsString("The provided credentials are invalid")))
			// the self-service pages are off here: no link to a recovery page that is not
			// there
			.andExpect(content().string(not(containsString("forgot-password"))));
	}

}

package net.stackspin.admin.identities;

import java.util.Map;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A search by a name finds nobody in Kratos (it searches sign-in identifiers only), and
 * the list then says what is searched instead of leaving the administrator guessing.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SearchHintIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void aSearchByNameFindsNobodyAndSaysWhatIsSearched() throws Exception {
		String email = uniqueEmail("hint");
		String surname = "Jansen" + email.hashCode();
		this.kratos.createIdentity(NewIdentity.withTraits(Map.of("email", email, "name", Map.of("last", surname))));

		String byName = page(surname, "en");
		assertThat(byName).contains("No user matches.")
			.contains("id=\"search-hint\"")
			.contains("Only sign-in identifiers (e-mail address, username, phone number) and user ids are searched");
		assertThat(page(surname, "nl")).contains("Er wordt alleen gezocht op aanmeldnamen");

		String byEmail = page(email, "en");
		assertThat(byEmail).contains(email).doesNotContain("search-hint");
		assertThat(this.mvc.perform(get("/identities").with(SignedIn.admin()))
			.andReturn()
			.getResponse()
			.getContentAsString()).doesNotContain("search-hint");
	}

	private String page(String q, String language) throws Exception {
		return this.mvc.perform(
				get("/identities").param("q", q).header(HttpHeaders.ACCEPT_LANGUAGE, language).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}

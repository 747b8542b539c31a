package net.stackspin.admin.identities;

import java.util.List;

import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Made-up list parameters against the real Kratos: an invented page token is a 400 page
 * with a way back to the first page, not a 500; a bad page size or search term is no
 * error either.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IdentityListBadInputIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Test
	void inventedPageTokenGivesA400PageWithALinkToTheFirstPage() throws Exception {
		for (String token : List.of("garbage", "{x}", "%", "a".repeat(5000), "00000000-0000-0000-0000-000000000000x",
				"eyJpZCI6Ind1dCJ9")) {
			MockHttpServletResponse response = list("page", token);
			assertThat(response.getStatus()).as(token).isEqualTo(400);
			assertThat(response.getContentAsString()).as(token)
				.contains("Page link not valid")
				.contains("id=\"first-page\" href=\"/identities\"")
				.doesNotContain("Exception");
		}
	}

	@Test
	void badPageSizeOrSearchTermIsNoServerError() throws Exception {
		assertThat(list("size", "abc").getStatus()).isEqualTo(400);
		assertThat(list("size", "-1").getStatus()).isEqualTo(200);
		assertThat(list("size", "99999999999999999999").getStatus()).isEqualTo(400);
		for (String q : List.of("%", "{x}", "'\"<>", "a".repeat(5000), "\u0000", "victim@x\u00A0")) {
			MockHttpServletResponse response = list("q", q);
			assertThat(response.getStatus()).as(q).isEqualTo(200);
			assertThat(response.getContentAsString()).as(q).doesNotContain("Exception");
		}
	}

	private MockHttpServletResponse list(String parameter, String value) throws Exception {
		return this.mvc.perform(get("/identities").param(parameter, value).with(SignedIn.admin()))
			.andReturn()
			.getResponse();
	}

}

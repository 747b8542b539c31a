package net.stackspin.admin.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a sign-in may lead: a local path, taken literally. */
class SafeRedirectTests {

	@Test
	void templateBracesAndOtherCharactersAreTakenLiterally() {
		assertThat(SafeRedirect.target("/{x}")).isEqualTo("/%7Bx%7D");
		assertThat(SafeRedirect.target("/identities?q={a}&size=50")).isEqualTo("/identities?q=%7Ba%7D&size=50");
		assertThat(SafeRedirect.target("/identities?q=a b\"<>")).isEqualTo("/identities?q=a%20b%22%3C%3E");
		assertThat(SafeRedirect.target("/identities?q=é")).isEqualTo("/identities?q=%C3%A9");
		assertThat(SafeRedirect.target("/identities?q=%7Bx%7D%")).isEqualTo("/identities?q=%7Bx%7D%25");
	}

	@Test
	void otherSitesAndTheSignInPageGoToTheList() {
		for (String evil : new String[] { "https://evil.example/", "//evil.example", "/\\evil.example", "/login",
				"javascript:alert(1)", "/x\r\nLocation: https://evil.example", "" }) {
			assertThat(SafeRedirect.target(evil)).as(evil).isEqualTo("/identities");
		}
	}

	@Test
	void theRedirectNeitherExpandsTemplatesNorAppendsTheModel() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		SafeRedirect.to("/{x}")
			.render(Map.of("x", "expanded", "email", "a@example.org"), new MockHttpServletRequest("POST", "/login"),
					response);
		assertThat(response.getRedirectedUrl()).isEqualTo("/%7Bx%7D");
	}

}

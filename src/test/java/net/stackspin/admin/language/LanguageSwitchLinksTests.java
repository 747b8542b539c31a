package net.stackspin.admin.language;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The footer's links keep the page and its query, and set only {@code lang}. */
class LanguageSwitchLinksTests {

	@Test
	void aGetPageKeepsItsQueryAndReplacesLang() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/self-service/settings");
		request.setQueryString("flow=abc-123&lang=en");
		assertThat(new LanguageSwitchLinks().languageLinks(request)).containsEntry("nl",
				"/self-service/settings?flow=abc-123&lang=nl");
	}

	@Test
	void theAnswerToAPostLinksRelativeToTheBrowsersAddress() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/identities/x/edit");
		assertThat(new LanguageSwitchLinks().languageLinks(request)).containsEntry("en", "?lang=en");
	}

}

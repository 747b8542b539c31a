package net.stackspin.admin.language;

import java.util.Map;

import jakarta.servlet.http.Cookie;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The pages in the browser's language against the real Kratos: Dutch for a Dutch browser,
 * with {@code <html lang="nl">}; the footer's switch overrides the browser and is
 * remembered; English without either.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LanguageIntegrationTests extends KratosIntegrationTest {

	private static final String DUTCH = "nl-NL,nl;q=0.9,en;q=0.5";

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void aDutchBrowserGetsTheSignInPageInDutch() throws Exception {
		String html = page(get("/login").header(HttpHeaders.ACCEPT_LANGUAGE, DUTCH)).getContentAsString();
		assertThat(html).contains("<html lang=\"nl\"")
			.contains("Aanmelden")
			.contains("Wachtwoord")
			.contains("Alleen Stackspin-beheerders kunnen zich hier aanmelden.")
			.doesNotContain("Only Stackspin administrators");
	}

	@Test
	void withoutAcceptLanguageThePagesAreEnglish() throws Exception {
		String html = page(get("/login")).getContentAsString();
		assertThat(html).contains("<html lang=\"en\"").contains("Only Stackspin administrators");
	}

	@Test
	void aBrowserAskingForALanguageThePanelLacksGetsTheDefaultAndItsLang() throws Exception {
		String html = page(get("/login").header(HttpHeaders.ACCEPT_LANGUAGE, "de-DE,de;q=0.9")).getContentAsString();
		assertThat(html).contains("<html lang=\"en\"").contains("Only Stackspin administrators");
	}

	@Test
	void theListTheDetailAndAValidationErrorAreDutch() throws Exception {
		String email = uniqueEmail("taal");
		IdentitySummary user = this.kratos.createIdentity(NewIdentity.withTraits(Map.of("email", email)));

		String list = page(
				get("/identities").param("q", email).header(HttpHeaders.ACCEPT_LANGUAGE, DUTCH).with(SignedIn.admin()))
			.getContentAsString();
		assertThat(list).contains("<html lang=\"nl\"")
			.contains("Gebruikers")
			.contains("Resultaten voor")
			.contains("actief")
			.contains(email)
			.contains("Afmelden");

		String detail = page(
				get("/identities/" + user.id()).header(HttpHeaders.ACCEPT_LANGUAGE, DUTCH).with(SignedIn.admin()))
			.getContentAsString();
		assertThat(detail).contains("<html lang=\"nl\"")
			.contains("Profiel")
			.contains("Toegang &amp; herstel")
			.contains("Bewerken")
			.contains("Aanmeldmethoden");

		String invalid = this.mvc
			.perform(post("/identities/" + user.id() + "/edit").header(HttpHeaders.ACCEPT_LANGUAGE, DUTCH)
				.param("schema", "default")
				.param("traits.email", "geen-e-mailadres")
				.with(SignedIn.admin())
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(invalid).contains("<html lang=\"nl\"")
			.contains("Gebruiker bewerken")
			.contains("Vul een geldig e-mailadres in.")
			.contains("De gebruiker is niet opgeslagen.")
			.doesNotContain("Enter a valid e-mail address.");
	}

	@Test
	void theFooterSwitchSetsACookieThatOverridesTheBrowser() throws Exception {
		MockHttpServletResponse switched = page(
				get("/login").param("lang", "nl").header(HttpHeaders.ACCEPT_LANGUAGE, "en-GB,en;q=0.9"));
		assertThat(switched.getContentAsString()).contains("<html lang=\"nl\"").contains("Wachtwoord");
		Cookie remembered = switched.getCookie("stackspin_lang");
		assertThat(remembered).isNotNull();
		assertThat(remembered.getValue()).isEqualTo("nl");
		assertThat(remembered.isHttpOnly()).isTrue();

		String later = page(get("/login").cookie(remembered).header(HttpHeaders.ACCEPT_LANGUAGE, "en-GB,en;q=0.9"))
			.getContentAsString();
		assertThat(later).contains("<html lang=\"nl\"").contains("Wachtwoord");

		String back = page(
				get("/login").param("lang", "en").cookie(remembered).header(HttpHeaders.ACCEPT_LANGUAGE, DUTCH))
			.getContentAsString();
		assertThat(back).contains("<html lang=\"en\"").contains("Password");
	}

	@Test
	void theFooterLinksStayOnThePageAndMarkTheCurrentLanguage() throws Exception {
		String html = page(
				get("/identities").param("q", "ada").header(HttpHeaders.ACCEPT_LANGUAGE, DUTCH).with(SignedIn.admin()))
			.getContentAsString();
		// MockMvc leaves the query string out; LanguageSwitchLinksTests shows it kept
		assertThat(html).containsPattern("id=\"language-en\"[^>]*href=\"/identities\\?([^\"]*&amp;)?lang=en\"")
			.containsPattern("id=\"language-nl\"[^>]*href=\"/identities\\?([^\"]*&amp;)?lang=nl\"")
			.containsPattern("id=\"language-nl\"[^>]*aria-current=\"true\"");
	}

	@Test
	void anErrorPageIsDutchWithItsLang() throws Exception {
		String html = this.mvc
			.perform(get("/identities/00000000-0000-4000-8000-000000000000").header(HttpHeaders.ACCEPT_LANGUAGE, DUTCH)
				.with(SignedIn.admin()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("<html lang=\"nl\"").contains("Gebruiker niet gevonden");
	}

	private MockHttpServletResponse page(MockHttpServletRequestBuilder request) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
		return response;
	}

}

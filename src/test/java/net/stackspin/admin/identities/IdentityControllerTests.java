package net.stackspin.admin.identities;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosIncompatibleResponseException;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.KratosUnavailableException;
import net.stackspin.admin.testing.AdminWebMvcTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/** The list page's web layer, with the Kratos adapter (our own type) mocked. */
@AdminWebMvcTest(IdentityController.class)
class IdentityControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	KratosAdminClient kratos;

	@MockitoBean
	KratosIdentities identities;

	@MockitoBean
	KratosSchemas schemas;

	/** The stock schema's naming traits: an e-mail identifier and a name object. */
	@BeforeEach
	void defaultSchema() {
		given(this.schemas.schema("default")).willReturn(Map.of("properties",
				Map.of("traits", Map.of("properties", Map.of("email",
						Map.of("type", "string", "title", "E-mail", "ory.sh/kratos",
								Map.of("credentials", Map.of("password", Map.of("identifier", true)))),
						"name", Map.of("type", "object", "title", "Name", "properties", new java.util.TreeMap<>(
								Map.of("first", Map.of("type", "string"), "last", Map.of("type", "string")))))))));
	}

	@Test
	void listWhenFirstPageThenRowsAndNextLink() throws Exception {
		given(this.kratos.listIdentities(25, null))
			.willReturn(new IdentityPage(List.of(identity("ada@example.org", "<b>Ada</b>")), Optional.of("tok/en+1")));
		this.mvc.perform(get("/identities").with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andExpect(view().name("identities/list"))
			.andExpect(model().attribute("pageSize", 25))
			.andExpect(content().string(containsString("ada@example.org")))
			.andExpect(content().string(containsString("&lt;b&gt;Ada&lt;/b&gt; Lovelace")))
			.andExpect(content().string(not(containsString("<b>Ada</b>"))))
			.andExpect(content().string(containsString("/identities?size=25&amp;page=tok/en%2B1")));
	}

	@Test
	void listWhenLastPageThenNoNextLink() throws Exception {
		given(this.kratos.listIdentities(50, "abc"))
			.willReturn(new IdentityPage(List.of(identity("x@example.org", "X")), Optional.empty()));
		this.mvc.perform(get("/identities").param("size", "50").param("page", "abc").with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("rel=\"next\""))));
	}

	@Test
	void listWhenPageSizeNotOfferedThenDefault() throws Exception {
		given(this.kratos.listIdentities(25, null)).willReturn(new IdentityPage(List.of(), Optional.empty()));
		this.mvc.perform(get("/identities").param("size", "100000").with(SignedIn.admin())).andExpect(status().isOk());
		then(this.kratos).should().listIdentities(25, null);
	}

	@Test
	void listWhenKratosUnavailableThen503PageWithoutDetails() throws Exception {
		given(this.kratos.listIdentities(25, null)).willThrow(new KratosUnavailableException(
				"Kratos did not answer list_identities (http://secret-admin:8000)", new RuntimeException()));
		this.mvc.perform(get("/identities").with(SignedIn.admin()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("Kratos unreachable")))
			.andExpect(content().string(not(containsString("secret-admin"))));
	}

	@Test
	void listWhenKratosAnswerUnreadableThen502PageNamingTheTestedVersions() throws Exception {
		given(this.kratos.listIdentities(25, null)).willThrow(new KratosIncompatibleResponseException(
				"Kratos's answer to list_identities could not be read: {\"xyzzy-detail\":1}", null));
		this.mvc.perform(get("/identities").with(SignedIn.admin()))
			.andExpect(status().isBadGateway())
			.andExpect(content().string(containsString("Unexpected answer from Kratos")))
			.andExpect(content()
				.string(containsString("tested with Kratos " + String.join(", ", KratosAdminClient.TESTED_VERSIONS))))
			.andExpect(content().string(containsString("v26.2.0")))
			.andExpect(content().string(not(containsString("xyzzy-detail"))));
	}

	@Test
	void listWhenAnonymousThenSentToSignIn() throws Exception {
		this.mvc.perform(get("/identities").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?continue=/identities"));
	}

	private static IdentitySummary identity(String email, String first) {
		return new IdentitySummary("6f1f6a40-0d8c-4d55-9c3e-111111111111", "default",
				Map.of("email", email, "name", Map.of("first", first, "last", "Lovelace")), IdentityState.ACTIVE, false,
				Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:05Z"));
	}

}

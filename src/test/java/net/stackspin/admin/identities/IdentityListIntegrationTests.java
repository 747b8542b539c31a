package net.stackspin.admin.identities;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The list page against the real Kratos: identities created through the admin API show
 * up.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IdentityListIntegrationTests extends KratosIntegrationTest {

	private static final Pattern NEXT = Pattern.compile("rel=\"next\"\\s+href=\"([^\"]+)\"");

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void listWhenIdentitiesExistThenTheyAreFoundByFollowingNextLinks() throws Exception {
		String email = uniqueEmail("listed");
		this.kratos.createIdentity(NewIdentity
			.withTraits(Map.of("email", email, "name", Map.of("first", "Grace", "last", "<script>alert(1)</script>"))));
		for (int i = 0; i < 30; i++) {
			this.kratos.createIdentity(NewIdentity.withTraits(Map.of("email", uniqueEmail("filler"))));
		}
		String url = "/identities?size=25";
		boolean found = false;
		int pages = 0;
		while (url != null && !found && pages < 1000) {
			String html = this.mvc.perform(get(url).with(SignedIn.admin()))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(html).doesNotContain("<script>alert(1)</script>");
			found = html.contains(email);
			if (found) {
				assertThat(html).contains("Grace &lt;script&gt;alert(1)&lt;/script&gt;");
			}
			Matcher next = NEXT.matcher(html);
			url = next.find() ? HtmlUtils.htmlUnescape(next.group(1)) : null;
			pages++;
		}
		assertThat(found).as("identity %s listed on one of %d pages", email, pages).isTrue();
	}

	@Test
	void listWhenFirstPageOfManyThenNextLinkIsOffered() throws Exception {
		for (int i = 0; i < 26; i++) {
			this.kratos.createIdentity(NewIdentity.withTraits(Map.of("email", uniqueEmail("many"))));
		}
		String html = this.mvc.perform(get("/identities?size=25").with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(NEXT.matcher(html).find()).isTrue();
		assertThat(html).doesNotContain(KRATOS.adminUrl());
	}

}

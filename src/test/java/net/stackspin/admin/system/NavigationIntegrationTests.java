package net.stackspin.admin.system;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The navigation marks the page the administrator is on ({@code aria-current="page"}), in
 * the bar and in the phone's menu, and keeps its entries apart.
 */
@SpringBootTest
@AutoConfigureMockMvc
class NavigationIntegrationTests extends KratosIntegrationTest {

	private static final Pattern LINK = Pattern.compile("<a class=\"nav-link[^\"]*\"[^>]*>[^<]*</a>");

	@Autowired
	MockMvc mvc;

	@Test
	void theUsersPagesMarkUsersAndTheActivityPageMarksActivity() throws Exception {
		String users = page("/identities");
		assertThat(current(users)).containsExactly("Users", "Users");
		assertThat(users).contains("class=\"navbar-nav flex-row gap-3 me-auto\"");
		assertThat(current(page("/identities/new"))).containsExactly("Users", "Users");
		assertThat(current(page("/activity"))).containsExactly("Activity", "Activity");
	}

	/** The texts of the navigation links marked as the current page (bar, then menu). */
	private static java.util.List<String> current(String html) {
		java.util.List<String> marked = new java.util.ArrayList<>();
		Matcher link = LINK.matcher(html);
		while (link.find()) {
			if (link.group().contains("aria-current=\"page\"")) {
				assertThat(link.group()).contains("nav-link active");
				marked.add(link.group().replaceAll("<[^>]+>", "").strip());
			}
		}
		return marked;
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}

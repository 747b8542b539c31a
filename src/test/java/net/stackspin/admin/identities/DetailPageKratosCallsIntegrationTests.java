package net.stackspin.admin.identities;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
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
 * What a page costs in Kratos calls, counted by the adapter's own meters
 * ({@code stackspin.kratos.requests} per operation) against the real Kratos: a user's
 * detail page and edit form read the identity and nothing else once its schema has been
 * read (the schema is reused for {@code stackspin.kratos.schema-cache-ttl}; it used to be
 * read again for every page).
 */
@SpringBootTest
@AutoConfigureMockMvc
class DetailPageKratosCallsIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	MeterRegistry meters;

	@Test
	void twoDetailPagesReadTheSchemaAtMostOnceAndTheSecondIsOneKratosCall() throws Exception {
		IdentitySummary user = this.kratos.createIdentity(new NewIdentity(null,
				Map.of("email", uniqueEmail("cost"), "name", Map.of("first", "Cost", "last", "Counted")),
				IdentityState.ACTIVE, List.of()));
		Map<String, Long> before = calls();
		String first = page("/identities/" + user.id());
		Map<String, Long> afterFirst = calls();
		String second = page("/identities/" + user.id());
		Map<String, Long> afterSecond = calls();

		// the traits shown on both pages, in the schema's order and with its titles
		assertThat(first).contains("Cost").contains("Counted");
		assertThat(second).contains("Cost").contains("Counted");
		assertThat(traitsOf(second)).isEqualTo(traitsOf(first)).contains("First name");
		Map<String, Long> firstPage = delta(before, afterFirst);
		assertThat(firstPage).containsEntry("get_identity", 1L);
		assertThat(firstPage.getOrDefault("get_identity_schema", 0L)).as("schema reads, %s", firstPage)
			.isLessThanOrEqualTo(1L);
		assertThat(delta(afterFirst, afterSecond)).as("Kratos calls of the second detail page")
			.isEqualTo(Map.of("get_identity", 1L));
	}

	@Test
	void anEditFormAfterTheDetailPageIsOneKratosCall() throws Exception {
		IdentitySummary user = this.kratos.createIdentity(new NewIdentity(null,
				Map.of("email", uniqueEmail("cost-edit"), "name", Map.of("first", "Edit", "last", "Counted")),
				IdentityState.ACTIVE, List.of()));
		page("/identities/" + user.id());
		Map<String, Long> before = calls();
		assertThat(page("/identities/" + user.id() + "/edit")).contains("value=\"Edit\"");
		assertThat(delta(before, calls())).as("Kratos calls of the edit form").isEqualTo(Map.of("get_identity", 1L));
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	/** The traits part of a detail page (the rest holds per-response tokens). */
	private static String traitsOf(String page) {
		int start = page.indexOf("<dl class=\"row\" id=\"identity-traits\"");
		return page.substring(start, page.indexOf("</dl>", start));
	}

	/** Calls to Kratos so far, by operation. */
	private Map<String, Long> calls() {
		Map<String, Long> calls = new TreeMap<>();
		for (Timer timer : this.meters.find("stackspin.kratos.requests").timers()) {
			calls.merge(timer.getId().getTag("operation"), timer.count(), Long::sum);
		}
		return calls;
	}

	private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new TreeMap<>();
		after.forEach((operation, count) -> {
			long more = count - before.getOrDefault(operation, 0L);
			if (more != 0) {
				delta.put(operation, more);
			}
		});
		return delta;
	}

}

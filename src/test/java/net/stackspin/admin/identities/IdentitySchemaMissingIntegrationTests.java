package net.stackspin.admin.identities;

import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.RestartableKratos;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An identity schema removed from Kratos's configuration while identities still use it:
 * Kratos then fails every list that includes one of them with HTTP 500. The panel says
 * which schema is missing and how to fix it (not "Kratos unreachable"), and its other
 * pages keep working. Reproduced for real: a Kratos of its own, restarted without the
 * schema, same database.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IdentitySchemaMissingIntegrationTests {

	private static final String GONE = "names-username";

	private static final RestartableKratos OWN_KRATOS = RestartableKratos.start(List.of("default", GONE));

	@DynamicPropertySource
	static void kratosUrls(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", OWN_KRATOS::adminUrl);
		registry.add("stackspin.kratos.public-url", OWN_KRATOS::publicUrl);
	}

	@AfterAll
	static void stopKratos() {
		OWN_KRATOS.close();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void identitiesOfARemovedSchemaGiveAPageNamingItWhileOtherPagesWork() throws Exception {
		IdentitySummary known = TestIdentities.user(this.kratos, "known@example.org");
		IdentitySummary orphan = this.kratos
			.createIdentity(new NewIdentity(GONE, Map.of("username", "orphan"), IdentityState.ACTIVE, List.of()));
		assertThat(page("/identities", 200)).contains("orphan").contains("known@example.org");

		OWN_KRATOS.restart(List.of("default"));

		for (String url : List.of("/identities", "/identities?q=orphan", "/identities/" + orphan.id())) {
			assertThat(page(url, 502)).as(url)
				.contains("Identity schema missing in Kratos")
				.contains("the identity schema “" + GONE + "”")
				.contains("adds the schema “" + GONE + "” back")
				.contains("moves those users to a schema Kratos has")
				.doesNotContain("Kratos unreachable");
		}
		// the rest of the panel: an identity of a served schema, from its link or by
		// search,
		// and the create page
		assertThat(page("/identities/" + known.id(), 200)).contains("known@example.org");
		assertThat(page("/identities?q=know", 200)).contains(">known@example.org</a>");
		assertThat(page("/identities/new", 200)).contains("name=\"traits.email\"");
	}

	private String page(String url, int status) throws Exception {
		return this.mvc.perform(get(url).with(SignedIn.admin()))
			.andExpect(status().is(status))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}

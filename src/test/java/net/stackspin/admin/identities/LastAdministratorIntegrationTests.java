package net.stackspin.admin.identities;

import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.testing.KratosServer;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The last administrator cannot lock everyone out. Runs against a Kratos of its own, so
 * that "the last administrator" is known: the shared one holds other tests' admins.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LastAdministratorIntegrationTests {

	private static final KratosServer OWN_KRATOS = KratosServer.startIsolated();

	@DynamicPropertySource
	static void kratosUrls(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", OWN_KRATOS::adminUrl);
		registry.add("stackspin.kratos.public-url", OWN_KRATOS::publicUrl);
	}

	@AfterAll
	static void stopKratos() {
		OWN_KRATOS.stop();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Autowired
	KratosSchemas schemas;

	@Test
	void lastAdministratorCannotDemoteOrDeactivateThemselvesUntilThereIsAnother() throws Exception {
		IdentitySummary me = TestIdentities.admin(this.kratos, "only-admin@example.org");
		RequestPostProcessor asMe = SignedIn.admin(me.id(), me.email());
		String html = this.mvc.perform(edit(me, Map.of("role", ""), asMe))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"role-error\">You are the last active administrator");
		html = this.mvc.perform(edit(me, Map.of("state", "INACTIVE"), asMe))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"state-error\">You are the last active administrator");
		IdentityDetail unchanged = this.identities.detail(me.id());
		assertThat(unchanged.roles()).containsExactly("admin");
		assertThat(unchanged.state()).isEqualTo(IdentityState.ACTIVE);

		// an inactive administrator does not count
		TestIdentities.create(this.kratos, "inactive-admin@example.org", IdentityState.INACTIVE, List.of("admin"));
		this.mvc.perform(edit(me, Map.of("role", ""), asMe)).andExpect(status().isBadRequest());

		// neither do holders of the other panel roles, and helpdesk is no admin either
		TestIdentities.create(this.kratos, "helpdesk@example.org", IdentityState.ACTIVE, List.of("helpdesk"));
		TestIdentities.create(this.kratos, "viewer@example.org", IdentityState.ACTIVE, List.of("viewer"));
		this.mvc.perform(edit(me, Map.of("role", "helpdesk"), asMe)).andExpect(status().isBadRequest());
		assertThat(this.identities.detail(me.id()).roles()).containsExactly("admin");

		TestIdentities.admin(this.kratos, "second-admin@example.org");
		this.mvc.perform(edit(me, Map.of("role", ""), asMe)).andExpect(status().isFound());
		assertThat(this.identities.detail(me.id()).roles()).isEmpty();
	}

	private MockHttpServletRequestBuilder edit(IdentitySummary user, Map<String, String> changes,
			RequestPostProcessor who) {
		IdentityDetail loaded = this.identities.detail(user.id());
		List<SchemaField> leaves = SchemaField.leaves(IdentitySchemaForm.fields(this.schemas.schema("default")));
		MockHttpServletRequestBuilder request = post("/identities/" + user.id() + "/edit").with(who).with(csrf());
		request.param("schema", loaded.summary().schemaId());
		IdentityForm.valuesOf(loaded, leaves).forEach((name, value) -> {
			request.param(name, changes.getOrDefault(name, value));
			request.param(IdentityForm.ORIGINAL + name, value);
		});
		return request;
	}

}

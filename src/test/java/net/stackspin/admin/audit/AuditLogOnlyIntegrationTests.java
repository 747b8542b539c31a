package net.stackspin.admin.audit;

import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A release without {@code stackspin.audit.database-url} (the Helm chart's default): no
 * connection pool, no store, no health indicator for it; the pages say that events go to
 * the log only, in both languages.
 */
@SpringBootTest
@AutoConfigureMockMvc
class AuditLogOnlyIntegrationTests extends KratosIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	org.springframework.context.ApplicationContext context;

	@Test
	void withoutADatabaseThePagesSayEventsGoToTheLogOnly() throws Exception {
		// the beans are declared (the AOT-processed image decides at run time) but null
		assertThat(this.context.getBeansOfType(AuditStore.class)).isEmpty();
		assertThat(this.context.getBeansOfType(javax.sql.DataSource.class)).as("no data source of Boot's either")
			.isEmpty();
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("log-only"));

		assertThat(page("/identities/" + user.id() + "/history", "en")).contains("id=\"history-log-only\"")
			.contains("written to the log only")
			.doesNotContain("<table");
		assertThat(page("/activity", "nl")).contains("alleen in het log");
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
	}

	private String page(String path, String language) throws Exception {
		return this.mvc.perform(get(path).header("Accept-Language", language).with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}

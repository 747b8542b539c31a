package net.stackspin.admin.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The local run's default: the embedded H2 file database in PostgreSQL mode, exactly as
 * {@code kratos/run-local.sh} configures it (no user, no password). The migrations create
 * the table in the file, real actions are stored and shown, and no shared lock is
 * attempted (there is no advisory lock in H2).
 */
@SpringBootTest
@AutoConfigureMockMvc
class AuditEmbeddedDatabaseIntegrationTests extends KratosIntegrationTest {

	static final Path DIRECTORY = temporaryDirectory();

	@DynamicPropertySource
	static void auditDatabase(DynamicPropertyRegistry registry) {
		registry.add("stackspin.audit.database-url",
				() -> "jdbc:h2:file:" + DIRECTORY.resolve("audit") + ";MODE=PostgreSQL");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	DatabaseAuditSink sink;

	@Autowired
	org.springframework.context.ApplicationContext context;

	@Test
	void actionsAreStoredInTheFileAndShownOnTheHistoryTab() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("embedded"));
		this.mvc
			.perform(post("/identities/" + user.id() + "/access/sessions/revoke").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound());
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();

		assertThat(this.mvc.perform(get("/identities/" + user.id() + "/history").with(SignedIn.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Revoked all sessions").contains("someone-admin@example.org");
		assertThat(DIRECTORY.resolve("audit.mv.db")).exists();
		assertThat(this.context.getBeanProvider(DatabaseLocks.class).getIfAvailable())
			.as("advisory locks are PostgreSQL's only")
			.isNull();
	}

	@Test
	void healthIsUpWhileTheEmbeddedStoreWorks() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("embedded-health"));
		this.mvc
			.perform(post("/identities/" + user.id() + "/access/sessions/revoke").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isFound());
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();

		// H2 folds unquoted names to upper case; a check that names Flyway's (quoted,
		// lower-case) history table unquoted found nothing and stayed DOWN
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("\"status\":\"UP\"")));
	}

	private static Path temporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("stackspin-admin-h2");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}

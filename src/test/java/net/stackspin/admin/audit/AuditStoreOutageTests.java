package net.stackspin.admin.audit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.identities.IdentityForm;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.PostgresServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit database stopped in the middle of a run (the real PostgreSQL, not a
 * stand-in): saving goes on, every event still reaches the log, the History tab says the
 * history is unavailable without hanging, the store's health is DOWN while readiness
 * stays UP, one WARN line tells the operator; started again, the panel recovers without a
 * restart and the events of the outage are stored after all.
 */
@SpringBootTest(properties = "stackspin.audit.connection-timeout=1s")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AuditStoreOutageTests extends KratosIntegrationTest {

	static final PostgresServer POSTGRES = PostgresServer.shared();

	static final String DATABASE = POSTGRES.createDatabase("outage");

	private static final Pattern ORIGINAL = Pattern
		.compile("<input type=\"hidden\" name=\"original\\.([^\"]+)\" value=\"([^\"]*)\">");

	@DynamicPropertySource
	static void auditDatabase(DynamicPropertyRegistry registry) {
		registry.add("stackspin.audit.database-url", () -> DATABASE);
		registry.add("stackspin.audit.database-username", () -> "postgres");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	DatabaseAuditSink sink;

	@Test
	void databaseStoppedMidRunThenActionsGoOnPagesSaySoAndItRecovers(CapturedOutput output) throws Exception {
		String adminEmail = uniqueEmail("outage-admin");
		IdentitySummary adminIdentity = TestIdentities.admin(this.kratos, adminEmail);
		RequestPostProcessor admin = SignedIn.admin(adminIdentity.id(), adminEmail);
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("outage-user"));
		save(user.id(), "Before", admin);
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();
		assertThat(history(user.id(), admin)).contains("Edited user").doesNotContain("history-unavailable");
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());

		int logBefore = output.getAll().length();
		POSTGRES.stop();
		try {
			for (int i = 0; i < 3; i++) {
				long started = System.nanoTime();
				save(user.id(), "During" + i, admin);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a save while the database is down")
					.isLessThan(Duration.ofSeconds(5));
			}
			assertThat(((Map<?, ?>) this.kratos.getIdentity(user.id()).traits().get("name")).get("first"))
				.isEqualTo("During2");

			long started = System.nanoTime();
			String page = history(user.id(), admin);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the History tab while the database is down")
				.isLessThan(Duration.ofSeconds(4));
			assertThat(page).contains("id=\"history-unavailable\"")
				.contains("The history is unavailable right now")
				.doesNotContain("<table");
			assertThat(this.mvc.perform(get("/activity").with(admin))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString()).contains("The history is unavailable right now");

			this.mvc.perform(get("/actuator/health")).andExpect(status().isServiceUnavailable());
			this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
			this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());

			String during = output.getAll().substring(logBefore);
			// every event of the outage is in the log
			assertThat(count(during, "action=identity.update outcome=success")).isEqualTo(3);
			// one line for the outage, no stack trace from the store
			assertThat(count(during, "Audit store unavailable (")).isEqualTo(1);
			assertThat(during).doesNotContain("at org.postgresql").doesNotContain("at com.zaxxer");
		}
		finally {
			POSTGRES.start();
		}

		// back without a restart: the events held during the outage are stored too
		// (PostgreSQL's restart and the pool's reconnect take longer on a busy machine)
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		String page = "";
		while (System.nanoTime() < deadline) {
			page = history(user.id(), admin);
			if (count(page, "data-action=\"identity.update\"") == 4) {
				break;
			}
			Thread.sleep(500);
		}
		assertThat(count(page, "data-action=\"identity.update\"")).as(page).isEqualTo(4);
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		assertThat(output.getAll()).contains("Audit store available again");
	}

	private String history(String id, RequestPostProcessor admin) throws Exception {
		return this.mvc.perform(get("/identities/" + id + "/history").with(admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private void save(String id, String firstName, RequestPostProcessor admin) throws Exception {
		String html = this.mvc.perform(get("/identities/" + id + "/edit").with(admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Map<String, String> original = new LinkedHashMap<>();
		Matcher hidden = ORIGINAL.matcher(html);
		while (hidden.find()) {
			original.put(hidden.group(1), HtmlUtils.htmlUnescape(hidden.group(2)));
		}
		MockHttpServletRequestBuilder request = post("/identities/" + id + "/edit").with(admin)
			.with(csrf())
			.param("schema", "default");
		original.forEach((name, loaded) -> {
			request.param(IdentityForm.ORIGINAL + name, loaded);
			if (!name.equals(IdentityForm.UPDATED_AT)) {
				request.param(name, name.equals("traits.name.first") ? firstName : loaded);
			}
		});
		this.mvc.perform(request).andExpect(status().isFound());
	}

	private static int count(String text, String part) {
		int n = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			n++;
		}
		return n;
	}

}

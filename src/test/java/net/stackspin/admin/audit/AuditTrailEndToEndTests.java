package net.stackspin.admin.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.onboarding.OneTimeSecret;
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
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Real actions through the panel, against the real Kratos and a real PostgreSQL: each
 * becomes one stored event that the History tab and the Activity page show, and no row
 * holds a secret (recovery link or code, their flow) or a personal trait value.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailEndToEndTests extends KratosIntegrationTest {

	static final String DATABASE = PostgresServer.shared().createDatabase("end_to_end");

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
	void everyActionIsOneStoredEventWithoutSecrets(CapturedOutput output) throws Exception {
		String adminEmail = uniqueEmail("acting-admin");
		IdentitySummary adminIdentity = TestIdentities.admin(this.kratos, adminEmail);
		RequestPostProcessor admin = SignedIn.admin(adminIdentity.id(), adminEmail);
		String email = uniqueEmail("audited");

		MvcResult created = this.mvc
			.perform(post("/identities/new").with(admin)
				.with(csrf())
				.param("traits.email", email)
				.param("traits.name.first", "Personal-First-Name")
				.param("state", "ACTIVE"))
			.andExpect(status().isFound())
			.andReturn();
		String id = created.getResponse().getRedirectedUrl().replaceAll(".*/identities/([^/]+).*", "$1");

		Map<String, String> original = editForm(id, admin);
		MockHttpServletRequestBuilder edit = post("/identities/" + id + "/edit").with(admin)
			.with(csrf())
			.param("schema", "default");
		original.forEach((name, loaded) -> {
			edit.param(net.stackspin.admin.identities.IdentityForm.ORIGINAL + name, loaded);
			if (!name.equals(net.stackspin.admin.identities.IdentityForm.UPDATED_AT)) {
				String value = switch (name) {
					case "traits.name.first" -> "Changed-Secret-Name";
					case "state" -> "INACTIVE";
					default -> loaded;
				};
				edit.param(name, value);
			}
		});
		this.mvc.perform(edit).andExpect(status().isFound());

		OneTimeSecret link = secret(id, "/recovery-link", admin);
		OneTimeSecret code = secret(id, "/recovery-code", admin);
		this.mvc.perform(post("/identities/" + id + "/access/sessions/revoke").with(admin).with(csrf()))
			.andExpect(status().isFound());
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();

		String history = this.mvc.perform(get("/identities/" + id + "/history").with(admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(history).contains("Created user", "Edited user", "Created recovery link", "Created recovery code",
				"Revoked all sessions", adminEmail);
		assertThat(history).containsPattern("changed: [^<]*name.first");
		assertThat(history).contains("state = inactive");

		List<Map<String, String>> rows = rows(id);
		assertThat(rows).extracting((row) -> row.get("action"))
			.containsExactlyInAnyOrder("identity.create", "identity.update", "identity.recovery_link",
					"identity.recovery_code", "identity.revoke_sessions");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.get("actor_id")).isEqualTo(adminIdentity.id());
			assertThat(row.get("actor_role")).isEqualTo("admin");
			assertThat(row.get("target_label")).isIn(email, null);
			assertThat(row.get("request_id")).isNotBlank();
			String text = row.toString();
			assertThat(text).doesNotContain(link.value())
				.doesNotContain(code.url())
				.doesNotContain("token=")
				.doesNotContain("flow=")
				.doesNotContain("Personal-First-Name")
				.doesNotContain("Changed-Secret-Name");
			row.entrySet()
				.stream()
				.filter((column) -> !column.getKey().endsWith("_id") && !column.getKey().equals("occurred_at"))
				.forEach((column) -> assertThat(String.valueOf(column.getValue())).as(column.getKey())
					.doesNotContain(code.value()));
		});
		// the same events reached the log, also without secrets
		assertThat(output.getAll()).contains("identity.recovery_code")
			.doesNotContain(link.value())
			.doesNotContain(code.url());

		// after the user is gone, the Activity page still names them
		this.mvc.perform(post("/identities/" + id + "/delete").with(admin).with(csrf())).andExpect(status().isFound());
		assertThat(this.sink.awaitWritten(Duration.ofSeconds(10))).isTrue();
		assertThat(this.mvc.perform(get("/activity").param("target", id).with(admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Deleted user").contains("Created user");
	}

	private OneTimeSecret secret(String id, String action, RequestPostProcessor admin) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/identities/" + id + "/access" + action).with(admin).with(csrf()).param("lifetime", "1h"))
			.andExpect(status().isFound())
			.andReturn();
		OneTimeSecret secret = (OneTimeSecret) result.getFlashMap().get("secret");
		assertThat(secret).as("secret of " + action).isNotNull();
		return secret;
	}

	private Map<String, String> editForm(String id, RequestPostProcessor admin) throws Exception {
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
		return original;
	}

	/** Every stored row about this target, every column as text. */
	static List<Map<String, String>> rows(String targetId) throws Exception {
		List<Map<String, String>> rows = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT * FROM audit_event WHERE target_id = '" + targetId + "' ORDER BY id")) {
			ResultSetMetaData columns = result.getMetaData();
			while (result.next()) {
				Map<String, String> row = new LinkedHashMap<>();
				for (int c = 1; c <= columns.getColumnCount(); c++) {
					row.put(columns.getColumnName(c), result.getString(c));
				}
				rows.add(row);
			}
		}
		return rows;
	}

}

package net.stackspin.admin.system;

import java.util.List;
import java.util.UUID;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

/**
 * {@code logging.structured.format.console=ecs} (what the Helm chart's
 * {@code logging.structuredFormat} sets) turns the console log into one JSON object per
 * line, the audit lines included.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = "logging.structured.format.console=ecs")
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StructuredLoggingIntegrationTests extends KratosIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Spring Boot configures Logback once per JVM while a context is alive; other test
	 * classes' cached contexts keep it configured, so start this context from a clean
	 * logging system (its closing cleans up again for the next context).
	 */
	@BeforeAll
	static void forgetEarlierLoggingConfiguration() {
		LoggingSystem.get(StructuredLoggingIntegrationTests.class.getClassLoader()).cleanUp();
	}

	@Autowired
	AuditTrail audit;

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void auditLineOfARequestCarriesItsRequestIdClientAndTarget(CapturedOutput output) throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("ecs"));
		String requestId = "ecs-" + UUID.randomUUID();
		this.mvc.perform(post("/identities/" + user.id() + "/access/sessions/revoke").with(SignedIn.admin())
			.with(csrf())
			.header("X-Request-Id", requestId)
			.with((request) -> {
				request.setRemoteAddr("198.51.100.23");
				return request;
			})).andExpect(header().string("X-Request-Id", requestId));
		JsonNode json = JSON.readTree(output.getOut()
			.lines()
			.filter((l) -> l.contains("identity.revoke_sessions") && l.contains(requestId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no audit line in:\n" + output.getOut())));
		assertThat(json.at("/http/request/id").asString()).isEqualTo(requestId);
		assertThat(json.at("/request_id").asString()).as("the MDC").isEqualTo(requestId);
		assertThat(json.at("/client/ip").asString()).isEqualTo("198.51.100.23");
		assertThat(json.at("/user/target/id").asString()).isEqualTo(user.id());
		assertThat(json.at("/user/target/name").asString()).isEqualTo(user.email());
		assertThat(json.at("/event/outcome").asString()).isEqualTo("unknown");
		assertThat(json.at("/event/reason").asString()).isEqualTo("absent");
		assertThat(json.has("stackspin")).as("nothing changed, no values, no counts").isFalse();
	}

	@Test
	void auditLineWhenEcsFormatThenOneJsonObjectWithEcsFields(CapturedOutput output) {
		this.audit.event("identity.update")
			.actor("admin-id-1", "boss@example.org", "admin")
			.target("identity-id-2", "jo@example.org")
			.changed(List.of("name.first", "state", "role"))
			.value("state", "inactive")
			.value("role", "helpdesk")
			.count("rows", 3)
			.outcome("refused")
			.record();
		String line = output.getOut()
			.lines()
			.filter((l) -> l.contains("identity.update"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no audit line in:\n" + output.getOut()));
		assertThat(line).startsWith("{").endsWith("}");
		assertThat(line).contains("\"@timestamp\"", "\"ecs\":{\"version\"",
				"\"service\":{\"name\":\"stackspin-admin\"");
		JsonNode json = JSON.readTree(line);
		assertThat(json.at("/log/logger").asString()).isEqualTo("net.stackspin.admin.audit");
		assertThat(json.at("/log/level").asString()).isEqualTo("INFO");
		assertThat(json.at("/event/action").asString()).isEqualTo("identity.update");
		assertThat(json.at("/event/outcome").asString()).isEqualTo("failure");
		assertThat(json.at("/event/reason").asString()).isEqualTo("refused");
		assertThat(json.at("/event/kind").asString()).isEqualTo("event");
		assertThat(json.at("/event/category/0").asString()).isEqualTo("iam");
		assertThat(json.at("/event/type/0").asString()).isEqualTo("change");
		assertThat(json.at("/user/id").asString()).isEqualTo("admin-id-1");
		assertThat(json.at("/user/name").asString()).isEqualTo("boss@example.org");
		assertThat(json.at("/user/roles/0").asString()).isEqualTo("admin");
		assertThat(json.at("/user/target/id").asString()).isEqualTo("identity-id-2");
		assertThat(json.at("/user/target/name").asString()).isEqualTo("jo@example.org");
		assertThat(json.at("/stackspin/changed_fields")).hasSize(3);
		assertThat(json.at("/stackspin/changed_fields/0").asString()).isEqualTo("name.first");
		assertThat(json.at("/stackspin/values/state").asString()).isEqualTo("inactive");
		assertThat(json.at("/stackspin/values/role").asString()).isEqualTo("helpdesk");
		assertThat(json.at("/stackspin/counts/rows").asLong()).isEqualTo(3);
		assertThat(json.at("/message").asString()).contains("action=identity.update", "outcome=refused",
				"changed=name.first,state,role");
	}

}

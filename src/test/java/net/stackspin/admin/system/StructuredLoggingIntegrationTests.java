package net.stackspin.admin.system;

import java.util.List;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.testing.KratosIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logging.structured.format.console=ecs} (what the Helm chart's
 * {@code logging.structuredFormat} sets) turns the console log into one JSON object per
 * line, the audit lines included.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = "logging.structured.format.console=ecs")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StructuredLoggingIntegrationTests extends KratosIntegrationTest {

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
		JsonNode json = JsonMapper.builder().build().readTree(line);
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

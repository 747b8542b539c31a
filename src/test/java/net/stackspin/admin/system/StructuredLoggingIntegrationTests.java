package net.stackspin.admin.system;

import net.stackspin.admin.testing.KratosIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
	AdminActions actions;

	@Test
	void auditLineWhenEcsFormatThenOneJsonObjectPerLine(CapturedOutput output) {
		this.actions.record("identity.delete", "success", "admin-id-1", "identity-id-2");
		String line = output.getOut()
			.lines()
			.filter((l) -> l.contains("identity.delete"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no audit line in:\n" + output.getOut()));
		assertThat(line).startsWith("{").endsWith("}");
		assertThat(line).contains("\"@timestamp\"", "\"ecs\":{\"version\"", "\"service\":{\"name\":\"stackspin-admin\"")
			.contains("\"log\":{\"level\":\"INFO\",\"logger\":\"net.stackspin.admin.audit\"}", "target=identity-id-2");
	}

}

package net.stackspin.admin.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-text audit line: one line whatever a label holds (a refused sign-in's label
 * is what was typed), every fact as {@code key=value}, and ECS's three outcomes.
 */
class AuditLogTests {

	@Test
	void labelWithLineBreaksAndQuotesStaysOnOneLine() {
		AuditEvent event = new AuditEvent(Instant.EPOCH,
				new AuditEvent.Actor(null, "x@example.org\n2026-01-01 INFO forged action=identity.delete\u2028\"",
						null),
				"sign_in", null, "refused", List.of(), Map.of("reason", "invalid_credentials"), Map.of(), "192.0.2.1",
				"req-1");
		String message = AuditLog.message(event);
		assertThat(message).doesNotContain("\n", "\r", "\u2028")
			.isEqualTo("action=sign_in outcome=refused actor=\"x@example.org?2026-01-01 INFO forged "
					+ "action=identity.delete?\\\"\" reason=invalid_credentials client=192.0.2.1 request_id=req-1");
	}

	@Test
	void longLabelIsCut() {
		assertThat(AuditLog.clean("a".repeat(10_000))).hasSize(200);
		assertThat(AuditLog.clean(null)).isNull();
	}

	@Test
	void everyFactOfAnEditIsOnTheLineInAFixedOrder() {
		AuditEvent event = new AuditEvent(Instant.EPOCH, new AuditEvent.Actor("a-1", "boss@example.org", "admin"),
				"identity.update", new AuditEvent.Target("t-2", "jo@example.org"), "success",
				List.of("name.first", "state", "role"), Map.of("state", "inactive", "role", "viewer"), Map.of(), null,
				null);
		assertThat(AuditLog.message(event))
			.isEqualTo("action=identity.update outcome=success actor=\"boss@example.org\" "
					+ "actor_id=a-1 role=admin target=\"jo@example.org\" target_id=t-2 changed=name.first,state,role "
					+ "role=viewer state=inactive");
	}

	@Test
	void outcomesMapToEcsSuccessFailureOrUnknown() {
		assertThat(List.of("success", "link").stream().map(AuditLog::ecsOutcome)).containsOnly("success");
		assertThat(List.of("absent", "gone").stream().map(AuditLog::ecsOutcome)).containsOnly("unknown");
		assertThat(List
			.of("refused", "conflict", "rejected", "invalid", "undone", "mail_failed", "incomplete", "not_found")
			.stream()
			.map(AuditLog::ecsOutcome)).containsOnly("failure");
	}

}

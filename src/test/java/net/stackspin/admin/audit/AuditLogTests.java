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

	private static final String ACTOR_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

	private static final String TARGET_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

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

	/**
	 * Issue 24: a path id that is not a UUID was written raw as {@code target_id}, and a
	 * label ending in {@code \\} escaped the closing quote; either could add a fact.
	 */
	@Test
	void noInputCanForgeAFactOfTheLine() {
		String forgedId = "x target_id=" + TARGET_ID + " outcome=success";
		AuditEvent event = new AuditEvent(Instant.EPOCH,
				new AuditEvent.Actor(ACTOR_ID, "eve\\\" role=admin actor_id=" + TARGET_ID + " x=\\", "helpdesk"),
				"identity.recovery_link", new AuditEvent.Target(forgedId, "t\\"), "refused", List.of("a b", "c"),
				Map.of("reason", "not \"found\" state=active"), Map.of(), "192.0.2.1", "req-1");
		String message = AuditLog.message(event);
		Map<String, List<String>> facts = logfmt(message);
		assertThat(facts).containsOnlyKeys("action", "outcome", "actor", "actor_id", "role", "target", "target_id",
				"changed", "reason", "client", "request_id");
		assertThat(facts.values()).allSatisfy((values) -> assertThat(values).hasSize(1));
		assertThat(facts.get("outcome")).containsExactly("refused");
		assertThat(facts.get("role")).containsExactly("helpdesk");
		assertThat(facts.get("actor_id")).containsExactly(ACTOR_ID);
		assertThat(facts.get("actor")).containsExactly("eve\\\" role=admin actor_id=" + TARGET_ID + " x=\\");
		assertThat(facts.get("target")).containsExactly("t\\");
		assertThat(facts.get("target_id")).containsExactly(forgedId);
		assertThat(message).contains("target_id=\"x target_id=");
		assertThat(facts.get("changed")).containsExactly("a b,c");
		assertThat(facts.get("reason")).containsExactly("not \"found\" state=active");
	}

	@Test
	void aUuidIdIsBareAnyOtherIdQuotedEvenWhenHarmless() {
		AuditEvent event = new AuditEvent(Instant.EPOCH, null, "identity.delete", new AuditEvent.Target("t-2", null),
				"not_found", List.of(), Map.of(), Map.of(), null, null);
		assertThat(AuditLog.message(event)).isEqualTo("action=identity.delete outcome=not_found target_id=\"t-2\"");
	}

	/** The line read back as logfmt: bare values end at a space, quoted ones unescape. */
	private static Map<String, List<String>> logfmt(String line) {
		Map<String, List<String>> facts = new java.util.LinkedHashMap<>();
		int i = 0;
		while (i < line.length()) {
			int equals = line.indexOf('=', i);
			String key = line.substring(i, equals);
			StringBuilder value = new StringBuilder();
			int j = equals + 1;
			if (line.charAt(j) == '"') {
				j++;
				while (line.charAt(j) != '"') {
					if (line.charAt(j) == '\\') {
						j++;
					}
					value.append(line.charAt(j++));
				}
				j++;
			}
			else {
				while (j < line.length() && line.charAt(j) != ' ') {
					value.append(line.charAt(j++));
				}
			}
			facts.computeIfAbsent(key, (k) -> new java.util.ArrayList<>()).add(value.toString());
			i = j + 1;
		}
		return facts;
	}

	@Test
	void longLabelIsCut() {
		assertThat(AuditLog.clean("a".repeat(10_000))).hasSize(200);
		assertThat(AuditLog.clean(null)).isNull();
	}

	@Test
	void everyFactOfAnEditIsOnTheLineInAFixedOrder() {
		AuditEvent event = new AuditEvent(Instant.EPOCH, new AuditEvent.Actor(ACTOR_ID, "boss@example.org", "admin"),
				"identity.update", new AuditEvent.Target(TARGET_ID, "jo@example.org"), "success",
				List.of("name.first", "state", "role"), Map.of("state", "inactive", "role", "viewer"), Map.of(), null,
				null);
		assertThat(AuditLog.message(event))
			.isEqualTo("action=identity.update outcome=success actor=\"boss@example.org\" " + "actor_id=" + ACTOR_ID
					+ " role=admin target=\"jo@example.org\" target_id=" + TARGET_ID + " changed=name.first,state,role "
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

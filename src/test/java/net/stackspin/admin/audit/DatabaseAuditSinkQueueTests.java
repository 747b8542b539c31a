package net.stackspin.admin.audit;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue in front of the audit database while it is down (the writer not running):
 * refused sign-ins of anonymous clients fill at most part of it, so what panel users do
 * still gets in.
 */
class DatabaseAuditSinkQueueTests {

	@Test
	void anonymousEventsLeaveRoomForSignedInActions() {
		DatabaseAuditSink sink = new DatabaseAuditSink(null);
		for (int i = 0; i < DatabaseAuditSink.CAPACITY; i++) {
			sink.accept(event(null, "guess-" + i + "@example.org", null));
		}
		assertThat(sink.queued()).isEqualTo(DatabaseAuditSink.ANONYMOUS_CAPACITY);
		sink.accept(event("8f0e2a3c-0000-4000-8000-000000000001", "admin@example.org", "admin"));
		assertThat(sink.queued()).isEqualTo(DatabaseAuditSink.ANONYMOUS_CAPACITY + 1);
		for (int i = 0; i < DatabaseAuditSink.CAPACITY; i++) {
			sink.accept(event("8f0e2a3c-0000-4000-8000-000000000001", "admin@example.org", "admin"));
		}
		assertThat(sink.queued()).isEqualTo(DatabaseAuditSink.CAPACITY);
	}

	private static AuditEvent event(String actorId, String label, String role) {
		return new AuditEvent(Instant.now(), new AuditEvent.Actor(actorId, label, role), "sign_in", null,
				(role != null) ? "success" : "refused", null, null, null, "192.0.2.9", "request-id");
	}

}

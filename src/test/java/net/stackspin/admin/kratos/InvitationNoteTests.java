package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invitation note in {@code metadata_admin}: its status, the links it remembers, and
 * notes written by hand or by an older panel.
 */
class InvitationNoteTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final String FLOW = "0f9c6a2e-6c1b-4c1e-9a51-3c2f3f1e2d10";

	@Test
	void statusIsPendingUntilTheLinkExpiresAndAcceptedOnceCompleted() {
		InvitationNote sent = InvitationNote.sent(null, NOW, NOW.plusSeconds(3600), "email", FLOW);
		assertThat(sent.status(NOW)).isEqualTo(InvitationNote.Status.PENDING);
		assertThat(sent.status(NOW.plusSeconds(3601))).isEqualTo(InvitationNote.Status.EXPIRED);
		InvitationNote accepted = new InvitationNote(sent.sentAt(), sent.validUntil(), "email", NOW.plusSeconds(60),
				sent.flows());
		assertThat(accepted.status(NOW.plusSeconds(7200))).isEqualTo(InvitationNote.Status.ACCEPTED);
		assertThat(InvitationNote.statusOf(null, NOW)).isEqualTo(InvitationNote.Status.NONE);
	}

	@Test
	void storedAndReadBackRememberingTheRecentLinksOnly() {
		InvitationNote note = null;
		for (int i = 0; i < 7; i++) {
			note = InvitationNote.sent(note, NOW, NOW.plusSeconds(60), (i == 6) ? "link" : "email",
					"00000000-0000-4000-8000-00000000000" + i);
		}
		InvitationNote read = InvitationNote.of(Map.of("roles", List.of("admin"), "invitation", note.toMetadata()));
		assertThat(read).isEqualTo(note);
		assertThat(read.flows()).hasSize(InvitationNote.MAX_FLOWS);
		assertThat(read.flow("00000000-0000-4000-8000-000000000000")).isEmpty();
		assertThat(read.flow("00000000-0000-4000-8000-000000000005"))
			.hasValueSatisfying((flow) -> assertThat(flow.mailed()).isTrue());
		assertThat(read.flow("00000000-0000-4000-8000-000000000006"))
			.hasValueSatisfying((flow) -> assertThat(flow.mailed()).isFalse());
		assertThat(read.toMetadata()).doesNotContainKey("accepted_at");
	}

	@Test
	void anEmailedLinkRemembersTheAddressItWentTo() {
		InvitationNote note = InvitationNote.sent(null, NOW, NOW.plusSeconds(60), "email", FLOW, "ann@example.org");
		InvitationNote read = InvitationNote.of(Map.of("invitation", note.toMetadata()));
		assertThat(read.flow(FLOW))
			.hasValueSatisfying((flow) -> assertThat(flow.address()).isEqualTo("ann@example.org"));
		// a link noted by an older panel names no address: it verifies nothing
		assertThat(InvitationNote.sent(null, NOW, NOW.plusSeconds(60), "email", FLOW).flows().get(0).address())
			.isNull();
	}

	@Test
	void notesOfAnOlderPanelOrEditedByHandAreReadAsFarAsTheyGo() {
		InvitationNote older = InvitationNote.of(Map.of("invitation",
				Map.of("sent_at", "2026-01-01T00:00:00Z", "valid_until", "2026-01-08T00:00:00Z", "delivery", "email")));
		assertThat(older.flows()).isEmpty();
		assertThat(older.status(NOW)).isEqualTo(InvitationNote.Status.EXPIRED);
		InvitationNote garbled = InvitationNote
			.of(Map.of("invitation", Map.of("valid_until", "soon", "links", List.of("x", Map.of("flow", 3)))));
		assertThat(garbled.validUntil()).isNull();
		assertThat(garbled.flows()).isEmpty();
		assertThat(garbled.status(NOW)).isEqualTo(InvitationNote.Status.PENDING);
		assertThat(InvitationNote.of(Map.of("invitation", "yes"))).isNull();
		assertThat(InvitationNote.of((Object) null)).isNull();
		assertThat(InvitationNote
			.of(KratosJson.JSON.readTree("{\"invitation\":{\"accepted_at\":\"2026-02-01T10:00:00Z\"}}"))
			.status(NOW)).isEqualTo(InvitationNote.Status.ACCEPTED);
	}

}

package net.stackspin.admin.kratos;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What the panel noted in an identity's {@code metadata_admin.invitation} about the
 * invitations it sent: when the last went out and until when its link works, how it was
 * delivered, which Kratos recovery flows the recent invitation links belong to (ids only,
 * never a link or token), and when the invited user completed one. A few hundred bytes;
 * no history (that is the audit trail's).
 *
 * @param sentAt when the last invitation was sent
 * @param validUntil when its link stops working
 * @param delivery {@code email} (the panel e-mailed it) or {@code link} (handed to the
 * administrator to pass on)
 * @param acceptedAt when the user completed an invitation link, or null
 * @param flows the recovery flows of the recent invitation links, oldest first
 */
public record InvitationNote(Instant sentAt, Instant validUntil, String delivery, Instant acceptedAt,
		List<Flow> flows) {

	/** The key in {@code metadata_admin}. */
	public static final String METADATA_KEY = "invitation";

	/** How many invitation links are remembered (a resend keeps the earlier ones). */
	public static final int MAX_FLOWS = 5;

	/**
	 * One invitation link's recovery flow, how the link was delivered and, when it was
	 * e-mailed, the address it went to: the one address following it proves (issue 24).
	 */
	public record Flow(String id, String delivery, String address) {

		/** A link noted without its address (handed over, or noted by older versions). */
		public Flow(String id, String delivery) {
			this(id, delivery, null);
		}

		public boolean mailed() {
			return "email".equals(this.delivery);
		}

	}

	/** Where an invitation stands, as the list, the user page and exports say it. */
	public enum Status {

		/** Sent, link still valid, not completed. */
		PENDING,
		/** The user completed an invitation link. */
		ACCEPTED,
		/** Not completed, and the last link no longer works. */
		EXPIRED,
		/** The panel never sent one. */
		NONE;

		/** The lower-case name used in filters, exports and message keys. */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	public InvitationNote {
		flows = (flows != null) ? List.copyOf(flows) : List.of();
	}

	public Status status(Instant now) {
		if (this.acceptedAt != null) {
			return Status.ACCEPTED;
		}
		return (this.validUntil != null && this.validUntil.isBefore(now)) ? Status.EXPIRED : Status.PENDING;
	}

	/** The status of a note that may be missing. */
	public static Status statusOf(InvitationNote note, Instant now) {
		return (note != null) ? note.status(now) : Status.NONE;
	}

	public boolean expired() {
		return this.validUntil != null && this.validUntil.isBefore(Instant.now());
	}

	public boolean mailed() {
		return "email".equals(this.delivery);
	}

	public boolean accepted() {
		return this.acceptedAt != null;
	}

	/** The invitation link of this recovery flow, if it is one of the recent ones. */
	public java.util.Optional<Flow> flow(String recoveryFlowId) {
		return this.flows.stream().filter((flow) -> flow.id().equalsIgnoreCase(recoveryFlowId)).findFirst();
	}

	/**
	 * The note after sending another invitation: accepted no more, this link remembered
	 * with the most recent earlier ones.
	 */
	public static InvitationNote sent(InvitationNote previous, Instant sentAt, Instant validUntil, String delivery,
			String flowId) {
		return sent(previous, sentAt, validUntil, delivery, flowId, null);
	}

	/**
	 * The note after sending another invitation, remembering the address an e-mailed link
	 * went to ({@code address}, null for a link handed over).
	 */
	public static InvitationNote sent(InvitationNote previous, Instant sentAt, Instant validUntil, String delivery,
			String flowId, String address) {
		List<Flow> flows = new ArrayList<>((previous != null) ? previous.flows() : List.of());
		if (flowId != null) {
			flows.add(new Flow(flowId, delivery, address));
		}
		while (flows.size() > MAX_FLOWS) {
			flows.remove(0);
		}
		return new InvitationNote(sentAt, validUntil, delivery, null, flows);
	}

	/** The note as it is stored in {@code metadata_admin.invitation}. */
	public Map<String, Object> toMetadata() {
		Map<String, Object> note = new LinkedHashMap<>();
		note.put("sent_at", text(this.sentAt));
		note.put("valid_until", text(this.validUntil));
		note.put("delivery", this.delivery);
		if (this.acceptedAt != null) {
			note.put("accepted_at", this.acceptedAt.toString());
		}
		List<Map<String, String>> links = new ArrayList<>();
		for (Flow flow : this.flows) {
			links.add((flow.address() != null)
					? Map.of("flow", flow.id(), "delivery", flow.delivery(), "address", flow.address())
					: Map.of("flow", flow.id(), "delivery", flow.delivery()));
		}
		note.put("links", links);
		return note;
	}

	/**
	 * The note in a {@code metadata_admin} of maps and lists, or null when there is none.
	 * A note edited by hand is read as far as it makes sense (bad times as missing).
	 */
	public static InvitationNote of(Object metadataAdmin) {
		if (!(metadataAdmin instanceof Map<?, ?> metadata) || !(metadata.get(METADATA_KEY) instanceof Map<?, ?> note)) {
			return null;
		}
		List<Flow> flows = new ArrayList<>();
		if (note.get("links") instanceof List<?> links) {
			for (Object link : links) {
				if (link instanceof Map<?, ?> entry && entry.get("flow") instanceof String id) {
					flows.add(new Flow(id, String.valueOf(entry.get("delivery")),
							(entry.get("address") instanceof String address) ? address : null));
				}
			}
		}
		return new InvitationNote(instant(note.get("sent_at")), instant(note.get("valid_until")),
				(note.get("delivery") != null) ? String.valueOf(note.get("delivery")) : null,
				instant(note.get("accepted_at")), flows);
	}

	/** The note in Kratos's JSON {@code metadata_admin}, or null when there is none. */
	public static InvitationNote of(JsonNode metadataAdmin) {
		if (metadataAdmin == null || !metadataAdmin.path(METADATA_KEY).isObject()) {
			return null;
		}
		return of(KratosJson.plain(metadataAdmin));
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static Instant instant(Object value) {
		if (!(value instanceof String text) || text.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			try {
				return Rfc3339.parse(text);
			}
			catch (RuntimeException notRfc3339) {
				return null;
			}
		}
	}

}

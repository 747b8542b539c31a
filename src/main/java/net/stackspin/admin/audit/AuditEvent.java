package net.stackspin.admin.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One thing a panel user did (or tried): who, what, to whom, with which outcome. Never
 * carries secrets, links, codes or personal trait values: {@link #changedFields} names
 * fields only, {@link #values} holds only non-personal values such as state and role.
 *
 * @param time when it happened
 * @param actor who did it ({@code null} fields when unknown, e.g. a refused sign-in)
 * @param action what, e.g. {@code identity.update} (see {@link AuditTrail} for the list)
 * @param target whom it concerned, or {@code null} when nobody in particular
 * @param outcome {@code success}, {@code refused}, {@code conflict}, {@code rejected},
 * ...
 * @param changedFields names of changed fields (traits, {@code state}, {@code role})
 * @param values non-secret, non-personal values, e.g. {@code state=inactive}
 * @param counts figures of bulk work, e.g. {@code created=120}
 * @param clientAddress the client's address as resolved behind trusted proxies
 * @param requestId the request's id (also in the access log), or {@code null}
 */
public record AuditEvent(Instant time, Actor actor, String action, Target target, String outcome,
		List<String> changedFields, Map<String, String> values, Map<String, Long> counts, String clientAddress,
		String requestId) {

	public AuditEvent {
		changedFields = (changedFields != null) ? List.copyOf(changedFields) : List.of();
		values = (values != null) ? Map.copyOf(values) : Map.of();
		counts = (counts != null) ? Map.copyOf(counts) : Map.of();
	}

	/**
	 * The panel user who acted.
	 *
	 * @param id Kratos identity id, or {@code null} when unknown
	 * @param label their label by the panel's naming rule (or the identifier tried)
	 * @param role their panel role's Kratos name ({@code admin}, {@code helpdesk},
	 * {@code viewer}), or {@code null}
	 */
	public record Actor(String id, String label, String role) {
	}

	/**
	 * The identity an action concerned.
	 *
	 * @param id Kratos identity id, or {@code null} when it was not created
	 * @param label its label by the panel's naming rule, or {@code null}
	 */
	public record Target(String id, String label) {
	}

}

package net.stackspin.admin.audit;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Writes every audit event as one line of the logger {@code net.stackspin.admin.audit}.
 * The message is readable as plain text; the same facts go along as SLF4J key-value pairs
 * named after the Elastic Common Schema, which Spring Boot's structured logging
 * ({@code logging.structured.format.console=ecs}) nests into one JSON object per line
 * (the shape is in {@code docs/operations.md}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class AuditLog implements AuditSink {

	/** The audit logger's name: route or keep it apart by this. */
	static final String LOGGER_NAME = "net.stackspin.admin.audit";

	private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

	/** Outcomes that achieved what was asked (ECS {@code event.outcome=success}). */
	private static final Set<String> SUCCESSES = Set.of("success", "link");

	/** Outcomes where there was nothing to do (ECS {@code event.outcome=unknown}). */
	private static final Set<String> NOTHING_TO_DO = Set.of("absent", "gone");

	/** Longest text of an actor or target label kept (labels may come from input). */
	private static final int MAX_LABEL = 200;

	@Override
	public void accept(AuditEvent event) {
		if (!log.isInfoEnabled()) {
			return;
		}
		LoggingEventBuilder line = log.atInfo().setMessage(message(event));
		line.addKeyValue("event.kind", "event");
		line.addKeyValue("event.category", List.of(category(event)));
		line.addKeyValue("event.type", List.of(type(event)));
		line.addKeyValue("event.action", event.action());
		line.addKeyValue("event.outcome", ecsOutcome(event.outcome()));
		line.addKeyValue("event.reason", event.outcome());
		AuditEvent.Actor actor = event.actor();
		if (actor != null) {
			addIfPresent(line, "user.id", actor.id());
			addIfPresent(line, "user.name", clean(actor.label()));
			if (actor.role() != null) {
				line.addKeyValue("user.roles", List.of(actor.role()));
			}
		}
		AuditEvent.Target target = event.target();
		if (target != null) {
			addIfPresent(line, "user.target.id", target.id());
			addIfPresent(line, "user.target.name", clean(target.label()));
		}
		addIfPresent(line, "client.ip", event.clientAddress());
		addIfPresent(line, "http.request.id", event.requestId());
		if (!event.changedFields().isEmpty()) {
			line.addKeyValue("stackspin.changed_fields", event.changedFields());
		}
		new TreeMap<>(event.values()).forEach((name, value) -> line.addKeyValue("stackspin.values." + name, value));
		new TreeMap<>(event.counts()).forEach((name, count) -> line.addKeyValue("stackspin.counts." + name, count));
		line.log();
	}

	/**
	 * The plain-text line: every known fact of the event, {@code key=value}, labels in
	 * quotes.
	 */
	static String message(AuditEvent event) {
		StringBuilder text = new StringBuilder();
		text.append("action=").append(event.action()).append(" outcome=").append(event.outcome());
		AuditEvent.Actor actor = event.actor();
		if (actor != null) {
			append(text, "actor", quoted(actor.label()));
			append(text, "actor_id", actor.id());
			append(text, "role", actor.role());
		}
		AuditEvent.Target target = event.target();
		if (target != null) {
			append(text, "target", quoted(target.label()));
			append(text, "target_id", target.id());
		}
		if (!event.changedFields().isEmpty()) {
			append(text, "changed", String.join(",", event.changedFields()));
		}
		// sorted: the event's maps have no order, the line should have one
		new TreeMap<>(event.values()).forEach((name, value) -> append(text, name, value));
		new TreeMap<>(event.counts()).forEach((name, count) -> append(text, name, count));
		append(text, "client", event.clientAddress());
		append(text, "request_id", event.requestId());
		return text.toString();
	}

	private static void append(StringBuilder text, String key, Object value) {
		if (value != null) {
			text.append(' ').append(key).append('=').append(value);
		}
	}

	private static String quoted(String label) {
		String clean = clean(label);
		return (clean != null) ? '"' + clean.replace("\"", "\\\"") + '"' : null;
	}

	/**
	 * A label fit for one log line: no control characters (a refused sign-in's label is
	 * whatever was typed), bounded length.
	 */
	static String clean(String label) {
		if (label == null) {
			return null;
		}
		StringBuilder clean = new StringBuilder(Math.min(label.length(), MAX_LABEL));
		label.codePoints().limit(MAX_LABEL).forEach((c) -> {
			if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
					|| Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
				clean.append('?');
			}
			else {
				clean.appendCodePoint(c);
			}
		});
		return clean.toString();
	}

	private static void addIfPresent(LoggingEventBuilder line, String key, String value) {
		if (value != null) {
			line.addKeyValue(key, value);
		}
	}

	/** ECS allows only {@code success}, {@code failure} and {@code unknown}. */
	static String ecsOutcome(String outcome) {
		if (SUCCESSES.contains(outcome)) {
			return "success";
		}
		return NOTHING_TO_DO.contains(outcome) ? "unknown" : "failure";
	}

	private static String category(AuditEvent event) {
		return event.action().startsWith("sign_") ? "authentication" : "iam";
	}

	/** ECS {@code event.type} for the category: what kind of change it was. */
	private static String type(AuditEvent event) {
		String action = event.action();
		if (action.equals("sign_in")) {
			return "start";
		}
		if (action.equals("sign_out")) {
			return "end";
		}
		if (action.endsWith(".create") || action.endsWith(".import")) {
			return "creation";
		}
		if (action.endsWith(".delete")) {
			return "deletion";
		}
		if (action.endsWith(".export")) {
			return "info";
		}
		return "change";
	}

}

package net.stackspin.admin.audit;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

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

	/** A Kratos identity id as it is written bare. */
	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/**
	 * A value written bare: printable ASCII without space, quote or backslash, so it
	 * cannot end itself and start another {@code key=value}.
	 */
	private static final Pattern BARE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]+");

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
			addIfPresent(line, "user.target.id", isUuid(target.id()) ? target.id() : clean(target.id()));
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
	 * quotes. Ids are bare only when they are UUIDs and other values only when nothing in
	 * them could end them ({@link #BARE}); anything else is cleaned and quoted, with
	 * {@code \\} and {@code "} escaped, so no input can forge a fact of the line (issue
	 * 24: a path id was written raw as {@code target_id}).
	 */
	static String message(AuditEvent event) {
		StringBuilder text = new StringBuilder();
		text.append("action=").append(event.action()).append(" outcome=").append(event.outcome());
		AuditEvent.Actor actor = event.actor();
		if (actor != null) {
			appendQuoted(text, "actor", actor.label());
			appendId(text, "actor_id", actor.id());
			append(text, "role", actor.role());
		}
		AuditEvent.Target target = event.target();
		if (target != null) {
			appendQuoted(text, "target", target.label());
			appendId(text, "target_id", target.id());
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

	/** A value as it goes on the line: bare when it cannot end itself, else quoted. */
	private static void append(StringBuilder text, String key, Object value) {
		if (value != null) {
			String written = value.toString();
			text.append(' ')
				.append(key)
				.append('=')
				.append(BARE.matcher(written).matches() ? written : quoted(written));
		}
	}

	private static void appendQuoted(StringBuilder text, String key, String label) {
		if (label != null) {
			text.append(' ').append(key).append('=').append(quoted(label));
		}
	}

	/**
	 * An identity id: bare only when it is a UUID (as Kratos's are); anything else (a
	 * path's id is whatever was typed) is a quoted label.
	 */
	private static void appendId(StringBuilder text, String key, String id) {
		if (id != null) {
			text.append(' ').append(key).append('=').append(isUuid(id) ? id : quoted(id));
		}
	}

	private static boolean isUuid(String id) {
		return id != null && UUID.matcher(id).matches();
	}

	private static String quoted(String label) {
		String clean = clean(label);
		return (clean != null) ? '"' + clean.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : null;
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

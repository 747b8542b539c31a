package net.stackspin.admin.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.language.UiProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The stored audit trail: the Activity page (everything, filtered; administrators) and
 * the History tab of one user (whoever may view users). Both keyset-paged, newest first;
 * both say so when the events are kept in the log only or the database is down.
 */
@Controller
class ActivityController {

	static final int PAGE_SIZE = 50;

	/** The days a filter may name: four-digit years, which any database can hold. */
	static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);

	static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

	private final AuditHistory history;

	private final KratosAdminClient kratos;

	private final IdentityNames names;

	private final MessageSource messages;

	private final ZoneId zone;

	ActivityController(AuditHistory history, KratosAdminClient kratos, IdentityNames names, MessageSource messages,
			ObjectProvider<UiProperties> ui) {
		this.history = history;
		this.kratos = kratos;
		this.names = names;
		this.messages = messages;
		UiProperties properties = ui.getIfAvailable();
		this.zone = (properties != null && properties.timeZone() != null) ? properties.timeZone()
				: ZoneId.systemDefault();
	}

	/**
	 * One row of a table of events, in the page's language.
	 *
	 * @param time when
	 * @param actorId who (id), may be {@code null}
	 * @param actorLabel who (label), may be {@code null}
	 * @param actorRole their panel role, may be {@code null}
	 * @param action the action's code
	 * @param actionText the action in words
	 * @param targetId whom (id), may be {@code null}
	 * @param targetLabel whom (label), may be {@code null}
	 * @param outcome the outcome's code
	 * @param outcomeText the outcome in words
	 * @param details changed field names, values and counts, as text
	 * @param clientAddress from where
	 */
	record Row(Instant time, String actorId, String actorLabel, String actorRole, String action, String actionText,
			String targetId, String targetLabel, String outcome, String outcomeText, String details,
			String clientAddress) {
	}

	@GetMapping("/activity")
	String activity(@RequestParam(required = false) String actor, @RequestParam(required = false) String target,
			@RequestParam(required = false) String action, @RequestParam(required = false) String from,
			@RequestParam(required = false) String until, @RequestParam(required = false) String after, Model model,
			HttpServletResponse response) {
		List<String> errors = new ArrayList<>();
		List<String> outOfRange = new ArrayList<>();
		Instant fromInstant = day(from, false, "from", errors, outOfRange);
		Instant untilInstant = day(until, true, "until", errors, outOfRange);
		model.addAttribute("actor", actor);
		model.addAttribute("target", target);
		model.addAttribute("action", action);
		model.addAttribute("from", from);
		model.addAttribute("until", until);
		model.addAttribute("fieldErrors", errors);
		model.addAttribute("outOfRange", outOfRange);
		model.addAttribute("firstDay", FIRST_DAY.toString());
		model.addAttribute("lastDay", LAST_DAY.toString());
		if (!errors.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		}
		AuditStore.Filter filter = new AuditStore.Filter(actor, target, action, fromInstant, untilInstant);
		read(filter, after, model, response);
		return "audit/activity";
	}

	@GetMapping("/identities/{id}/history")
	String history(@PathVariable String id, @RequestParam(required = false) String after, Model model,
			HttpServletResponse response) {
		IdentitySummary identity = this.kratos.getIdentity(validUuid(id));
		model.addAttribute("identityId", identity.id());
		model.addAttribute("label", this.names.label(identity));
		read(AuditStore.Filter.ofTarget(identity.id()), after, model, response);
		return "audit/history";
	}

	private void read(AuditStore.Filter filter, String after, Model model, HttpServletResponse response) {
		AuditHistory.Result result;
		try {
			result = this.history.page(filter, after, PAGE_SIZE);
			model.addAttribute("firstPage", after == null || after.isBlank());
		}
		catch (AuditStore.InvalidCursorException ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("badPageLink", true);
			result = this.history.page(filter, null, PAGE_SIZE);
			model.addAttribute("firstPage", true);
		}
		model.addAttribute("availability", result.availability().name());
		if (result.page() != null) {
			model.addAttribute("rows", result.page().events().stream().map(this::row).toList());
			model.addAttribute("next", result.page().next());
		}
	}

	private Row row(AuditStore.StoredEvent stored) {
		AuditEvent event = stored.event();
		AuditEvent.Actor actor = event.actor();
		AuditEvent.Target target = event.target();
		List<String> details = new ArrayList<>();
		if (!event.changedFields().isEmpty()) {
			details.add(text("audit.details.changed", String.join(", ", event.changedFields())));
		}
		event.values().forEach((name, value) -> details.add(name + " = " + value));
		event.counts().forEach((name, count) -> details.add(name + ": " + count));
		return new Row(event.time(), (actor != null) ? actor.id() : null, (actor != null) ? actor.label() : null,
				(actor != null) ? actor.role() : null, event.action(),
				textOr("audit.action." + event.action(), event.action()), (target != null) ? target.id() : null,
				(target != null) ? target.label() : null, event.outcome(),
				textOr("audit.outcome." + event.outcome(), event.outcome()),
				details.stream().collect(Collectors.joining("; ")), event.clientAddress());
	}

	/**
	 * A date of the filter as the start of that day (or of the next, for "until"). Java
	 * reads dates far beyond what can be computed with or stored
	 * ({@code +999999999-12-31} has no next day): those are a field error of their own,
	 * never a 500.
	 */
	private Instant day(String text, boolean endOfDay, String field, List<String> errors, List<String> outOfRange) {
		if (text == null || text.isBlank()) {
			return null;
		}
		LocalDate date;
		try {
			date = LocalDate.parse(text.strip());
		}
		catch (DateTimeException ex) {
			errors.add(field);
			return null;
		}
		if (date.isBefore(FIRST_DAY) || date.isAfter(LAST_DAY)) {
			errors.add(field);
			outOfRange.add(field);
			return null;
		}
		try {
			return (endOfDay ? date.plusDays(1) : date).atStartOfDay(this.zone).toInstant();
		}
		catch (DateTimeException | ArithmeticException ex) {
			errors.add(field);
			outOfRange.add(field);
			return null;
		}
	}

	private String text(String code, Object... args) {
		return this.messages.getMessage(code, args, LocaleContextHolder.getLocale());
	}

	private String textOr(String code, String fallback) {
		return this.messages.getMessage(code.toLowerCase(Locale.ROOT), null, fallback, LocaleContextHolder.getLocale());
	}

	private static String validUuid(String id) {
		try {
			return java.util.UUID.fromString(id).toString();
		}
		catch (IllegalArgumentException ex) {
			throw new IdentityNotFoundException(id);
		}
	}

}

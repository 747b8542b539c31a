package net.stackspin.admin.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.auth.PanelRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one way to record what a panel user did. Usage:
 *
 * <pre>
 * audit.event("identity.update").target(id, label).changed(List.of("name.first", "state"))
 *     .value("state", "inactive").outcome("success").record();
 * </pre>
 *
 * The actor, client address and request id come from the current request unless given.
 * Actions: {@code identity.create}, {@code identity.update}, {@code identity.delete},
 * {@code identity.invite}, {@code identity.recovery_link},
 * {@code identity.recovery_code}, {@code identity.recovery_email},
 * {@code identity.revoke_session(s)}, {@code identity.reset_second_factor},
 * {@code identity.export}, {@code identity.import}, {@code identity.bulk.*},
 * {@code sign_in}.
 */
@Component
public class AuditTrail {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	/** Request attribute holding the request id (set by the request id filter). */
	public static final String REQUEST_ID_ATTRIBUTE = AuditTrail.class.getName() + ".requestId";

	private final ObjectProvider<AuditSink> sinks;

	private final Clock clock;

	public AuditTrail(ObjectProvider<AuditSink> sinks, ObjectProvider<Clock> clock) {
		this.sinks = sinks;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** Starts an event for {@code action}; call {@link Event#record()} to keep it. */
	public Event event(String action) {
		return new Event(action);
	}

	void publish(AuditEvent event) {
		this.sinks.orderedStream().forEach((sink) -> {
			try {
				sink.accept(event);
			}
			catch (RuntimeException ex) {
				// an action never fails because its event could not be kept
				log.warn("Audit sink {} failed: {}", sink.getClass().getSimpleName(), ex.toString());
			}
		});
	}

	/** An event being described. */
	public final class Event {

		private final String action;

		private AuditEvent.Actor actor;

		private AuditEvent.Target target;

		private String outcome = "success";

		private final List<String> changedFields = new ArrayList<>();

		private final Map<String, String> values = new LinkedHashMap<>();

		private final Map<String, Long> counts = new LinkedHashMap<>();

		private Event(String action) {
			this.action = action;
		}

		/**
		 * Sets the actor explicitly (sign-in, commands); otherwise the signed-in user.
		 */
		public Event actor(String id, String label, String role) {
			this.actor = new AuditEvent.Actor(id, label, role);
			return this;
		}

		public Event target(String id, String label) {
			this.target = new AuditEvent.Target(id, label);
			return this;
		}

		public Event outcome(String outcome) {
			this.outcome = outcome;
			return this;
		}

		public Event changed(List<String> fieldNames) {
			this.changedFields.addAll(fieldNames);
			return this;
		}

		/** A non-secret, non-personal value (state, role). */
		public Event value(String name, String value) {
			this.values.put(name, value);
			return this;
		}

		public Event count(String name, long count) {
			this.counts.put(name, count);
			return this;
		}

		/** Keeps the event in every sink; never throws. */
		public void record() {
			HttpServletRequest request = currentRequest();
			AuditEvent.Actor who = (this.actor != null) ? this.actor : signedInActor();
			String requestId = (request != null) ? (String) request.getAttribute(REQUEST_ID_ATTRIBUTE) : null;
			publish(new AuditEvent(AuditTrail.this.clock.instant(), who, this.action, this.target, this.outcome,
					this.changedFields, this.values, this.counts, (request != null) ? request.getRemoteAddr() : null,
					requestId));
		}

	}

	private static HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

	private static AuditEvent.Actor signedInActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof AdminPrincipal admin)) {
			return new AuditEvent.Actor(null, null, null);
		}
		String role = null;
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			for (PanelRole panelRole : PanelRole.values()) {
				if (panelRole.authority().equals(authority.getAuthority())
						&& (role == null || PanelRole.of(role).orElseThrow().compareTo(panelRole) < 0)) {
					role = panelRole.kratosName();
				}
			}
		}
		return new AuditEvent.Actor(admin.identityId(), admin.label(),
				(role != null) ? role.toLowerCase(Locale.ROOT) : null);
	}

}

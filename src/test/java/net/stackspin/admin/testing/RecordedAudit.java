package net.stackspin.admin.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.stackspin.admin.audit.AuditEvent;
import net.stackspin.admin.audit.AuditSink;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Test configuration ({@code @Import(RecordedAudit.class)}): one more audit sink that
 * keeps every event of its application context, for tests to read back
 * ({@code @Autowired RecordedAudit.Events}). One list per context, so events of other
 * test classes' contexts never mix in.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordedAudit {

	@Bean
	Events recordedAuditEvents() {
		return new Events();
	}

	/** The sink: every event, in the order recorded. */
	public static final class Events implements AuditSink {

		private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void accept(AuditEvent event) {
			this.events.add(event);
		}

		/** The events so far (the live list: {@code clear()} forgets them). */
		public List<AuditEvent> events() {
			return this.events;
		}

	}

}

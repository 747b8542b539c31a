package net.stackspin.admin.audit;

/**
 * Where audit events go (the log, the database). Every sink bean receives every event; a
 * sink must not throw: an action never fails because its event could not be kept.
 */
public interface AuditSink {

	void accept(AuditEvent event);

}

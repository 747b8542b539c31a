package net.stackspin.admin.kratos;

/**
 * Kratos refused a request as invalid or conflicting (HTTP 4xx other than 404). Carries
 * Kratos's own reason, which is safe to show to an administrator.
 */
public class KratosRequestRejectedException extends KratosException {

	private final int status;

	private final String reason;

	public KratosRequestRejectedException(int status, String reason) {
		super("Kratos rejected the request (" + status + "): " + reason);
		this.status = status;
		this.reason = reason;
	}

	public int getStatus() {
		return this.status;
	}

	/**
	 * Kratos's own explanation, e.g. "an identity with the same identifier already
	 * exists".
	 */
	public String getReason() {
		return this.reason;
	}

	public boolean isConflict() {
		return this.status == 409;
	}

}

package net.stackspin.admin.kratos;

/**
 * Kratos could not be reached, did not answer in time, or answered with a server error.
 */
public class KratosUnavailableException extends KratosException {

	public KratosUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Whether Kratos got the request but did not answer in time (as opposed to a refused
	 * connection or a server error): it may still be working on it.
	 */
	public boolean isTimeout() {
		for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

}

package net.stackspin.admin.kratos;

/**
 * Something went wrong talking to Kratos. The subclasses say what, so that callers can
 * decide without looking at HTTP status codes.
 */
public class KratosException extends RuntimeException {

	public KratosException(String message) {
		super(message);
	}

	public KratosException(String message, Throwable cause) {
		super(message, cause);
	}

}

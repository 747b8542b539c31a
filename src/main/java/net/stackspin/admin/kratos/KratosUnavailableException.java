package net.stackspin.admin.kratos;

/**
 * Kratos could not be reached, did not answer in time, or answered with a server error.
 */
public class KratosUnavailableException extends KratosException {

	public KratosUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}

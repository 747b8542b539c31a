package net.stackspin.admin.kratos;

/**
 * Kratos answered, but with something the client cannot read (a missing required field,
 * an enum value this client does not know). Points at a server/client version mismatch.
 */
public class KratosIncompatibleResponseException extends KratosException {

	public KratosIncompatibleResponseException(String message, Throwable cause) {
		super(message, cause);
	}

}

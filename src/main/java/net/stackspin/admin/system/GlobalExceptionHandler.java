package net.stackspin.admin.system;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.IdentitySchemaMissingException;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIncompatibleResponseException;
import net.stackspin.admin.kratos.KratosOutageLog;
import net.stackspin.admin.kratos.KratosUnavailableException;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Turns the Kratos adapter's typed failures into clear pages. Nothing of Kratos's answer,
 * its URL or a stack trace reaches the browser; the details go to the log.
 */
@ControllerAdvice
class GlobalExceptionHandler {

	private static final Log logger = LogFactory.getLog(GlobalExceptionHandler.class);

	private final KratosOutageLog outageLog;

	GlobalExceptionHandler(KratosOutageLog outageLog) {
		this.outageLog = outageLog;
	}

	@ExceptionHandler(KratosUnavailableException.class)
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	String kratosUnavailable(KratosUnavailableException ex) {
		this.outageLog.unavailable("page", ex);
		return "error/kratos-unavailable";
	}

	/**
	 * A form over the server's limits: {@link OversizedRequestFilter} has logged it and
	 * sent the 413; the error page's own dispatch meets the same refusal when it reads
	 * the form, and shows the 413 page in the layout instead of an empty answer.
	 */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	@ResponseStatus(HttpStatus.CONTENT_TOO_LARGE)
	String tooLarge(Model model) {
		model.addAttribute("status", HttpStatus.CONTENT_TOO_LARGE.value());
		return "error";
	}

	@ExceptionHandler(KratosIncompatibleResponseException.class)
	@ResponseStatus(HttpStatus.BAD_GATEWAY)
	String kratosIncompatible(KratosIncompatibleResponseException ex, Model model) {
		logger.error("Kratos answered something this panel cannot read (tested with Kratos "
				+ String.join(", ", KratosAdminClient.TESTED_VERSIONS) + ")", ex);
		model.addAttribute("testedVersions", String.join(", ", KratosAdminClient.TESTED_VERSIONS));
		return "error/kratos-incompatible";
	}

	/**
	 * Not "Kratos unreachable": Kratos runs, but an identity it read has a schema it no
	 * longer has, which only its operator can fix.
	 */
	@ExceptionHandler(IdentitySchemaMissingException.class)
	@ResponseStatus(HttpStatus.BAD_GATEWAY)
	String identitySchemaMissing(IdentitySchemaMissingException ex, Model model) {
		logger.warn("Kratos lacks the identity schema \"" + ex.getSchemaId() + "\" of an identity it had to read: "
				+ ex.getMessage());
		model.addAttribute("schemaId", ex.getSchemaId());
		return "error/schema-missing";
	}

	@ExceptionHandler(IdentityNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String identityNotFound() {
		return "error/identity-not-found";
	}

}

package net.stackspin.admin.selfservice;

import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.stackspin.admin.kratos.KratosBrowserFlows;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosOutageLog;
import net.stackspin.admin.kratos.KratosUnavailableException;
import net.stackspin.admin.kratos.SelfServiceError;
import net.stackspin.admin.kratos.SelfServiceFlow;
import net.stackspin.admin.kratos.SelfServiceFlowType;
import net.stackspin.admin.onboarding.InvitationService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The end user's pages for Kratos's browser flows. Kratos sends the browser here with
 * {@code ?flow=<id>}; the page reads the flow with the browser's cookies and renders its
 * nodes; the forms post to Kratos, which redirects back here with the updated flow. A
 * missing, expired or foreign flow is restarted at Kratos.
 *
 * <p>
 * Turned off by {@code stackspin.self-service.enabled=false} at run time, not by a
 * condition on the bean: the image is AOT-processed, which fixes the set of beans when it
 * is built (docs/architecture.md, "Start-up").
 */
@Controller
// also in web slices that pick up every controller
@Import(SelfServiceSecurityConfiguration.class)
class SelfServiceController {

	private static final Log logger = LogFactory.getLog(SelfServiceController.class);

	private final KratosBrowserFlows flows;

	private final KratosBrowserUrl kratos;

	private final KratosOutageLog outageLog;

	private final KratosTexts kratosTexts;

	private final boolean enabled;

	private final ObjectProvider<InvitationService> invitations;

	SelfServiceController(KratosBrowserFlows flows, KratosBrowserUrl kratos, KratosOutageLog outageLog,
			KratosTexts kratosTexts, SelfServiceProperties properties, ObjectProvider<InvitationService> invitations) {
		this.enabled = properties.enabled();
		this.invitations = invitations;
		this.flows = flows;
		this.kratos = kratos;
		this.outageLog = outageLog;
		this.kratosTexts = kratosTexts;
	}

	/** Runs before every handler here: when the pages are off, they do not exist. */
	@ModelAttribute
	void onlyWhenEnabled() {
		if (!this.enabled) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	/** Kratos's messages and labels in the page's language. */
	@ModelAttribute("kratosTexts")
	KratosTexts kratosTexts() {
		return this.kratosTexts;
	}

	@GetMapping("/self-service/{type:login|recovery|settings|verification}")
	String flow(@PathVariable String type, @RequestParam(name = "flow", required = false) String flowId,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		SelfServiceFlowType flowType = SelfServiceFlowType.valueOf(type.toUpperCase(Locale.ROOT));
		boolean restarted = RestartNotice.isSet(request, flowType);
		Optional<SelfServiceFlow> flow = (flowId != null)
				? this.flows.flow(flowType, flowId, request.getHeader(HttpHeaders.COOKIE)) : Optional.empty();
		if (flow.isEmpty()) {
			if (flowId == null) {
				return "redirect:" + this.kratos.startFlow(flowType);
			}
			if (restarted) {
				// the flow Kratos just started is refused too (cookies blocked?): stop
				// the loop
				logger.info("Kratos refused a freshly restarted " + type + " flow; showing the error page");
				RestartNotice.clear(request, response);
				model.addAttribute("kratosError", null);
				model.addAttribute("cookiesHint", true);
				return "selfservice/error";
			}
			logger.debug("Restarting the " + type + " flow: Kratos no longer shows it to this browser");
			RestartNotice.set(request, response, flowType);
			return "redirect:" + this.kratos.startFlow(flowType);
		}
		if (restarted) {
			RestartNotice.clear(request, response);
		}
		if (flowType == SelfServiceFlowType.SETTINGS) {
			acceptInvitation(flow.get());
		}
		model.addAttribute("page", SelfServicePage.of(flow.get()));
		model.addAttribute("flowType", type);
		model.addAttribute("restarted", restarted);
		return "selfservice/flow";
	}

	/**
	 * A settings flow that a recovery link started, shown to the browser whose session it
	 * belongs to (Kratos checked the cookies): if the link was one of the panel's
	 * invitations, the invitation is accepted. Never in the way of the page: a Kratos
	 * that does not answer leaves it pending, to be noted on the next visit.
	 */
	private void acceptInvitation(SelfServiceFlow flow) {
		InvitationService service = this.invitations.getIfAvailable();
		if (service == null || flow.recoveryFlowId() == null || flow.identityId() == null) {
			return;
		}
		try {
			service.acceptIfInvited(flow.identityId(), flow.recoveryFlowId());
		}
		catch (KratosException ex) {
			logger.warn("Could not note the accepted invitation of identity " + flow.identityId() + ": "
					+ ex.getClass().getSimpleName());
		}
	}

	@GetMapping("/self-service/error")
	String error(@RequestParam(name = "id", required = false) String id, Model model) {
		Optional<SelfServiceError> error = (id != null) ? this.flows.error(id) : Optional.empty();
		model.addAttribute("kratosError", error.orElse(null));
		return "selfservice/error";
	}

	@ExceptionHandler(KratosUnavailableException.class)
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	String kratosUnavailable(KratosUnavailableException ex) {
		this.outageLog.unavailable("self-service page", ex);
		return "selfservice/unavailable";
	}

}

package net.stackspin.admin.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.kratos.KratosUnavailableException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DirectFieldBindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page. The form posts here, not to Kratos: the browser never talks to
 * Kratos.
 */
@Controller
class LoginController {

	static final String VIEW = "auth/login";

	private final SignInService signIn;

	private final SessionCookie cookie;

	private final CsrfTokenRepository csrfTokens;

	private final SignInDevices devices;

	private final PendingSignIn pending;

	LoginController(SignInService signIn, SessionCookie cookie, CsrfTokenRepository csrfTokens, SignInDevices devices,
			PendingSignIn pending) {
		this.signIn = signIn;
		this.cookie = cookie;
		this.csrfTokens = csrfTokens;
		this.devices = devices;
		this.pending = pending;
	}

	@GetMapping("/login")
	Object form(@RequestParam(name = "continue", required = false) String target, Authentication authentication,
			Model model) {
		if (authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((a) -> PanelPermission.VIEW_USERS.authority().equals(a.getAuthority()))) {
			return SafeRedirect.to(target);
		}
		model.addAttribute("loginForm", new LoginForm("", "", SafeRedirect.target(target)));
		return VIEW;
	}

	@PostMapping("/login")
	Object signIn(@ModelAttribute("loginForm") LoginForm form, BindingResult binding, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		// the page shows the form again without the password; its errors must belong to
		// that form (a model attribute replaced drops the binding result it had)
		LoginForm shown = new LoginForm(form.email(), "", SafeRedirect.target(form.target()));
		BindingResult errors = new DirectFieldBindingResult(shown, "loginForm");
		errors.addAllErrors(binding);
		form.check(errors);
		model.addAttribute("loginForm", shown);
		model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "loginForm", errors);
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return VIEW;
		}
		SignInService.Result result;
		try {
			// the address Tomcat resolved: X-Forwarded-For counts only from trusted
			// proxies
			result = this.signIn.signIn(form.email().trim(), form.password(), request.getRemoteAddr(),
					this.devices.deviceFor(request, form.email()).orElse(null));
		}
		catch (KratosUnavailableException ex) {
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			model.addAttribute("signInError", "login.kratosUnavailable");
			return VIEW;
		}
		if (result instanceof SignInService.Success success) {
			return signedIn(success, form.email(), form.target(), request, response);
		}
		if (result instanceof SignInService.SecondFactorNeeded needed) {
			this.pending.start(response, needed.sessionToken(), form.email().trim(), needed.methods(),
					SafeRedirect.target(form.target()));
			return "redirect:/login/second-factor";
		}
		return refused(result, model, response);
	}

	/**
	 * Sets the session cookie and goes on: to where the person was going, or to the page
	 * that says how to set up the second factor the policy wants.
	 */
	Object signedIn(SignInService.Success success, String identifier, String target, HttpServletRequest request,
			HttpServletResponse response) {
		this.cookie.write(response, success.sessionToken(), success.expiresAt());
		// a token planted before sign-in must not outlive it
		this.csrfTokens.saveToken(null, request, response);
		this.devices.remember(request, response, identifier);
		if (success.secondFactorSetup()) {
			return "redirect:" + SecondFactorController.SETUP_PATH;
		}
		return SafeRedirect.to(target);
	}

	/** The sign-in page again, with why the attempt did not get in. */
	static String refused(SignInService.Result result, Model model, HttpServletResponse response) {
		response.setStatus(statusOf(result).value());
		if (result instanceof SignInService.Refused refused) {
			model.addAttribute("kratosMessage", refused.kratosMessage());
		}
		else if (result instanceof SignInService.TooManyAttempts wait) {
			model.addAttribute("signInError", "login.tooManyAttempts");
			model.addAttribute("retryAfterSeconds", Math.max(1, (wait.retryAfter().toMillis() + 999) / 1000));
			response.setHeader("Retry-After", Long.toString(Math.max(1, wait.retryAfter().toSeconds())));
		}
		else if (result instanceof SignInService.NotAdministrator) {
			model.addAttribute("signInError", "login.notAdministrator");
		}
		else if (result instanceof SignInService.NoUsableSecondFactor) {
			model.addAttribute("signInError", "login.secondFactor.unusable");
		}
		else if (result instanceof SignInService.SecondFactorExpired) {
			model.addAttribute("signInError", "login.secondFactor.expired");
		}
		else {
			model.addAttribute("signInError", "login.inactive");
		}
		return VIEW;
	}

	private static HttpStatus statusOf(SignInService.Result result) {
		if (result instanceof SignInService.TooManyAttempts) {
			return HttpStatus.TOO_MANY_REQUESTS;
		}
		if (result instanceof SignInService.NotAdministrator || result instanceof SignInService.Inactive
				|| result instanceof SignInService.NoUsableSecondFactor) {
			return HttpStatus.FORBIDDEN;
		}
		return HttpStatus.UNAUTHORIZED;
	}

}

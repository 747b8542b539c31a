package net.stackspin.admin.auth;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.KratosUnavailableException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of signing in, for identities with a second factor: a code from an
 * authenticator app or a backup code, checked by Kratos's {@code aal2} login. Also the
 * page that tells a panel user whom the policy wants to have a second factor how to set
 * one up.
 */
@Controller
class SecondFactorController {

	static final String PATH = "/login/second-factor";

	static final String SETUP_PATH = "/second-factor/setup";

	static final String VIEW = "auth/second-factor";

	static final String SETUP_VIEW = "auth/second-factor-setup";

	/** Longer than any code Kratos makes (6 digits, backup codes of 8 characters). */
	static final int MAX_CODE_LENGTH = 64;

	private final SignInService signIn;

	private final PendingSignIn pending;

	private final SignInDevices devices;

	private final LoginController login;

	private final boolean selfServicePages;

	SecondFactorController(SignInService signIn, PendingSignIn pending, SignInDevices devices, LoginController login,
			@Value("${stackspin.self-service.enabled:false}") boolean selfServicePages) {
		this.signIn = signIn;
		this.pending = pending;
		this.devices = devices;
		this.login = login;
		this.selfServicePages = selfServicePages;
	}

	@GetMapping(PATH)
	String form(HttpServletRequest request, Model model) {
		Optional<PendingSignIn.State> state = this.pending.read(request);
		if (state.isEmpty()) {
			return "redirect:/login?expired";
		}
		show(model, state.get(), defaultMethod(state.get()));
		return VIEW;
	}

	@PostMapping(PATH)
	Object verify(@RequestParam(name = "method", defaultValue = "") String method,
			@RequestParam(name = "code", defaultValue = "") String code, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Optional<PendingSignIn.State> found = this.pending.read(request);
		if (found.isEmpty()) {
			return "redirect:/login?expired";
		}
		PendingSignIn.State state = found.get();
		String chosen = (KratosPublicClient.CODE_FACTORS.contains(method) && state.offers(method)) ? method
				: defaultMethod(state);
		// authenticator apps and backup code lists show codes with spaces
		String typed = code.replaceAll("\\s+", "");
		show(model, state, chosen);
		if (typed.isEmpty() || typed.length() > MAX_CODE_LENGTH) {
			model.addAttribute("codeError",
					typed.isEmpty() ? "login.secondFactor.required" : "login.secondFactor.tooLong");
			model.addAttribute("maxCodeLength", MAX_CODE_LENGTH);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return VIEW;
		}
		SignInService.Result result;
		try {
			result = this.signIn.secondFactor(state.token(), state.identifier(), chosen, typed, request.getRemoteAddr(),
					this.devices.deviceFor(request, state.identifier()).orElse(null));
		}
		catch (KratosUnavailableException ex) {
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			model.addAttribute("signInError", "login.kratosUnavailable");
			return VIEW;
		}
		if (result instanceof SignInService.Success success) {
			this.pending.clear(response);
			return this.login.signedIn(success, state.identifier(), state.target(), request, response);
		}
		if (result instanceof SignInService.WrongSecondFactor) {
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			model.addAttribute("codeError", "login.secondFactor.wrong");
			return VIEW;
		}
		if (result instanceof SignInService.TooManyAttempts wait) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			model.addAttribute("signInError", "login.tooManyAttempts");
			model.addAttribute("retryAfterSeconds", Math.max(1, (wait.retryAfter().toMillis() + 999) / 1000));
			response.setHeader("Retry-After", Long.toString(Math.max(1, wait.retryAfter().toSeconds())));
			return VIEW;
		}
		// expired, refused for good: back to the first step, which says why
		this.pending.clear(response);
		model.addAttribute("loginForm", new LoginForm(state.identifier(), "", state.target()));
		return LoginController.refused(result, model, response);
	}

	/** Gives up half-way: the half-made Kratos session is ended, not left to expire. */
	@PostMapping(PATH + "/cancel")
	String cancel(HttpServletRequest request, HttpServletResponse response) {
		this.pending.read(request).ifPresent((state) -> {
			try {
				this.signIn.abandon(state.token());
			}
			catch (KratosUnavailableException ex) {
				// it expires at Kratos on its own
			}
		});
		this.pending.clear(response);
		return "redirect:/login";
	}

	@GetMapping(SETUP_PATH)
	String setup(Model model) {
		model.addAttribute("selfServicePages", this.selfServicePages);
		return SETUP_VIEW;
	}

	private static void show(Model model, PendingSignIn.State state, String method) {
		model.addAttribute("methods",
				state.methods().stream().filter(KratosPublicClient.CODE_FACTORS::contains).toList());
		model.addAttribute("method", method);
		model.addAttribute("securityKeyOnly", !state.offers("totp") && !state.offers("lookup_secret"));
		model.addAttribute("securityKeyToo", state.offers("webauthn"));
	}

	private static String defaultMethod(PendingSignIn.State state) {
		return state.offers("totp") ? "totp" : "lookup_secret";
	}

}

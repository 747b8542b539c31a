package net.stackspin.admin.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The sign-in page's single sign-on button (only while single sign-on is on), the page
 * between the panel's sign-out and the provider's, and what happens when the provider
 * cannot be reached: the redirect filter normally answers
 * {@value OidcClientRegistrations#AUTHORIZATION_PATH}; when it could not read the
 * provider's discovery document, the request arrives here and the sign-in page says so.
 */
@Controller
class OidcSignInController {

	private static final Log logger = LogFactory.getLog(OidcSignInController.class);

	private final OidcLogout logout;

	private final OidcSessionCookie cookie;

	private final OidcProperties properties;

	OidcSignInController(OidcLogout logout, OidcSessionCookie cookie, OidcProperties properties) {
		this.logout = logout;
		this.cookie = cookie;
		this.properties = properties;
	}

	/**
	 * After the panel's sign-out: on to the provider's end-session endpoint (a page that
	 * refreshes to it, with a link), or to the sign-in page when there is nothing to end.
	 */
	@GetMapping(OidcLogout.SIGN_OUT_PATH)
	String signOut(HttpServletRequest request, HttpServletResponse response, Model model) {
		requireActive();
		String endSession = this.cookie.takeSignOut(request, response)
			.map((idToken) -> this.logout.endSessionUrl(request, idToken))
			.orElse(null);
		if (endSession == null) {
			return "redirect:/login?logout";
		}
		model.addAttribute("endSessionUrl", endSession);
		return "auth/sso-sign-out";
	}

	@GetMapping(OidcClientRegistrations.AUTHORIZATION_PATH)
	String providerUnavailable(HttpServletRequest request, RedirectAttributes redirect) {
		requireActive();
		if (request.getAttribute(OidcClientRegistrations.Resolver.UNAVAILABLE) instanceof RuntimeException ex) {
			logger.warn("Single sign-on: the provider's discovery document could not be read: " + ex.getMessage());
		}
		redirect.addFlashAttribute("signInError", "login.sso.unavailable");
		return "redirect:/login";
	}

	private void requireActive() {
		if (!this.properties.active()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	/** The button's link on the sign-in page, keeping where the person was going. */
	@ControllerAdvice(assignableTypes = LoginController.class)
	static class Button {

		private final OidcProperties properties;

		Button(OidcProperties properties) {
			this.properties = properties;
		}

		/** Null (no button) while single sign-on is off. */
		@ModelAttribute("ssoSignIn")
		String ssoSignIn(@RequestParam(name = "continue", required = false) String target) {
			if (!this.properties.active()) {
				return null;
			}
			UriComponentsBuilder link = UriComponentsBuilder.fromPath(OidcClientRegistrations.AUTHORIZATION_PATH);
			if (target != null && !target.isBlank()) {
				link.queryParam(OidcAuthorizationRequests.CONTINUE, SafeRedirect.target(target));
			}
			return link.encode().toUriString();
		}

	}

}

package net.stackspin.admin.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.kratos.KratosException;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/** Signing out ends the Kratos session itself, not just the panel's cookie. */
class KratosLogoutHandler implements LogoutHandler {

	private final SignInService signIn;

	private final SessionCookie cookie;

	KratosLogoutHandler(SignInService signIn, SessionCookie cookie) {
		this.signIn = signIn;
		this.cookie = cookie;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		this.cookie.read(request).filter((value) -> !OidcSessionCookie.holdsSso(value)).ifPresent((token) -> {
			try {
				this.signIn.signOut(token);
			}
			catch (KratosException ex) {
				// the cookie goes anyway; Kratos ends the session when it expires
			}
		});
		this.cookie.clear(request, response);
	}

}

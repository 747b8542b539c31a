package net.stackspin.admin.testing;

import java.util.ArrayList;
import java.util.List;

import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.auth.PanelRole;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

/**
 * MockMvc requests made as a signed-in administrator, for web-layer tests. End-to-end
 * tests sign in through the real login page instead.
 */
public final class SignedIn {

	private SignedIn() {
	}

	/** An administrator with the given Kratos identity id. */
	public static RequestPostProcessor admin(String identityId, String email) {
		return as(PanelRole.ADMIN, identityId, email);
	}

	/**
	 * Someone of the given panel role, with the authorities a real session of that role
	 * carries.
	 */
	public static RequestPostProcessor as(PanelRole role, String identityId, String email) {
		AdminPrincipal principal = new AdminPrincipal(identityId, email, email);
		List<SimpleGrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(role.authority()));
		role.permissions().forEach((permission) -> authorities.add(new SimpleGrantedAuthority(permission.authority())));
		return authentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
	}

	/** Some administrator whose identity need not exist in Kratos. */
	public static RequestPostProcessor admin() {
		return admin("00000000-0000-4000-8000-00000000a0a0", "someone-admin@example.org");
	}

}

package net.stackspin.admin.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The sign-in form. The password is never put back into the page.
 *
 * @param email the administrator's e-mail address
 * @param password their Kratos password
 * @param target the panel path to return to after signing in
 */
record LoginForm(@NotBlank(message = "{login.email.required}") @Size(max = 320) String email,
		@NotBlank(message = "{login.password.required}") @Size(max = 1024) String password, String target) {

	@Override
	public String toString() {
		return "LoginForm[email=" + this.email + "]";
	}

}

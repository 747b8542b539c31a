package net.stackspin.admin.auth;

import org.springframework.validation.Errors;

/**
 * The sign-in form. The password is never put back into the page.
 *
 * @param email the administrator's e-mail address
 * @param password their Kratos password
 * @param target the panel path to return to after signing in
 */
record LoginForm(String email, String password, String target) {

	/** The longest e-mail address accepted (RFC 5321's path limit, rounded up). */
	static final int MAX_EMAIL_LENGTH = 320;

	/** The longest password accepted: anything longer is not worth sending to Kratos. */
	static final int MAX_PASSWORD_LENGTH = 1024;

	/** Rejects what is missing or too long, at the field, with a message key. */
	void check(Errors errors) {
		if (this.email == null || this.email.isBlank()) {
			errors.rejectValue("email", "login.email.required");
		}
		else if (this.email.length() > MAX_EMAIL_LENGTH) {
			errors.rejectValue("email", "login.email.tooLong", new Object[] { MAX_EMAIL_LENGTH }, null);
		}
		if (this.password == null || this.password.isBlank()) {
			errors.rejectValue("password", "login.password.required");
		}
		else if (this.password.length() > MAX_PASSWORD_LENGTH) {
			errors.rejectValue("password", "login.password.tooLong", new Object[] { MAX_PASSWORD_LENGTH }, null);
		}
	}

	@Override
	public String toString() {
		return "LoginForm[email=" + this.email + "]";
	}

}

package net.stackspin.admin.identities;

import java.util.List;

/**
 * What is wrong with one form field: a message key of the identities bundle and its
 * arguments.
 */
public record Problem(String code, List<Object> args) {

	public Problem {
		args = List.copyOf(args);
	}

	public static Problem of(String code, Object... args) {
		return new Problem(code, List.of(args));
	}

	public Object[] arguments() {
		return this.args.toArray();
	}

}

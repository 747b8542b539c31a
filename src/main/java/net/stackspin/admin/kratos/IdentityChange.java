package net.stackspin.admin.kratos;

/**
 * One JSON Patch operation on an identity. Kratos v1.3.1 honours only {@code add},
 * {@code remove} and {@code replace} (no {@code test}: there is no compare-and-set).
 *
 * @param op the operation
 * @param path a JSON pointer such as {@code /traits/name/first}
 * @param value the new value (maps, lists, strings, numbers, booleans); null for
 * {@code remove}
 */
public record IdentityChange(Op op, String path, Object value) {

	public enum Op {

		ADD, REMOVE, REPLACE

	}

	public static IdentityChange add(String path, Object value) {
		return new IdentityChange(Op.ADD, path, value);
	}

	public static IdentityChange replace(String path, Object value) {
		return new IdentityChange(Op.REPLACE, path, value);
	}

	public static IdentityChange remove(String path) {
		return new IdentityChange(Op.REMOVE, path, null);
	}

}

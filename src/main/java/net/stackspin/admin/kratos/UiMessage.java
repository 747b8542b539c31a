package net.stackspin.admin.kratos;

/**
 * A message Kratos attaches to a flow, a node or a label.
 *
 * @param id Kratos's message id (e.g. 4060006 for an invalid recovery code); 0 if none
 * @param text Kratos's English text
 * @param type {@code info}, {@code error} or {@code success}
 */
public record UiMessage(long id, String text, String type) {

	public boolean isError() {
		return "error".equals(this.type);
	}

	public boolean isSuccess() {
		return "success".equals(this.type);
	}

}

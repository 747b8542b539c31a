package net.stackspin.admin.kratos;

import java.util.Map;

/**
 * A message Kratos attaches to a flow, a node or a label.
 *
 * @param id Kratos's message id (e.g. 4060006 for an invalid recovery code); 0 if none
 * @param text Kratos's English text
 * @param type {@code info}, {@code error} or {@code success}
 * @param context the values Kratos put into the text (e.g. {@code min_length}), as text;
 * only those that are single values
 */
public record UiMessage(long id, String text, String type, Map<String, String> context) {

	public UiMessage {
		context = (context != null) ? Map.copyOf(context) : Map.of();
	}

	public UiMessage(long id, String text, String type) {
		this(id, text, type, Map.of());
	}

	public boolean isError() {
		return "error".equals(this.type);
	}

	public boolean isSuccess() {
		return "success".equals(this.type);
	}

}

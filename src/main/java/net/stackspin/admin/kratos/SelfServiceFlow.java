package net.stackspin.admin.kratos;

import java.util.List;

/**
 * A Kratos browser flow as its page needs it.
 *
 * @param id the flow id
 * @param type which flow
 * @param state Kratos's state of the flow ({@code choose_method}, {@code sent_email},
 * {@code show_form}, {@code success}, …)
 * @param action where the browser posts the forms: Kratos's public URL
 * @param method the forms' HTTP method (POST)
 * @param nodes the UI nodes in Kratos's order
 * @param messages the flow's own messages
 */
public record SelfServiceFlow(String id, SelfServiceFlowType type, String state, String action, String method,
		List<UiNode> nodes, List<UiMessage> messages) {

	public SelfServiceFlow {
		nodes = (nodes != null) ? List.copyOf(nodes) : List.of();
		messages = (messages != null) ? List.copyOf(messages) : List.of();
	}

}

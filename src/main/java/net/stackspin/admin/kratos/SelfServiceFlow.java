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
 * @param identityId whose settings these are (settings flows), or null
 * @param recoveryFlowId the recovery flow whose link started this settings flow (Kratos
 * creates the settings flow on the request that completed the link, so its
 * {@code request_url} is that link), or null
 */
public record SelfServiceFlow(String id, SelfServiceFlowType type, String state, String action, String method,
		List<UiNode> nodes, List<UiMessage> messages, String identityId, String recoveryFlowId) {

	public SelfServiceFlow {
		nodes = (nodes != null) ? List.copyOf(nodes) : List.of();
		messages = (messages != null) ? List.copyOf(messages) : List.of();
	}

	public SelfServiceFlow(String id, SelfServiceFlowType type, String state, String action, String method,
			List<UiNode> nodes, List<UiMessage> messages) {
		this(id, type, state, action, method, nodes, messages, null, null);
	}

}

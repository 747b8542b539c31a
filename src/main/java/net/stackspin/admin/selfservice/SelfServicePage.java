package net.stackspin.admin.selfservice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.stackspin.admin.kratos.SelfServiceFlow;
import net.stackspin.admin.kratos.UiMessage;
import net.stackspin.admin.kratos.UiNode;

/**
 * A flow laid out for its page: one form per method group (password, profile, TOTP, …),
 * each carrying the {@code default} group's nodes (the CSRF token, the login identifier),
 * as Kratos expects one method per submission. Script nodes are dropped: the pages run no
 * script of Kratos's (WebAuthn is not enabled).
 *
 * @param flow the flow
 * @param forms the forms in the order their groups first appear
 * @param messages the flow-level messages still to show at the top
 */
record SelfServicePage(SelfServiceFlow flow, List<Form> forms, List<UiMessage> messages) {

	/** Groups with a legend of their own in the messages bundle. */
	private static final Set<String> KNOWN_GROUPS = Set.of("code", "link", "password", "profile", "totp",
			"lookup_secret", "oidc", "webauthn", "passkey");

	/**
	 * Flow-level errors that are about one field: Kratos v1.3.1 reports a wrong recovery
	 * or verification code on the flow, the page shows it at the code input.
	 */
	private static final Map<Long, String> FIELD_OF_MESSAGE = Map.of(4060006L, "code", 4070006L, "code");

	/**
	 * @param group the Kratos method group
	 * @param legendKey the message key of the fieldset's legend, {@code null} for none
	 * @param nodes the nodes, {@code default} group first
	 */
	record Form(String group, String legendKey, List<UiNode> nodes) {

		/** Nodes shown to the user (all but hidden inputs and buttons), in order. */
		public List<UiNode> visibleNodes() {
			return this.nodes.stream().filter((node) -> !node.isHidden() && !node.isButton()).toList();
		}

		public List<UiNode> hiddenNodes() {
			return this.nodes.stream().filter(UiNode::isHidden).toList();
		}

		public List<UiNode> buttons() {
			return this.nodes.stream().filter(UiNode::isButton).toList();
		}

	}

	static SelfServicePage of(SelfServiceFlow flow) {
		List<UiMessage> topMessages = new ArrayList<>();
		Map<String, List<UiMessage>> fieldMessages = new LinkedHashMap<>();
		for (UiMessage message : flow.messages()) {
			String field = FIELD_OF_MESSAGE.get(message.id());
			if (field != null && flow.nodes().stream().anyMatch((n) -> n.isInput() && field.equals(n.name()))) {
				fieldMessages.computeIfAbsent(field, (f) -> new ArrayList<>()).add(message);
			}
			else {
				topMessages.add(message);
			}
		}
		List<UiNode> defaults = new ArrayList<>();
		Map<String, List<UiNode>> groups = new LinkedHashMap<>();
		for (UiNode node : flow.nodes()) {
			if ("script".equals(node.type())) {
				continue;
			}
			UiNode shown = withMessages(node, fieldMessages);
			if ("default".equals(node.group()) || node.group() == null) {
				defaults.add(shown);
			}
			else {
				groups.computeIfAbsent(node.group(), (g) -> new ArrayList<>()).add(shown);
			}
		}
		List<Form> forms = new ArrayList<>();
		if (groups.isEmpty()) {
			forms.add(new Form("default", null, defaults));
		}
		for (Map.Entry<String, List<UiNode>> group : groups.entrySet()) {
			List<UiNode> nodes = new ArrayList<>(defaults);
			nodes.addAll(group.getValue());
			String legend = (groups.size() > 1) ? legendKey(group.getKey()) : null;
			forms.add(new Form(group.getKey(), legend, nodes));
		}
		return new SelfServicePage(flow, forms, topMessages);
	}

	private static UiNode withMessages(UiNode node, Map<String, List<UiMessage>> fieldMessages) {
		List<UiMessage> extra = node.isField() ? fieldMessages.get(node.name()) : null;
		if (extra == null) {
			return node;
		}
		List<UiMessage> messages = new ArrayList<>(node.messages());
		messages.addAll(extra);
		return new UiNode(node.type(), node.group(), node.id(), node.name(), node.inputType(), node.value(),
				node.required(), node.disabled(), node.autocomplete(), node.pattern(), node.maxLength(), node.text(),
				node.secrets(), node.src(), node.width(), node.height(), node.href(), node.title(), node.label(),
				messages);
	}

	private static String legendKey(String group) {
		return "selfservice.group." + (KNOWN_GROUPS.contains(group) ? group : "other");
	}

}

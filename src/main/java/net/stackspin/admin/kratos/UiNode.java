package net.stackspin.admin.kratos;

import java.util.List;

/**
 * One node of a flow's UI, flattened: the fields that apply depend on {@link #type()}.
 * <ul>
 * <li>{@code input}: {@code name}, {@code inputType} (text, email, password, hidden,
 * submit, button, checkbox, …), {@code value}, {@code required}, {@code disabled},
 * {@code autocomplete}, {@code pattern}, {@code maxLength}</li>
 * <li>{@code text}: {@code text} and, for lookup codes, {@code secrets}</li>
 * <li>{@code img}: {@code src} (a {@code data:} URI for the TOTP QR code), {@code width},
 * {@code height}</li>
 * <li>{@code a}: {@code href} and {@code title}</li>
 * <li>{@code script}: carried but never rendered (WebAuthn is not enabled)</li>
 * </ul>
 *
 * @param type Kratos's node type
 * @param group the method the node belongs to ({@code default}, {@code password},
 * {@code profile}, {@code code}, {@code totp}, {@code lookup_secret}, …)
 * @param id the node's own id ({@code totp_qr}, {@code totp_secret_key}, …), if any
 * @param label the node's label, if any
 * @param messages messages about this node (e.g. a validation error)
 */
public record UiNode(String type, String group, String id, String name, String inputType, String value,
		boolean required, boolean disabled, String autocomplete, String pattern, Integer maxLength, String text,
		List<String> secrets, String src, Integer width, Integer height, String href, String title, UiMessage label,
		List<UiMessage> messages) {

	public UiNode {
		secrets = (secrets != null) ? List.copyOf(secrets) : List.of();
		messages = (messages != null) ? List.copyOf(messages) : List.of();
	}

	public boolean isInput() {
		return "input".equals(this.type);
	}

	public boolean isHidden() {
		return isInput() && "hidden".equals(this.inputType);
	}

	/** A button that submits the form ({@code submit} or {@code button}). */
	public boolean isButton() {
		return isInput() && ("submit".equals(this.inputType) || "button".equals(this.inputType));
	}

	public boolean isCheckbox() {
		return isInput() && "checkbox".equals(this.inputType);
	}

	/** Inputs a user types into: neither hidden, a button, nor a checkbox. */
	public boolean isField() {
		return isInput() && !isHidden() && !isButton() && !isCheckbox();
	}

	public boolean isText() {
		return "text".equals(this.type);
	}

	public boolean isImage() {
		return "img".equals(this.type);
	}

	public boolean isAnchor() {
		return "a".equals(this.type);
	}

	public boolean hasErrors() {
		return this.messages.stream().anyMatch(UiMessage::isError);
	}

	/** The label's text, or the empty string. */
	public String labelText() {
		return (this.label != null && this.label.text() != null) ? this.label.text() : "";
	}

	/** A checkbox is checked when Kratos's value is {@code true}. */
	public boolean isChecked() {
		return "true".equals(this.value);
	}

}

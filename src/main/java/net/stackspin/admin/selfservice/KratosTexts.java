package net.stackspin.admin.selfservice;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.UiMessage;
import net.stackspin.admin.kratos.UiNode;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Kratos's messages in the page's language, by their stable id ({@code kratos.<id>} in
 * {@code messages/kratos_*.properties}) with the values of the message's context put in;
 * Kratos's own English text for an id without a translation, or whose context lacks a
 * value the translation needs. Templates call it as {@code @kratosTexts}.
 */
@Component("kratosTexts")
public class KratosTexts {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

	private static final String UNTIL_MINUTES = "_until_minutes";

	/**
	 * Kratos v1.3.1's English texts of the refusals its native password login gives, by
	 * id: the panel's sign-in page gets only the text from Kratos's answer and finds the
	 * id here ({@code KratosMessageIdsTests} checks each text against Kratos's source).
	 */
	static final Map<Long, String> SIGN_IN_REFUSALS = Map.of(4000006L,
			"The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.",
			4000010L, "Account not active yet. Did you forget to verify your email address?", 4000037L,
			"This account does not exist or has no login method configured.", 4010002L,
			"Could not find a strategy to log you in with. Did you fill out the form correctly?");

	private static final String SINCE_MINUTES = "_since_minutes";

	private final MessageSource messages;

	private final Clock clock;

	KratosTexts(MessageSource messages) {
		this.messages = messages;
		this.clock = Clock.systemUTC();
	}

	/** The message's text for the current request's language; empty for none. */
	public String text(UiMessage message) {
		return text(message, LocaleContextHolder.getLocale());
	}

	/**
	 * A refusal of the panel's sign-in, given as Kratos's English text, in the current
	 * request's language: translated by its id when it is one of Kratos's known texts,
	 * else as Kratos wrote it.
	 */
	public String signInRefusal(String kratosText) {
		if (kratosText == null) {
			return "";
		}
		for (Map.Entry<Long, String> refusal : SIGN_IN_REFUSALS.entrySet()) {
			if (refusal.getValue().equals(kratosText.strip())) {
				return text(new UiMessage(refusal.getKey(), kratosText, "error"));
			}
		}
		return kratosText;
	}

	/** The node's label for the current request's language; empty for none. */
	public String label(UiNode node) {
		return text(node.label());
	}

	String text(UiMessage message, Locale locale) {
		if (message == null) {
			return "";
		}
		String kratosText = (message.text() != null) ? message.text() : "";
		if (message.id() <= 0) {
			return kratosText;
		}
		String translation = this.messages.getMessage("kratos." + message.id(), null, null, locale);
		if (translation == null) {
			return kratosText;
		}
		Matcher placeholders = PLACEHOLDER.matcher(translation);
		StringBuilder out = new StringBuilder();
		while (placeholders.find()) {
			String value = value(message.context(), placeholders.group(1));
			if (value == null) {
				return kratosText;
			}
			placeholders.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		placeholders.appendTail(out);
		return out.toString();
	}

	private String value(Map<String, String> context, String name) {
		if (name.endsWith(UNTIL_MINUTES) || name.endsWith(SINCE_MINUTES)) {
			boolean until = name.endsWith(UNTIL_MINUTES);
			String unix = context.get(name.substring(0, name.length() - UNTIL_MINUTES.length()));
			Long seconds = seconds(unix);
			if (seconds == null) {
				return null;
			}
			long now = Instant.now(this.clock).getEpochSecond();
			long difference = until ? seconds - now : now - seconds;
			return Long.toString(Math.max(0, (difference + 59) / 60));
		}
		return context.get(name);
	}

	private static Long seconds(String unix) {
		if (unix == null) {
			return null;
		}
		try {
			return (long) Double.parseDouble(unix);
		}
		catch (NumberFormatException notANumber) {
			return null;
		}
	}

}

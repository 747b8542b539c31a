package net.stackspin.admin.onboarding;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading delivered mails the way a user does: the decoded text, its link, its code. */
final class Mails {

	private Mails() {
	}

	/** The decoded text/plain part (or the body, if not multipart). */
	static String plainText(MimeMessage message) {
		try {
			String text = find(message, "text/plain");
			assertThat(text).as("a text/plain part").isNotNull();
			return text;
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String html(MimeMessage message) {
		try {
			return find(message, "text/html");
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String firstMatch(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as("%s in:%n%s", regex, text).isTrue();
		return (matcher.groupCount() > 0) ? matcher.group(1) : matcher.group();
	}

	private static String find(Part part, String type) throws MessagingException, IOException {
		if (part.isMimeType(type)) {
			return part.getContent().toString();
		}
		if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				String found = find(child, type);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

}

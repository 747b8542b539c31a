package net.stackspin.admin.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * One real SMTP server (GreenMail) per test JVM, on the port the test Kratos's courier
 * sends to ({@link KratosServer#smtpPort()}). The panel's own mail goes to the same
 * server when a test points {@code spring.mail.host}/{@code port} at it, so a test reads
 * every message a user would get, from Kratos and from the panel alike.
 */
public final class TestMail {

	private static GreenMail shared;

	private TestMail() {
	}

	public static synchronized GreenMail shared() {
		if (shared == null) {
			GreenMail mail = new GreenMail(new ServerSetup(KratosServer.shared().smtpPort(), "127.0.0.1", "smtp"));
			mail.start();
			Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "greenmail-stop"));
			shared = mail;
		}
		return shared;
	}

	public static int port() {
		return KratosServer.shared().smtpPort();
	}

	/**
	 * Waits (up to {@code timeout}) for a message to {@code address} whose subject
	 * contains the text.
	 */
	public static MimeMessage awaitMessage(String address, String subjectContains, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			for (MimeMessage message : shared().getReceivedMessages()) {
				if (isTo(message, address) && subject(message).contains(subjectContains)) {
					return message;
				}
			}
			sleep();
		}
		throw new AssertionError("No mail to " + address + " with subject containing '" + subjectContains + "' within "
				+ timeout + "; received: " + summary());
	}

	public static List<MimeMessage> messagesTo(String address) {
		return Arrays.stream(shared().getReceivedMessages()).filter((message) -> isTo(message, address)).toList();
	}

	/** The whole message as text (all parts), for finding links and codes. */
	public static String body(MimeMessage message) {
		return GreenMailUtil.getBody(message);
	}

	private static boolean isTo(MimeMessage message, String address) {
		try {
			var recipients = message.getRecipients(Message.RecipientType.TO);
			return recipients != null && Arrays.stream(recipients)
				.anyMatch((r) -> r.toString().toLowerCase().contains(address.toLowerCase()));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String subject(MimeMessage message) {
		try {
			return (message.getSubject() != null) ? message.getSubject() : "";
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String summary() {
		return Arrays.stream(shared().getReceivedMessages()).map((m) -> {
			try {
				return Arrays.toString(m.getRecipients(Message.RecipientType.TO)) + " " + m.getSubject();
			}
			catch (MessagingException ex) {
				return "?";
			}
		}).toList().toString();
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

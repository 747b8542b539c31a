package net.stackspin.admin.local;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local run's mail catcher ({@code kratos/MailCatcher.java}), started the way
 * {@code run-local.sh} starts it, receives a message over SMTP and shows it with its link
 * clickable and escaped.
 */
class MailCatcherTests {

	private Process catcher;

	@AfterEach
	void stop() {
		if (this.catcher != null) {
			this.catcher.destroy();
		}
	}

	@Test
	void messageSentOverSmtpIsShownWithItsLink(@TempDir Path dir) throws Exception {
		int smtpPort = TestSocketUtils.findAvailableTcpPort();
		int httpPort = TestSocketUtils.findAvailableTcpPort();
		Path log = dir.resolve("catcher.log");
		this.catcher = new ProcessBuilder(javaCommand(), projectDir().resolve("kratos/MailCatcher.java").toString(),
				"--smtp-port", Integer.toString(smtpPort), "--http-port", Integer.toString(httpPort), "--dir",
				dir.resolve("mail").toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		awaitListening(log);

		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(smtpPort);
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom("no-reply@stackspin.local");
		message.setTo("new.user@example.org");
		message.setSubject("Welcome <b>to</b> Stackspin");
		message.setText("Choose your password: http://localhost:8080/self-service/recovery?flow=abc&token=xyz\n");
		sender.send(message);

		HttpClient http = HttpClient.newHttpClient();
		String index = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(index).contains("Welcome &lt;b&gt;to&lt;/b&gt; Stackspin").contains("new.user@example.org");
		String detail = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/1")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(detail).contains("<a href='http://localhost:8080/self-service/recovery?flow=abc&amp;token=xyz'>");
		assertThat(Files.list(dir.resolve("mail"))).hasSize(1);
	}

	private static void awaitListening(Path log) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			if (Files.exists(log) && Files.readString(log).contains("Mail catcher: SMTP on")) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("mail catcher did not start: " + Files.readString(log));
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path projectDir() {
		return new File(System.getProperty("project.basedir", ".")).toPath().toAbsolutePath();
	}

}

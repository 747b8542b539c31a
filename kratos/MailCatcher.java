import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A mail catcher for the local run, in one Java file with no dependencies
 * ({@code java kratos/MailCatcher.java}). It accepts every message Kratos's courier and the
 * panel send to 127.0.0.1:1025, keeps it in memory and in {@code .local/mail/}, and shows
 * the messages on http://localhost:1080 with their links clickable, so a newcomer can follow a welcome or recovery link without a real mail
 * server. Loopback only unless {@code --host} says otherwise (a container's own network, as
 * the compose file's stand-in for Mailpit); not for production.
 *
 * Options: --smtp-port N (1025), --http-port N (1080), --dir PATH (.local/mail), --host ADDRESS
 * (loopback).
 */
public class MailCatcher {

	record Mail(int number, Instant received, String from, List<String> to, String subject, String raw) {
	}

	private static final List<Mail> mails = new CopyOnWriteArrayList<>();

	private static int httpPort = 1080;

	public static void main(String[] args) throws IOException {
		int smtpPort = 1025;
		Path dir = Path.of(".local/mail");
		InetAddress host = InetAddress.getLoopbackAddress();
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--smtp-port" -> smtpPort = Integer.parseInt(args[i + 1]);
				case "--http-port" -> httpPort = Integer.parseInt(args[i + 1]);
				case "--dir" -> dir = Path.of(args[i + 1]);
				case "--host" -> host = InetAddress.getByName(args[i + 1]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		Files.createDirectories(dir);
		ServerSocket smtp = new ServerSocket(smtpPort, 50, host);
		HttpServer http = HttpServer.create(new InetSocketAddress(host, httpPort), 0);
		http.createContext("/", MailCatcher::page);
		http.setExecutor(Executors.newFixedThreadPool(2));
		http.start();
		System.out.println("Mail catcher: SMTP on " + host.getHostAddress() + ":" + smtpPort + ", messages on http://localhost:" + httpPort
				+ "/ and in " + dir);
		var workers = Executors.newCachedThreadPool();
		Path store = dir;
		while (true) {
			Socket client = smtp.accept();
			workers.submit(() -> session(client, store));
		}
	}

	/** Just enough SMTP (RFC 5321) for a courier that does not need STARTTLS or AUTH. */
	private static void session(Socket socket, Path store) {
		try (socket;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
			reply(out, "220 localhost mail catcher");
			String from = "";
			List<String> to = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
				switch (command) {
					case "EHLO" -> reply(out, "250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8");
					case "HELO" -> reply(out, "250 localhost");
					case "MAIL" -> {
						from = address(line);
						to = new ArrayList<>();
						reply(out, "250 OK");
					}
					case "RCPT" -> {
						to.add(address(line));
						reply(out, "250 OK");
					}
					case "DATA" -> {
						reply(out, "354 End data with <CR><LF>.<CR><LF>");
						StringBuilder raw = new StringBuilder();
						String data;
						while ((data = in.readLine()) != null && !data.equals(".")) {
							raw.append(data.startsWith("..") ? data.substring(1) : data).append("\r\n");
						}
						keep(store, from, to, raw.toString());
						reply(out, "250 OK: queued");
					}
					case "RSET" -> {
						from = "";
						to = new ArrayList<>();
						reply(out, "250 OK");
					}
					case "NOOP" -> reply(out, "250 OK");
					case "QUIT" -> {
						reply(out, "221 Bye");
						return;
					}
					default -> reply(out, "502 Command not implemented");
				}
			}
		}
		catch (IOException ex) {
			System.err.println("Mail catcher: " + ex.getMessage());
		}
	}

	private static void reply(PrintWriter out, String text) {
		out.print(text + "\r\n");
		out.flush();
	}

	private static String address(String line) {
		Matcher m = Pattern.compile("<([^>]*)>").matcher(line);
		return m.find() ? m.group(1) : line.substring(line.indexOf(':') + 1).trim();
	}

	private static synchronized void keep(Path store, String from, List<String> to, String raw) throws IOException {
		Matcher subject = Pattern.compile("(?mi)^Subject: (.*)$").matcher(raw);
		Mail mail = new Mail(mails.size() + 1, Instant.now(), from, List.copyOf(to),
				subject.find() ? subject.group(1).trim() : "(no subject)", raw);
		mails.add(mail);
		Files.writeString(store.resolve(String.format("%04d.eml", mail.number())), raw);
		System.out.println("Mail catcher: message " + mail.number() + " to " + to + ": " + mail.subject()
				+ " (http://localhost:" + httpPort + "/" + mail.number() + ")");
	}

	private static void page(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Local mail</title>"
				+ "<body style='font-family:sans-serif;max-width:60em;margin:2em auto'><h1><a href='/'>Local mail</a></h1>");
		int status = 200;
		if (path.equals("/")) {
			html.append("<p>").append(mails.size()).append(" message(s), newest first.</p><ul>");
			for (int i = mails.size() - 1; i >= 0; i--) {
				Mail mail = mails.get(i);
				html.append("<li><a href='/")
					.append(mail.number())
					.append("'>")
					.append(escape(mail.subject()))
					.append("</a> to ")
					.append(escape(String.join(", ", mail.to())))
					.append(" <small>")
					.append(mail.received())
					.append("</small></li>");
			}
			html.append("</ul>");
		}
		else {
			Mail mail = find(path.substring(1));
			if (mail == null) {
				status = 404;
				html.append("<p>No such message.</p>");
			}
			else {
				String text = decode(mail.raw());
				html.append("<h2>")
					.append(escape(mail.subject()))
					.append("</h2><p>To ")
					.append(escape(String.join(", ", mail.to())))
					.append("</p><h3>Links</h3><ul>");
				Matcher link = Pattern.compile("https?://[^\\s\"'<>]+").matcher(text);
				List<String> seen = new ArrayList<>();
				while (link.find()) {
					String url = link.group().replace("&amp;", "&");
					if (!seen.contains(url)) {
						seen.add(url);
						html.append("<li><a href='").append(escape(url)).append("'>").append(escape(url)).append("</a></li>");
					}
				}
				html.append("</ul><h3>Message</h3><pre style='white-space:pre-wrap'>")
					.append(escape(text))
					.append("</pre>");
			}
		}
		byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static Mail find(String number) {
		for (Mail mail : mails) {
			if (Integer.toString(mail.number()).equals(number)) {
				return mail;
			}
		}
		return null;
	}

	/** Undoes quoted-printable soft breaks and escapes, which is how couriers wrap long links. */
	private static String decode(String raw) {
		if (!raw.toLowerCase().contains("quoted-printable")) {
			return raw;
		}
		String joined = raw.replace("=\r\n", "");
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		for (int i = 0; i < joined.length(); i++) {
			char c = joined.charAt(i);
			if (c == '=' && i + 2 < joined.length() && joined.substring(i + 1, i + 3).matches("[0-9A-F]{2}")) {
				bytes.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
			.replace("\"", "&quot;");
	}

}

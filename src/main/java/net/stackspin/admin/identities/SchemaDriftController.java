package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import net.stackspin.admin.kratos.KratosException;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The schema-drift report: every identity whose traits no longer fit its schema, written
 * to the browser page by page while the scan goes on (the page renders progressively;
 * nothing is kept but the page in hand).
 */
@Controller
class SchemaDriftController {

	private final SchemaDriftScan scan;

	private final MessageSource messages;

	SchemaDriftController(SchemaDriftScan scan, MessageSource messages) {
		this.scan = scan;
		this.messages = messages;
	}

	@GetMapping("/identities/drift")
	ResponseEntity<StreamingResponseBody> report() {
		Locale locale = LocaleContextHolder.getLocale();
		StreamingResponseBody body = (stream) -> {
			Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
			out.write(head(locale));
			out.flush();
			try {
				SchemaDriftScan.Totals totals = this.scan.scan(locale, (drifted) -> row(out, drifted),
						() -> flush(out));
				out.write("</tbody></table>\n<p id=\"drift-totals\">"
						+ escape(text(locale, "identity.drift.totals", totals.checked(), totals.drifted())) + "</p>\n");
			}
			catch (KratosException ex) {
				// the status line has gone out: say it in the page
				out.write("</tbody></table>\n<div class=\"alert alert-danger\" id=\"drift-failed\">"
						+ escape(text(locale, "identity.drift.failed")) + "</div>\n");
			}
			out.write("</main></body></html>\n");
			out.flush();
		};
		return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(body);
	}

	private String head(Locale locale) {
		String title = escape(text(locale, "identity.drift.title"));
		return """
				<!DOCTYPE html>
				<html lang="%8$s"><head><meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%1$s</title>
				<link rel="stylesheet" href="/webjars/bootstrap/5.3.8/css/bootstrap.min.css">
				<link rel="stylesheet" href="/css/admin.css"></head>
				<body><main class="container py-4" id="main">
				<p><a href="/identities">%2$s</a></p>
				<h1>%1$s</h1>
				<p>%3$s</p>
				<table class="table table-sm" id="drift"><thead><tr><th>%4$s</th><th>%5$s</th><th>%6$s</th><th>%7$s</th></tr></thead>
				<tbody>
				"""
			.formatted(title, escape(text(locale, "identity.backToList")), escape(text(locale, "identity.drift.intro")),
					escape(text(locale, "identity.drift.user")), escape(text(locale, "identity.schema")),
					escape(text(locale, "identity.drift.field")), escape(text(locale, "identity.drift.problem")),
					escape(locale.getLanguage()));
	}

	private static void row(Writer out, SchemaDriftScan.Drifted drifted) {
		try {
			out.write("<tr data-identity=\"" + escape(drifted.id()) + "\"><td><a href=\"/identities/"
					+ escape(drifted.id()) + "/edit\">" + escape(drifted.label()) + "</a></td><td>"
					+ escape(drifted.schemaId()) + "</td><td><code>" + escape(drifted.field()) + "</code></td><td>"
					+ escape(drifted.problem()) + "</td></tr>\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void flush(Writer out) {
		try {
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String text(Locale locale, String code, Object... args) {
		return this.messages.getMessage(code, args, locale);
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape((text != null) ? text : "");
	}

}

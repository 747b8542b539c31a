package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletResponse;
import net.stackspin.admin.audit.AuditTrail;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /identities/export}: everyone, or the list page's search, as a CSV (commas, or
 * semicolons for a Dutch Excel) or JSON Lines download, written to the response page by
 * page as Kratos answers.
 */
@Controller
class IdentityExportController {

	private final IdentityExport export;

	private final AuditTrail audit;

	IdentityExportController(IdentityExport export, AuditTrail audit) {
		this.export = export;
		this.audit = audit;
	}

	@GetMapping("/identities/export")
	void export(@RequestParam(name = "format", defaultValue = "csv") String formatName,
			@RequestParam(name = "q", required = false) String query, HttpServletResponse response) throws IOException {
		IdentityExport.Format format = IdentityExport.Format.of(formatName).orElse(null);
		if (format == null) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, "format must be csv, csv-semicolon or jsonl");
			return;
		}
		// headers only once the first page is in: Kratos down before that is the usual
		// 503 page, not a broken download
		IdentityExport.Result result = this.export.export(format, query, () -> {
			response.setContentType(format.contentType());
			response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(this.export.fileName(format)).build().toString());
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			// ingress proxies pass each page on instead of holding the whole file
			response.setHeader("X-Accel-Buffering", "no");
			try {
				return response.getOutputStream();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		// counts only: the search may be an e-mail address, which the audit trail never
		// holds
		this.audit.event("identity.export")
			.outcome(result.complete() ? "success" : "incomplete")
			.value("format", format.key())
			.value("search", (query != null && !query.isBlank()) ? "yes" : "no")
			.count("rows", result.rows())
			.record();
	}

}

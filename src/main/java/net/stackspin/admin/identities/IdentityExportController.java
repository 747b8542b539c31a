package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletResponse;
import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.system.AdminActions;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /identities/export}: everyone, or the list page's search, as a CSV or JSON Lines
 * download, written to the response page by page as Kratos answers.
 */
@Controller
class IdentityExportController {

	private final IdentityExport export;

	private final AdminActions actions;

	IdentityExportController(IdentityExport export, AdminActions actions) {
		this.export = export;
		this.actions = actions;
	}

	@GetMapping("/identities/export")
	void export(@RequestParam(name = "format", defaultValue = "csv") String formatName,
			@RequestParam(name = "q", required = false) String query, @AuthenticationPrincipal AdminPrincipal admin,
			HttpServletResponse response) throws IOException {
		IdentityExport.Format format = IdentityExport.Format.of(formatName).orElse(null);
		if (format == null) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, "format must be csv or jsonl");
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
		// counts only: the search may be an e-mail address, which the audit log never
		// holds
		this.actions.record("identity.export", result.complete() ? "success" : "incomplete",
				(admin != null) ? admin.identityId() : null,
				format.extension() + " rows=" + result.rows() + ((query != null && !query.isBlank()) ? " search" : ""));
	}

}

package net.stackspin.admin.identities;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.InvitationNote;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.language.PageTimes;

import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

/**
 * The rows of the identity list as HTML. The list is the one page that grows with its
 * content (up to 250 rows), and Thymeleaf spent about 50 µs of expression evaluation per
 * row, as much as Kratos took to find the row (docs/benchmarks.md). So the rows are
 * written here and the template inserts them whole; everything else on the page is
 * Thymeleaf. Every value from Kratos goes through {@link HtmlUtils#htmlEscape} (the
 * markup is only ever in double-quoted attributes and element text), and ids are also
 * encoded as a path segment.
 */
final class IdentityRowsHtml {

	/**
	 * One identity with its label (the link text) and its name, as
	 * {@link net.stackspin.admin.kratos.SchemaNames} makes them.
	 */
	record Row(IdentitySummary identity, String label, String name) {
	}

	/**
	 * The words the rows need, in the admin's language, looked up once per page, and the
	 * format of dates ({@link PageTimes#formatter}: the admin's language, in
	 * {@code stackspin.ui.time-zone}).
	 */
	record Labels(String active, String inactive, String yes, String no, DateTimeFormatter dates,
			Map<InvitationNote.Status, String> invitation) {

		Labels(String active, String inactive, String yes, String no, DateTimeFormatter dates) {
			this(active, inactive, yes, no, dates, Map.of());
		}

		Labels(String active, String inactive, String yes, String no) {
			this(active, inactive, yes, no, PageTimes.formatter(Locale.ENGLISH, ZoneOffset.UTC));
		}

		/** Whether the rows get the invitation column (the words are given). */
		boolean invitationColumn() {
			return !this.invitation.isEmpty();
		}

	}

	private IdentityRowsHtml() {
	}

	/**
	 * @param detailBase the link to an identity without its id (context path included)
	 * @param nameColumn whether to add the name column
	 * @param schemaColumn whether to add the schema column
	 */
	static String render(List<Row> rows, String detailBase, boolean nameColumn, boolean schemaColumn, Labels labels) {
		return render(rows, detailBase, nameColumn, schemaColumn, labels, Selection.NONE);
	}

	/**
	 * Whether rows get a checkbox for the bulk actions ({@code name="ids"}), whether they
	 * are ticked ("select all on this page" without JavaScript), and the checkbox's
	 * accessible name with {@code {0}} for the user's label.
	 */
	record Selection(boolean enabled, boolean checked, String label) {

		static final Selection NONE = new Selection(false, false, "");

	}

	static String render(List<Row> rows, String detailBase, boolean nameColumn, boolean schemaColumn, Labels labels,
			Selection selection) {
		StringBuilder html = new StringBuilder(rows.size() * 400);
		String base = escape(detailBase);
		Instant now = Instant.now();
		for (Row row : rows) {
			IdentitySummary identity = row.identity();
			boolean active = identity.state() == IdentityState.ACTIVE;
			html.append("<tr>\n");
			if (selection.enabled()) {
				String id = escape(identity.id());
				html.append(
						"  <td class=\"identity-select\"><input class=\"form-check-input bulk-select\" type=\"checkbox\" name=\"ids\" value=\"")
					.append(id)
					.append("\" id=\"select-")
					.append(id)
					.append("\" aria-label=\"")
					.append(escape(selection.label().replace("{0}", (row.label() != null) ? row.label() : "")))
					.append('"')
					.append(selection.checked() ? " checked" : "")
					.append("></td>\n");
			}
			html.append("  <td class=\"identity-label\"><a href=\"")
				.append(base)
				.append(escape(UriUtils.encodePathSegment(identity.id(), StandardCharsets.UTF_8)))
				.append("\">")
				.append(escape(row.label()))
				.append("</a>");
			if (nameColumn && row.name() != null && !row.name().isEmpty()) {
				// shown under the identifier on a phone, where the name column is hidden
				html.append("<span class=\"identity-label-name small text-body-secondary\">")
					.append(escape(row.name()))
					.append("</span>");
			}
			html.append("</td>\n");
			if (nameColumn) {
				html.append("  <td class=\"identity-name\">").append(escape(row.name())).append("</td>\n");
			}
			html.append("  <td class=\"identity-state\"><span class=\"badge ")
				.append(active ? "text-bg-success" : "text-bg-secondary")
				.append("\">")
				.append(escape(active ? labels.active() : labels.inactive()))
				.append("</span></td>\n  <td class=\"identity-verified\">")
				.append(escape(identity.verified() ? labels.yes() : labels.no()))
				.append("</td>\n");
			if (labels.invitationColumn()) {
				InvitationNote.Status status = identity.invitationStatus(now);
				html.append("  <td class=\"identity-invitation\" data-invitation=\"")
					.append(status.key())
					.append("\">")
					.append(escape(labels.invitation().get(status)))
					.append("</td>\n");
			}
			html.append("  <td class=\"identity-created\">");
			Instant created = identity.createdAt();
			if (created != null) {
				html.append("<time datetime=\"")
					.append(created)
					.append("\" title=\"")
					.append(PageTimes.utcText(created))
					.append("\">")
					.append(escape(labels.dates().format(created)))
					.append("</time>");
			}
			html.append("</td>\n");
			if (schemaColumn) {
				html.append("  <td class=\"identity-schema\">").append(escape(identity.schemaId())).append("</td>\n");
			}
			html.append("</tr>\n");
		}
		return html.toString();
	}

	private static String escape(String text) {
		return (text != null) ? HtmlUtils.htmlEscape(text, "UTF-8") : "";
	}

}

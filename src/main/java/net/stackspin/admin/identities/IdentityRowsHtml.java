package net.stackspin.admin.identities;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.InvitationNote;
import net.stackspin.admin.kratos.IdentitySummary;

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
	 * time zone dates are shown in ({@code stackspin.ui.time-zone}).
	 */
	record Labels(String active, String inactive, String yes, String no, ZoneId zone,
			Map<InvitationNote.Status, String> invitation) {

		Labels(String active, String inactive, String yes, String no, ZoneId zone) {
			this(active, inactive, yes, no, zone, Map.of());
		}

		Labels(String active, String inactive, String yes, String no) {
			this(active, inactive, yes, no, ZoneOffset.UTC);
		}

		/** Whether the rows get the invitation column (the words are given). */
		boolean invitationColumn() {
			return !this.invitation.isEmpty();
		}

	}

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

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
		DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(labels.zone());
		Instant now = Instant.now();
		for (Row row : rows) {
			IdentitySummary identity = row.identity();
			boolean active = identity.state() == IdentityState.ACTIVE;
			html.append("<tr>\n");
			if (selection.enabled()) {
				String id = escape(identity.id());
				html.append(
						"  <td><input class=\"form-check-input bulk-select\" type=\"checkbox\" name=\"ids\" value=\"")
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
				.append("</a></td>\n");
			if (nameColumn) {
				html.append("  <td class=\"identity-name\">").append(escape(row.name())).append("</td>\n");
			}
			html.append("  <td><span class=\"badge ")
				.append(active ? "text-bg-success" : "text-bg-secondary")
				.append("\">")
				.append(escape(active ? labels.active() : labels.inactive()))
				.append("</span></td>\n  <td>")
				.append(escape(identity.verified() ? labels.yes() : labels.no()))
				.append("</td>\n");
			if (labels.invitationColumn()) {
				InvitationNote.Status status = identity.invitationStatus(now);
				html.append("  <td data-invitation=\"")
					.append(status.key())
					.append("\">")
					.append(escape(labels.invitation().get(status)))
					.append("</td>\n");
			}
			html.append("  <td>");
			Instant created = identity.createdAt();
			if (created != null) {
				html.append("<time datetime=\"")
					.append(created)
					.append("\" title=\"")
					.append(UTC.format(created))
					.append("\">")
					.append(minute.format(created))
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

package net.stackspin.admin.identities;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity list's rows: the markup the pages and tests rely on, and every value
 * escaped.
 */
class IdentityRowsHtmlTests {

	private static final IdentityRowsHtml.Labels LABELS = new IdentityRowsHtml.Labels("active", "inactive", "yes",
			"no");

	private static final String ID = "0f9c6a2e-6c1b-4c1e-9a51-3c2f3f1e2d10";

	@Test
	void aRowLinksToTheIdentityAndShowsItsColumns() {
		IdentitySummary ada = new IdentitySummary(ID, "default",
				Map.of("email", "ada@example.org", "name", Map.of("first", "Ada", "last", "Lovelace")),
				IdentityState.ACTIVE, true, Instant.parse("2026-11-29T08:24:05.123456Z"), null);

		String html = IdentityRowsHtml.render(List.of(new IdentityRowsHtml.Row(ada, "ada@example.org", "Ada Lovelace")),
				"/panel/identities/", true, false, LABELS);

		assertThat(html).isEqualTo("<tr>\n" + "  <td class=\"identity-label\"><a href=\"/panel/identities/" + ID
				+ "\">ada@example.org</a><span class=\"identity-label-name small text-body-secondary\">Ada Lovelace</span></td>\n"
				+ "  <td class=\"identity-name\">Ada Lovelace</td>\n"
				+ "  <td class=\"identity-state\"><span class=\"badge text-bg-success\">active</span></td>\n"
				+ "  <td class=\"identity-verified\">yes</td>\n"
				+ "  <td class=\"identity-created\"><time datetime=\"2026-11-29T08:24:05.123456Z\" title=\"2026-11-29 08:24:05 UTC\">Nov 29, 2026, 8:24 AM</time></td>\n"
				+ "</tr>\n");
	}

	@Test
	void inactiveUnverifiedWithoutCreationTimeAndWithTheSchemaColumn() {
		IdentitySummary bob = new IdentitySummary(ID, "extended", Map.of("email", "bob@example.org"),
				IdentityState.INACTIVE, false, null, null);

		String html = IdentityRowsHtml.render(List.of(new IdentityRowsHtml.Row(bob, "bob@example.org", "")),
				"/identities/", false, true, LABELS);

		assertThat(html).contains("<span class=\"badge text-bg-secondary\">inactive</span>")
			.contains("<td class=\"identity-verified\">no</td>")
			.contains("<td class=\"identity-created\"></td>")
			.contains("<td class=\"identity-schema\">extended</td>")
			.doesNotContain("<time")
			.doesNotContain("identity-name");
	}

	@Test
	void everyValueFromKratosAndEveryLabelIsEscaped() {
		String script = "<script>alert('x')</script>";
		String breakOut = "\"><img src=x onerror=alert(1)>";
		IdentitySummary hostile = new IdentitySummary(breakOut, script,
				Map.of("email", "o'brien&co" + breakOut, "name", Map.of("first", script, "last", breakOut)),
				IdentityState.ACTIVE, false, null, null);
		IdentityRowsHtml.Labels labels = new IdentityRowsHtml.Labels(script, script, breakOut, breakOut);

		String html = IdentityRowsHtml.render(
				List.of(new IdentityRowsHtml.Row(hostile, "o'brien&co" + breakOut, script + " " + breakOut)),
				"/\"x/identities/", true, true, labels);

		assertThat(html).doesNotContain("<script")
			.doesNotContain("<img")
			.doesNotContain("'")
			.doesNotContain("\"x")
			.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
			.contains("o&#39;brien&amp;co&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
			.contains("href=\"/&quot;x/identities/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E\"");
		// only the markup's own quotes remain: two per attribute
		assertThat(html.chars().filter((c) -> c == '"').count()).isEqualTo(2 * 9);
	}

	@Test
	void noIdentitiesNoRows() {
		assertThat(IdentityRowsHtml.render(List.of(), "/identities/", true, false, LABELS)).isEmpty();
	}

}

package net.stackspin.admin.selfservice;

import java.net.http.HttpResponse;

import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.SelfServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Dutch browser on the end users' pages with the real Kratos: the page's own text and
 * Kratos's labels (translated by message id) are Dutch, with {@code lang="nl"}.
 */
class SelfServiceDutchIntegrationTests extends SelfServiceIntegrationTest {

	@Test
	void aDutchBrowserGetsTheRecoveryPageWithKratossLabelsInDutch() {
		HttpSession browser = new HttpSession();
		browser.header("Accept-Language", "nl-NL,nl;q=0.9");
		String location = browser.get(KRATOS.publicUrl() + "/self-service/recovery/browser")
			.headers()
			.firstValue("location")
			.orElseThrow();
		HttpResponse<String> page = browser.get(location);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains("<html lang=\"nl\"")
			.contains("Je account herstellen")
			// Kratos's label 1070007 ("Email"), by id
			.contains(">E-mailadres</label>")
			.doesNotContain(">Email</label>")
			// the footer's switch keeps the flow
			.contains("lang=\"en\" hreflang=\"en\" href=\"/self-service/recovery?flow=");
	}

}

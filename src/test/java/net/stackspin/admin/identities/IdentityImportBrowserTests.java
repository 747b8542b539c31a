package net.stackspin.admin.identities;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.Browser;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser imports users: upload a spreadsheet's CSV, read the preview, import,
 * download the results.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "stackspin.security.cookie-secure=false")
class IdentityImportBrowserTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void adminUploadsAFileSeesThePreviewImportsAndDownloadsTheResults(@TempDir Path dir) throws Exception {
		String admin = uniqueEmail("browser-importer");
		TestIdentities.admin(this.kratos, admin);
		String prefix = "browser-import-" + UUID.randomUUID().toString().substring(0, 8);
		Path file = dir.resolve("users.csv");
		Files
			.writeString(
					file, "\uFEFFemail;name.first;name.last\r\n" + prefix + "-a@example.org;Zoë;\"de Vries; jr\"\r\n"
							+ prefix + "-b@example.org;Sem;Bakker\r\nnot-an-address;Bad;Row\r\n",
					StandardCharsets.UTF_8);
		String base = "http://localhost:" + this.port;
		try (Browser browser = Browser.start()) {
			Path downloads = browser.allowDownloads();
			browser.open(base + "/identities");
			browser.type(By.id("email"), admin)
				.type(By.id("password"), TestIdentities.PASSWORD)
				.click(By.id("sign-in"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/identities"));

			browser.click(By.id("import-users"));
			browser.waitFor().until((driver) -> driver.getCurrentUrl().endsWith("/identities/import"));
			browser.find(By.id("file")).sendKeys(file.toString());
			browser.click(By.id("preview"));
			browser.waitFor().until((driver) -> driver.getPageSource().contains("import-totals"));
			assertThat(browser.find(By.id("import-totals")).getText())
				.isEqualTo("Rows: 3. Create: 2. Skip (exists): 0. Errors: 1.");
			assertThat(browser.find(By.id("import-rows")).getText()).contains(prefix + "-a@example.org")
				.contains("Enter a valid e-mail address");
			assertThat(this.kratos.findByIdentifier(prefix + "-a@example.org")).isEmpty();

			browser.click(By.id("import"));
			browser.waitFor().until((driver) -> driver.getPageSource().contains("id=\"import-done\""));
			assertThat(browser.find(By.id("import-totals")).getText())
				.isEqualTo("Rows: 3. Created: 2. Skipped (exist): 0. Errors: 1. Failed: 0.");
			assertThat(browser.find(By.id("import-progress")).getText()).contains("3 rows done");

			browser.click(By.id("download-results"));
			Path results = new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until((driver) -> {
				try (var files = Files.list(downloads)) {
					return files
						.filter((f) -> f.getFileName().toString().startsWith("stackspin-import-results-")
								&& f.getFileName().toString().endsWith(".csv"))
						.findFirst()
						.orElse(null);
				}
				catch (java.io.IOException ex) {
					return null;
				}
			});
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			bytes.writeBytes(Files.readAllBytes(results));
			List<List<String>> rows = IdentityExportTests.csv(bytes);
			assertThat(rows.get(0)).containsExactly("line", "identifier", "outcome", "id", "column", "message",
					"welcome_email");
			String id = this.kratos.findByIdentifier(prefix + "-a@example.org").orElseThrow().id();
			assertThat(rows.get(1)).startsWith("2", prefix + "-a@example.org", "created", id);
			assertThat(rows.get(3)).startsWith("4", "not-an-address", "error", "", "email",
					"Enter a valid e-mail address.");
			assertThat(rows).hasSize(4);
		}
		assertThat(this.kratos.findByIdentifier(prefix + "-b@example.org")).isPresent();
	}

}

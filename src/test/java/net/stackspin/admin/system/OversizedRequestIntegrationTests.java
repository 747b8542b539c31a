package net.stackspin.admin.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import net.stackspin.admin.testing.KratosIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests over the server's own limits, through the real Tomcat (MockMvc has no
 * connector limits): a clear 413 page, one log line, no stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OversizedRequestIntegrationTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	/**
	 * Issue 24, finding 5c: a form field over Tomcat's 2 MB limit was a 500 with some 200
	 * lines of stack trace, from any anonymous client.
	 */
	@Test
	void aFormOverTheServersLimitIsThe413PageWithOneLogLine(CapturedOutput output) throws Exception {
		for (String path : new String[] { "/login", "/identities/import/results" }) {
			int before = output.getAll().length();
			HttpResponse<String> multipart = post(path, "multipart/form-data; boundary=----b",
					"------b\r\nContent-Disposition: form-data; name=\"results\"\r\n\r\n" + "a".repeat(3_000_000)
							+ "\r\n------b--\r\n");
			assertThat(multipart.statusCode()).as(path).isEqualTo(413);
			assertThat(multipart.body()).contains("Too much sent at once").contains("<nav");
			HttpResponse<String> urlencoded = post(path, "application/x-www-form-urlencoded",
					"results=" + "a".repeat(3_000_000));
			assertThat(urlencoded.statusCode()).as(path).isEqualTo(413);
			assertThat(urlencoded.body()).contains("Too much sent at once").contains("<nav");
			String logged = output.getAll().substring(before);
			assertThat(logged).doesNotContain("\tat ", "IllegalStateException:");
			assertThat(logged.lines().filter((line) -> line.contains("Refused a form over the server's limits")))
				.hasSize(2);
		}
		HttpResponse<String> dutch = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept-Language", "nl")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString("x=" + "a".repeat(3_000_000)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(dutch.statusCode()).isEqualTo(413);
		assertThat(dutch.body()).contains("Te veel tegelijk verstuurd");
	}

	private HttpResponse<String> post(String path, String type, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Content-Type", type)
				.header("Accept-Language", "en")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}

package net.stackspin.admin.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.TcpProxy;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Kratos behind a TCP proxy that can cut it off or slow it down: a signed-in
 * administrator gets the 503 page, not a 500, once an outage outlasts the session-check
 * interval, and the log says so once (not a subclass of KratosIntegrationTest, whose
 * Kratos URLs would win over the proxies'); readiness answers fast however slow Kratos
 * is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "stackspin.security.session-check-interval=2s", "stackspin.security.cookie-secure=false",
				"management.server.port=" })
@ExtendWith(OutputCaptureExtension.class)
class KratosFaultIntegrationTests {

	static final KratosServer KRATOS = KratosServer.shared();

	static final TcpProxy ADMIN = new TcpProxy(KRATOS.adminUrl());

	static final TcpProxy PUBLIC = new TcpProxy(KRATOS.publicUrl());

	@DynamicPropertySource
	static void throughTheProxies(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", ADMIN::url);
		registry.add("stackspin.kratos.public-url", PUBLIC::url);
		registry.add("stackspin.kratos.read-timeout", () -> "5s");
	}

	@AfterAll
	static void closeProxies() {
		ADMIN.close();
		PUBLIC.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void outageLongerThanTheSessionCheckThen503PagesAndOneLogLine(CapturedOutput output) throws Exception {
		String email = "outage-" + UUID.randomUUID() + "@example.org";
		TestIdentities.admin(this.kratos, email);
		HttpSession browser = new HttpSession();
		browser.get(url("/login"));
		assertThat(browser.postForm(url("/login"), Map.of("email", email, "password", TestIdentities.PASSWORD))
			.statusCode()).isEqualTo(302);
		assertThat(browser.get(url("/identities")).statusCode()).isEqualTo(200);
		int logStart = output.length();

		ADMIN.stop();
		PUBLIC.stop();
		try {
			Thread.sleep(2500); // longer than the session-check interval: the cache
								// cannot answer
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> page = browser.get(url("/identities"));
				assertThat(page.statusCode()).isEqualTo(503);
				assertThat(page.body()).contains("Kratos unreachable").doesNotContain("Exception");
				HttpResponse<String> api = browser.getJson(url("/identities"));
				assertThat(api.statusCode()).isEqualTo(503);
			}
			// public pages still work with the session cookie present
			assertThat(browser.get(url("/login")).statusCode()).isEqualTo(200);
		}
		finally {
			ADMIN.start();
			PUBLIC.start();
		}
		String log = output.toString().substring(logStart);
		assertThat(log.split("Kratos unavailable \\(", -1)).as("WARN lines about the outage").hasSize(2);
		assertThat(log).doesNotContain("\tat ").doesNotContain("ERROR");

		assertThat(browser.get(url("/identities")).statusCode()).as("back when Kratos is").isEqualTo(200);
	}

	@Test
	void slowKratosThenReadinessAnswersWithinASecond() throws Exception {
		HttpSession probe = new HttpSession();
		// ready first (the very first check may take longer than a probe waits, on a cold
		// JVM)
		int status = 0;
		for (int i = 0; i < 20 && status != 200; i++) {
			status = probe.getJson(url("/actuator/health/readiness")).statusCode();
			Thread.sleep((status == 200) ? 0 : 500);
		}
		assertThat(status).isEqualTo(200);
		ADMIN.delay(Duration.ofSeconds(4));
		try {
			Thread.sleep(3100); // the last answer is reused for 3 s
			for (int i = 0; i < 3; i++) {
				long start = System.nanoTime();
				HttpResponse<String> readiness = probe.getJson(url("/actuator/health/readiness"));
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(took).as("probe %d", i).isLessThan(Duration.ofMillis(1500));
				assertThat(readiness.statusCode()).isEqualTo(503);
			}
		}
		finally {
			ADMIN.delay(Duration.ZERO);
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}

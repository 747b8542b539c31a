package net.stackspin.admin.auth;

import java.util.Map;

import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the ingress configured as a trusted proxy (here: the loopback address the test
 * connects from), the per-client sign-in limit counts the client address the proxy
 * forwards, so one noisy client does not lock out the others behind the same ingress.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=native",
				"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1",
				"stackspin.security.cookie-secure=false", "stackspin.security.sign-in-failures-per-client=2",
				"management.server.port=" })
class TrustedProxyIntegrationTests extends KratosIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void forwardedForFromATrustedProxyIsTheClientOfTheLimit() {
		HttpSession noisy = client("203.0.113.10");
		assertThat(wrongPassword(noisy)).isEqualTo(401);
		assertThat(wrongPassword(noisy)).isEqualTo(401);
		assertThat(wrongPassword(noisy)).isEqualTo(429);
		assertThat(wrongPassword(client("203.0.113.11"))).as("another client behind the ingress").isEqualTo(401);
	}

	private HttpSession client(String address) {
		HttpSession client = new HttpSession();
		client.header("X-Forwarded-For", address);
		client.get("http://localhost:" + this.port + "/login");
		return client;
	}

	private int wrongPassword(HttpSession client) {
		return client
			.postForm("http://localhost:" + this.port + "/login",
					Map.of("email", uniqueEmail("nobody"), "password", "wrong-password"))
			.statusCode();
	}

}

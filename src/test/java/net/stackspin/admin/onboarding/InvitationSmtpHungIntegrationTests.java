package net.stackspin.admin.onboarding;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An SMTP server that accepts the connection and never answers: "create user" returns
 * within the mail time budget (a few seconds, not the 10 s of a default read timeout),
 * the user exists, the page says the mail server did not answer in words (no Java class
 * names), and the invitation link is offered instead.
 */
@SpringBootTest
@AutoConfigureMockMvc
class InvitationSmtpHungIntegrationTests extends KratosIntegrationTest {

	private static final HungSmtpServer SMTP = new HungSmtpServer();

	@DynamicPropertySource
	static void hungSmtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", SMTP::port);
	}

	@AfterAll
	static void stopSmtp() throws IOException {
		SMTP.close();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void createWithWelcomeWhenSmtpHangsThenFastClearMessageUserCreatedAndLinkOffered() throws Exception {
		// warm up (first request of the context, mail templates), without mail
		this.mvc
			.perform(post("/identities/new").with(SignedIn.admin())
				.with(csrf())
				.param("traits.email", uniqueEmail("smtp-warm-up"))
				.param("state", "ACTIVE"))
			.andExpect(status().isFound());
		String email = uniqueEmail("smtp-hung");
		long started = System.nanoTime();
		MvcResult result = this.mvc
			.perform(post("/identities/new").with(SignedIn.admin())
				.with(csrf())
				.param("traits.email", email)
				.param("state", "ACTIVE")
				.param("sendWelcome", "true"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrlPattern("/identities/*/access"))
			.andReturn();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(SMTP.connections()).as("the panel did reach the hung server").isPositive();
		// the budget is 2 s to connect + 3 s for an answer; the old read timeout alone
		// was
		// 10 s. The rest is Kratos (create, recovery link) on a busy machine.
		assertThat(took).as("the SMTP time budget").isLessThan(Duration.ofSeconds(8));
		String error = (String) result.getFlashMap().get("error");
		assertThat(error).contains("the mail server did not answer")
			.doesNotContain("Exception")
			.doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]");
		OneTimeSecret secret = (OneTimeSecret) result.getFlashMap().get("secret");
		assertThat(secret.value()).contains("/self-service/recovery?flow=");
		IdentitySummary user = this.kratos.findByIdentifier(email).orElseThrow();
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/identities/" + user.id() + "/access");
	}

	/** Accepts every connection and says nothing, ever. */
	static final class HungSmtpServer implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		HungSmtpServer() {
			try {
				this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						this.accepted.add(this.server.accept());
					}
					catch (IOException ex) {
						// closed
					}
				}
			}, "hung-smtp");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		int connections() {
			return this.accepted.size();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}

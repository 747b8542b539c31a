package net.stackspin.admin.kratos;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.stackspin.admin.testing.KratosServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fault cases: Kratos down (nothing listens) and Kratos hanging (accepts, never answers).
 * Both must end in {@link KratosUnavailableException} within the configured timeouts.
 */
class KratosOutageTests {

	@Test
	void listIdentitiesWhenNothingListensThenUnavailable() {
		KratosAdminClient kratos = client(KratosServer.freePort(), Duration.ofSeconds(2));
		assertThatThrownBy(() -> kratos.listIdentities(25, null)).isInstanceOf(KratosUnavailableException.class)
			.hasMessageContaining("list_identities");
		assertThat(kratos.isReady()).isFalse();
	}

	@Test
	void getIdentityWhenKratosHangsThenUnavailableAfterReadTimeout() throws IOException {
		List<Socket> accepted = new ArrayList<>();
		try (ServerSocket silent = new ServerSocket(0)) {
			Thread acceptor = new Thread(() -> {
				try {
					while (!silent.isClosed()) {
						accepted.add(silent.accept());
					}
				}
				catch (IOException ex) {
					// closed at the end of the test
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			KratosAdminClient kratos = client(silent.getLocalPort(), Duration.ofMillis(300));
			assertThatThrownBy(() -> kratos.getIdentity("7b0b3a6e-2f54-4f1e-9a3c-1b2a3c4d5e6f"))
				.isInstanceOf(KratosUnavailableException.class)
				.hasMessageContaining("SocketTimeoutException");
		}
		finally {
			for (Socket socket : accepted) {
				socket.close();
			}
		}
	}

	private static KratosAdminClient client(int port, Duration readTimeout) {
		URI url = URI.create("http://127.0.0.1:" + port);
		KratosProperties properties = new KratosProperties(url, url, Duration.ofSeconds(1), readTimeout);
		return new KratosAdminClient(new KratosClients(properties), new SimpleMeterRegistry());
	}

}

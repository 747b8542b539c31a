package net.stackspin.admin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fault injector itself: a stop cuts the panel's side at once but leaves the side to
 * Kratos open until Kratos has answered (a cut there would cancel Kratos's transaction).
 * The far side here is a plain socket that notes what it sees: the test is of the proxy.
 */
class TcpProxyTests {

	@Test
	void aStopWhileKratosWorksCutsThePanelAtOnceAndLetsKratosFinish() throws Exception {
		try (ServerSocket kratos = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CountDownLatch requested = new CountDownLatch(1);
			CountDownLatch stopped = new CountDownLatch(1);
			CompletableFuture<Boolean> closedBeforeAnswer = CompletableFuture.supplyAsync(() -> {
				try (Socket connection = kratos.accept()) {
					InputStream in = connection.getInputStream();
					in.read(new byte[1024]);
					requested.countDown();
					stopped.await(10, TimeUnit.SECONDS);
					// still working: is the connection still open? (no end of stream yet)
					connection.setSoTimeout(200);
					try {
						return in.read() < 0;
					}
					catch (java.net.SocketTimeoutException stillOpen) {
						return false;
					}
				}
				catch (IOException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			TcpProxy proxy = new TcpProxy("http://127.0.0.1:" + kratos.getLocalPort());
			try (Socket panel = new Socket(InetAddress.getLoopbackAddress(),
					java.net.URI.create(proxy.url()).getPort())) {
				OutputStream out = panel.getOutputStream();
				out.write("PATCH /admin/identities HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
				proxy.stop();
				stopped.countDown();
				assertThat(closedBeforeAnswer.get(10, TimeUnit.SECONDS)).as("Kratos's side closed while it worked")
					.isFalse();
				panel.setSoTimeout(5000);
				assertThat(panel.getInputStream().read()).as("the panel's side is cut").isEqualTo(-1);
			}
			finally {
				proxy.close();
			}
		}
	}

	@Test
	void stopAtLetsTheFirstRequestsThroughAndDiesAtTheNext() throws Exception {
		KratosServer kratos = KratosServer.shared();
		TcpProxy proxy = new TcpProxy(kratos.adminUrl());
		try {
			proxy.stopAt("GET /admin/health/alive ", 1);
			java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
			java.net.URI alive = java.net.URI.create(proxy.url() + "/admin/health/alive");
			assertThat(http
				.send(java.net.http.HttpRequest.newBuilder(alive).build(),
						java.net.http.HttpResponse.BodyHandlers.discarding())
				.statusCode()).isEqualTo(200);
			assertThatThrownBy(() -> http.send(java.net.http.HttpRequest.newBuilder(alive).build(),
					java.net.http.HttpResponse.BodyHandlers.discarding()))
				.isInstanceOf(IOException.class);
		}
		finally {
			proxy.close();
		}
	}

}

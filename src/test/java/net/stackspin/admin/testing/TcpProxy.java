package net.stackspin.admin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fault injection between the panel and Kratos (never a stand-in: every byte goes to the
 * real Kratos). {@link #stop()} makes Kratos unreachable (connections refused, open ones
 * cut) until {@link #start()}; {@link #delay(Duration)} holds every answer back that
 * long; {@link #stopAt(String, int)} makes Kratos die at a chosen request.
 * <p>
 * Only the panel's side of a connection is cut at once: the side to Kratos is closed
 * {@link #GRACE} later (long enough for a slow, loaded Kratos), so a request it is
 * working on completes there (the panel never hears the answer). Cutting it would cancel
 * Kratos's transaction, and with the tests' in-memory database that can drop the whole
 * database (the last connection to it closed), failing every later test of the JVM with
 * "Unable to locate the table".
 */
public final class TcpProxy implements AutoCloseable {

	private final int port;

	private final int target;

	/** How long the side to Kratos of a cut connection stays open. */
	static final Duration GRACE = Duration.ofSeconds(30);

	/** The panel's side of the open connections. */
	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	private volatile Duration delay = Duration.ZERO;

	/** The request line that stops the proxy ({@link #stopAt}), or null. */
	private volatile String stopAtRequest;

	private final java.util.concurrent.atomic.AtomicInteger passingLeft = new java.util.concurrent.atomic.AtomicInteger();

	public TcpProxy(String targetUrl) {
		this.target = java.net.URI.create(targetUrl).getPort();
		this.port = KratosServer.freePort();
		start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public void delay(Duration delay) {
		this.delay = delay;
	}

	/**
	 * Kratos dies at a chosen request: the first {@code passing} requests whose request
	 * line starts with {@code requestLine} (e.g. {@code "PATCH /admin/identities "}) go
	 * through; the next one is not forwarded and the proxy {@link #stop() stops} (until
	 * {@link #start()}, which also clears this rule).
	 */
	public void stopAt(String requestLine, int passing) {
		this.passingLeft.set(passing);
		this.stopAtRequest = requestLine;
	}

	/** Kratos reachable again, on the same port. */
	public synchronized void start() {
		this.stopAtRequest = null;
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.server = socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** Kratos unreachable: nothing listens, open connections are cut. */
	public synchronized void stop() {
		try {
			this.server.close();
			for (Socket socket : this.open) {
				socket.close();
			}
			this.open.clear();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void accept() {
		ServerSocket listening = this.server;
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.target);
				synchronized (this) {
					// a connection accepted just before stop() must not outlive it
					if (listening.isClosed()) {
						close(client);
						close(upstream);
						continue;
					}
					this.open.add(client);
				}
				pipe(client, upstream, false);
				pipe(upstream, client, true);
			}
			catch (IOException ex) {
				// closed by stop()
			}
		}
	}

	private void pipe(Socket from, Socket to, boolean answers) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			// the streams are not closed here: closing a socket's stream closes the
			// socket, and the side to Kratos must outlive a cut (see closeLater)
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (!answers && dies(buffer, read)) {
						stop();
						return;
					}
					Duration delay = this.delay; // also on connections opened before
					if (answers && !delay.isZero()) {
						Thread.sleep(delay.toMillis());
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// one side closed
			}
			finally {
				// whichever side ended it (this pipe may even start after a stop), the
				// panel's side goes now, Kratos's only once it is surely done
				close(answers ? to : from);
				closeLater(answers ? from : to);
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Whether this chunk from the panel begins the request Kratos dies at (one request at
	 * a time per connection: a request line starts a chunk).
	 */
	private boolean dies(byte[] buffer, int read) {
		String line = this.stopAtRequest;
		if (line == null || read < line.length()) {
			return false;
		}
		String start = new String(buffer, 0, line.length(), java.nio.charset.StandardCharsets.ISO_8859_1);
		return start.equals(line) && this.passingLeft.getAndDecrement() <= 0;
	}

	/** Closes the side to Kratos once a request it may be working on is done. */
	private static void closeLater(Socket upstream) {
		Thread closer = new Thread(() -> {
			try {
				Thread.sleep(GRACE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			close(upstream);
		}, "tcp-proxy-close");
		closer.setDaemon(true);
		closer.start();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}

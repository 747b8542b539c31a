package net.stackspin.admin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal cookie-keeping HTTP client for end-to-end tests over real sockets: against
 * the panel (forms with CSRF tokens) and against Kratos's public API (browser flows). It
 * follows no redirects, so tests see each step; it sends every cookie it got, whatever
 * its Secure flag.
 */
public final class HttpSession {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private String lastCsrfToken;

	private final Map<String, String> headers = new LinkedHashMap<>();

	/** Sends this header with every later request (e.g. X-Forwarded-For). */
	public void header(String name, String value) {
		this.headers.put(name, value);
	}

	public HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
	}

	public HttpResponse<String> getJson(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET());
	}

	public HttpResponse<String> postJson(String url, String json) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** Posts a form, adding the CSRF token of the last page this session saw. */
	public HttpResponse<String> postForm(String url, Map<String, String> fields) {
		Map<String, String> all = new LinkedHashMap<>(fields);
		if (this.lastCsrfToken != null) {
			all.putIfAbsent("_csrf", this.lastCsrfToken);
		}
		String body = all.entrySet()
			.stream()
			.map((e) -> enc(e.getKey()) + "=" + enc(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Posts a form with repeated fields (ticked checkboxes of one name), as
	 * {@link HtmlForm#params} reads them; adds the CSRF token of the last page if the
	 * form has none.
	 */
	public HttpResponse<String> postForm(String url, org.springframework.util.MultiValueMap<String, String> fields) {
		org.springframework.util.MultiValueMap<String, String> all = new org.springframework.util.LinkedMultiValueMap<>(
				fields);
		if (this.lastCsrfToken != null && !all.containsKey("_csrf")) {
			all.add("_csrf", this.lastCsrfToken);
		}
		String body = all.entrySet()
			.stream()
			.flatMap((e) -> e.getValue().stream().map((value) -> enc(e.getKey()) + "=" + enc(value)))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public String cookie(String name) {
		return this.cookies.get(name);
	}

	public void setCookie(String name, String value) {
		this.cookies.put(name, value);
	}

	/**
	 * Cookies and CSRF token of another session, as if a second tab of the same browser.
	 */
	public HttpSession copy() {
		HttpSession copy = new HttpSession();
		copy.cookies.putAll(this.cookies);
		copy.lastCsrfToken = this.lastCsrfToken;
		return copy;
	}

	public String csrfToken() {
		return this.lastCsrfToken;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		this.headers.forEach(request::header);
		if (!this.cookies.isEmpty()) {
			request.header("Cookie",
					this.cookies.entrySet()
						.stream()
						.map((e) -> e.getKey() + "=" + e.getValue())
						.collect(Collectors.joining("; ")));
		}
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			remember(response.headers().allValues("set-cookie"));
			Matcher csrf = CSRF_FIELD.matcher(response.body());
			if (csrf.find()) {
				this.lastCsrfToken = csrf.group(1);
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void remember(List<String> setCookies) {
		for (String header : setCookies) {
			String pair = header.split(";", 2)[0];
			int eq = pair.indexOf('=');
			if (eq <= 0) {
				continue;
			}
			String name = pair.substring(0, eq).trim();
			String value = pair.substring(eq + 1).trim();
			boolean expired = value.isEmpty() || header.toLowerCase().contains("max-age=0");
			if (expired) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

package net.stackspin.admin.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

/**
 * Flash attributes (the message after a redirect, a one-time recovery link or code) in a
 * sealed cookie instead of a servlet session, so the panel stays without server-side
 * state and a redirect may land on any replica.
 *
 * <ul>
 * <li>Content is JSON (plain text, or records implementing {@link FlashValue}), sealed
 * with AES-GCM by Spring Security's {@link AesBytesEncryptor} under the shared key
 * {@code stackspin.security.flash-key}: the browser can neither read nor forge it. No
 * Java serialization.</li>
 * <li>It is bound to the session that created it (a hash of its Kratos session token):
 * planted into another session, it shows nothing.</li>
 * <li>It lives {@value #LIFETIME_SECONDS} seconds at most (the cookie's Max-Age and the
 * sealed expiry).</li>
 * <li>It is read once: the response that shows it deletes the cookie, and this replica
 * remembers the id of every flash it has consumed until the flash would have expired
 * anyway (a bounded Caffeine cache), so a copy of the cookie replayed to it shows
 * nothing. Another replica does not know that id: see docs/security.md.</li>
 * </ul>
 */
public class CookieFlashMapManager extends AbstractFlashMapManager {

	static final String COOKIE = "stackspin_flash";

	static final int LIFETIME_SECONDS = 60;

	/**
	 * Browsers keep cookies up to 4 KiB; a flash that does not fit is dropped, not split.
	 */
	private static final int MAX_COOKIE_LENGTH = 3800;

	private static final String TEXT = "text";

	/** The id of the flash this request read, so that writing a new one retires it. */
	private static final String READ_ID = CookieFlashMapManager.class.getName() + ".READ_ID";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BytesEncryptor sealer;

	private final boolean secure;

	private final List<String> sessionCookies;

	private final Cache<String, Boolean> consumed;

	/**
	 * @param key the AES key (16, 24 or 32 bytes)
	 * @param secure whether the cookie is Secure
	 * @param sessionCookies the cookies whose value is the Kratos session, in order of
	 * preference (the panel's, then Kratos's own with single sign-on)
	 * @param maxConsumed how many consumed flash ids this replica remembers at most
	 */
	public CookieFlashMapManager(byte[] key, boolean secure, List<String> sessionCookies, int maxConsumed) {
		this.sealer = new AesBytesEncryptor(new SecretKeySpec(key, "AES"), KeyGenerators.secureRandom(16),
				AesBytesEncryptor.CipherAlgorithm.GCM);
		this.secure = secure;
		this.sessionCookies = List.copyOf(sessionCookies);
		this.consumed = Caffeine.newBuilder()
			.maximumSize(maxConsumed)
			// a flash is useless after its lifetime: remembering its id longer buys
			// nothing
			.expireAfterWrite(Duration.ofSeconds(LIFETIME_SECONDS + 10))
			.build();
		setFlashMapTimeout(LIFETIME_SECONDS);
	}

	/** What the cookie holds once opened. */
	record Envelope(String id, String session, List<Entry> maps) {
	}

	/** One flash map: where it goes, until when, and its attributes. */
	record Entry(String path, Map<String, List<String>> params, long expires, Map<String, Attribute> attributes) {
	}

	/** One attribute: {@code text}, or the class name of a {@link FlashValue} record. */
	record Attribute(String type, JsonNode value) {
	}

	@Override
	protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
		Envelope envelope = open(cookieValue(request));
		if (envelope == null || !MessageDigest.isEqual(bytes(envelope.session()), bytes(binding(request)))
				|| this.consumed.getIfPresent(envelope.id()) != null) {
			return null;
		}
		request.setAttribute(READ_ID, envelope.id());
		return flashMaps(envelope);
	}

	@Override
	protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request, HttpServletResponse response) {
		// whatever this request read is replaced now: shown, expired or carried over
		if (request.getAttribute(READ_ID) instanceof String read) {
			this.consumed.put(read, Boolean.TRUE);
		}
		String value = flashMaps.isEmpty() ? "" : seal(new Envelope(newId(), binding(request), entries(flashMaps)));
		if (value.length() > MAX_COOKIE_LENGTH) {
			this.logger.warn("Flash attributes too large for a cookie; dropped");
			value = "";
		}
		if (value.isEmpty() && cookieValue(request) == null) {
			return;
		}
		ResponseCookie cookie = ResponseCookie.from(COOKIE, value)
			.path("/")
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Lax")
			.maxAge(value.isEmpty() ? 0 : LIFETIME_SECONDS)
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

	@Override
	protected Object getFlashMapsMutex(HttpServletRequest request) {
		return null;
	}

	String seal(Envelope envelope) {
		try {
			byte[] sealed = this.sealer.encrypt(JSON.writeValueAsBytes(envelope));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
		}
		catch (JacksonException | IllegalStateException ex) {
			this.logger.warn("Could not store flash attributes: " + ex.getClass().getSimpleName());
			return "";
		}
	}

	Envelope open(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			Envelope envelope = JSON.readValue(this.sealer.decrypt(Base64.getUrlDecoder().decode(value)),
					Envelope.class);
			return (envelope.id() == null || envelope.session() == null || envelope.maps() == null) ? null : envelope;
		}
		catch (IllegalArgumentException | IllegalStateException | JacksonException ex) {
			// tampered with, or sealed with another key (e.g. before a restart without a
			// configured key): the message is lost, nothing else happens
			return null;
		}
	}

	/**
	 * Which session a flash belongs to: a hash of the Kratos session token, or empty text
	 * without one (a flash set before sign-in, e.g. on the sign-in page).
	 */
	String binding(HttpServletRequest request) {
		for (String name : this.sessionCookies) {
			String token = cookie(request, name);
			if (token != null && !token.isBlank()) {
				return sha256("stackspin-flash:" + token);
			}
		}
		return "";
	}

	private String cookieValue(HttpServletRequest request) {
		String value = cookie(request, COOKIE);
		return (value == null || value.isEmpty()) ? null : value;
	}

	private static String cookie(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (name.equals(cookie.getName())) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	private List<Entry> entries(List<FlashMap> flashMaps) {
		List<Entry> entries = new ArrayList<>();
		for (FlashMap flashMap : flashMaps) {
			Map<String, Attribute> attributes = new LinkedHashMap<>();
			flashMap.forEach((name, value) -> {
				if (value instanceof String text) {
					attributes.put(name, new Attribute(TEXT, JSON.valueToTree(text)));
				}
				else if (value instanceof FlashValue && value.getClass().isRecord()) {
					attributes.put(name, new Attribute(value.getClass().getName(), JSON.valueToTree(value)));
				}
				else if (value != null) {
					this.logger.warn("Flash attribute '" + name + "' of type " + value.getClass().getSimpleName()
							+ " cannot travel in the flash cookie; dropped");
				}
			});
			entries.add(new Entry(flashMap.getTargetRequestPath(),
					new LinkedHashMap<>(flashMap.getTargetRequestParams()), flashMap.getExpirationTime(), attributes));
		}
		return entries;
	}

	private List<FlashMap> flashMaps(Envelope envelope) {
		List<FlashMap> flashMaps = new ArrayList<>();
		long now = System.currentTimeMillis();
		for (Entry entry : envelope.maps()) {
			if (entry.expires() <= now) {
				// Spring would still match an expired map to the request: leave it out
				continue;
			}
			FlashMap flashMap = new FlashMap();
			flashMap.setTargetRequestPath(entry.path());
			if (entry.params() != null) {
				entry.params()
					.forEach((name, values) -> values.forEach((v) -> flashMap.addTargetRequestParam(name, v)));
			}
			flashMap.setExpirationTime(entry.expires());
			if (entry.attributes() != null) {
				entry.attributes().forEach((name, attribute) -> {
					Object value = value(attribute);
					if (value != null) {
						flashMap.put(name, value);
					}
				});
			}
			flashMaps.add(flashMap);
		}
		return flashMaps;
	}

	private Object value(Attribute attribute) {
		if (attribute == null || attribute.type() == null || attribute.value() == null) {
			return null;
		}
		if (TEXT.equals(attribute.type())) {
			return attribute.value().asString();
		}
		try {
			Class<?> type = Class.forName(attribute.type(), false, CookieFlashMapManager.class.getClassLoader());
			if (!type.isRecord() || !FlashValue.class.isAssignableFrom(type)) {
				return null;
			}
			return JSON.treeToValue(attribute.value(), type);
		}
		catch (ClassNotFoundException | JacksonException ex) {
			// written by another version of the panel: the message is lost
			return null;
		}
	}

	private static String newId() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(KeyGenerators.secureRandom(16).generateKey());
	}

	private static String sha256(String text) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package net.stackspin.admin.system;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import net.stackspin.admin.onboarding.OneTimeSecret;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.web.servlet.FlashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The sealed flash cookie: JSON sealed with AES-GCM, bound to the session that made it,
 * read once, a minute at most; tampering, another key, bad keys.
 */
class CookieFlashMapManagerTests {

	private static final byte[] KEY = new byte[32];

	private static final String SESSION_COOKIE = "stackspin_admin_session";

	private static final String PAGE = "/identities/8f1c1a44-0a4e-4a4e-9d4e-1c1a440a4e4a/access";

	private final CookieFlashMapManager manager = manager(KEY);

	@Test
	void flashWhenReadInTheSameSessionThenSameAttributesAndTheCookieIsDeleted() {
		Cookie flash = save("session-a", "Link created.",
				new OneTimeSecret("link", "https://kratos.example/recovery?token=s3cr3t", null, Instant.now()));
		assertThat(flash.getValue()).doesNotContain("s3cr3t").doesNotContain("identities");

		MockHttpServletResponse response = new MockHttpServletResponse();
		Map<String, Object> read = this.manager.retrieveAndUpdate(request("session-a", flash), response);

		assertThat(read).isNotNull();
		assertThat(read.get("message")).isEqualTo("Link created.");
		assertThat(read.get("secret")).isInstanceOf(OneTimeSecret.class);
		assertThat(((OneTimeSecret) read.get("secret")).value())
			.isEqualTo("https://kratos.example/recovery?token=s3cr3t");
		assertThat(response.getHeader("Set-Cookie")).startsWith(CookieFlashMapManager.COOKIE + "=;")
			.contains("Max-Age=0");
	}

	@Test
	void flashWhenReplayedAfterTheFirstReadThenNothing() {
		Cookie flash = save("session-a", "Link created.", null);
		assertThat((Map<String, Object>) this.manager.retrieveAndUpdate(request("session-a", flash),
				new MockHttpServletResponse()))
			.isNotNull();
		assertThat((Map<String, Object>) this.manager.retrieveAndUpdate(request("session-a", flash),
				new MockHttpServletResponse()))
			.isNull();
	}

	@Test
	void flashWhenPlantedInAnotherSessionOrWithoutOneThenNothing() {
		Cookie flash = save("session-a", "Link created.", null);
		assertThat((Map<String, Object>) this.manager.retrieveAndUpdate(request("session-b", flash),
				new MockHttpServletResponse()))
			.isNull();
		assertThat((Map<String, Object>) this.manager.retrieveAndUpdate(request(null, flash),
				new MockHttpServletResponse()))
			.isNull();
		// the owner still sees it: a failed replay consumes nothing
		assertThat((Map<String, Object>) this.manager.retrieveAndUpdate(request("session-a", flash),
				new MockHttpServletResponse()))
			.isNotNull();
	}

	@Test
	void flashWhenOlderThanAMinuteThenNothingAndTheCookieSaysSixtySeconds() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		FlashMap output = new FlashMap();
		output.put("message", "hello");
		output.setTargetRequestPath(PAGE);
		this.manager.saveOutputFlashMap(output, request("session-a", null), response);
		assertThat(response.getHeader("Set-Cookie")).contains("Max-Age=60").contains("HttpOnly");
		assertThat(output.getExpirationTime()).isLessThanOrEqualTo(System.currentTimeMillis() + 60_000);

		MockHttpServletRequest owner = request("session-a", null);
		String binding = this.manager.binding(owner);
		var expired = new CookieFlashMapManager.Entry(PAGE, Map.of(), System.currentTimeMillis() - 1, Map.of("message",
				new CookieFlashMapManager.Attribute("text", JsonNodeFactory.instance.stringNode("old"))));
		String sealed = this.manager.seal(new CookieFlashMapManager.Envelope("old-id", binding, List.of(expired)));
		assertThat((Map<String, Object>) this.manager.retrieveAndUpdate(request("session-a", cookie(sealed)),
				new MockHttpServletResponse()))
			.isNull();
	}

	@Test
	void contentIsJsonAndOnlyFlashValueRecordsAreReadBack() {
		Cookie flash = save("session-a", "hello", null);
		AesBytesEncryptor sameKey = new AesBytesEncryptor(new SecretKeySpec(KEY, "AES"), KeyGenerators.secureRandom(16),
				AesBytesEncryptor.CipherAlgorithm.GCM);
		String plain = new String(sameKey.decrypt(Base64.getUrlDecoder().decode(flash.getValue())),
				StandardCharsets.UTF_8);
		assertThat(plain).startsWith("{\"id\":").contains("\"message\":{\"type\":\"text\",\"value\":\"hello\"}");

		MockHttpServletRequest owner = request("session-a", null);
		var notAFlashValue = new CookieFlashMapManager.Entry(PAGE, Map.of(), System.currentTimeMillis() + 30_000, Map
			.of("message", new CookieFlashMapManager.Attribute("text", JsonNodeFactory.instance.stringNode("kept")),
					"evil",
					new CookieFlashMapManager.Attribute("java.util.HashMap", JsonNodeFactory.instance.objectNode())));
		String sealed = this.manager
			.seal(new CookieFlashMapManager.Envelope("id-1", this.manager.binding(owner), List.of(notAFlashValue)));
		Map<String, Object> read = this.manager.retrieveAndUpdate(request("session-a", cookie(sealed)),
				new MockHttpServletResponse());
		assertThat(read).containsOnlyKeys("message");
	}

	@Test
	void sealedFlashWhenTamperedOrOtherKeyThenIgnored() {
		Cookie flash = save(null, "hello", null);
		String sealed = flash.getValue();
		// a character in the middle: the last one of unpadded base64 may carry only
		// unused bits
		int middle = sealed.length() / 2;
		char original = sealed.charAt(middle);
		String tampered = sealed.substring(0, middle) + ((original == 'A') ? 'B' : 'A') + sealed.substring(middle + 1);
		assertThat(this.manager.open(tampered)).isNull();
		assertThat(this.manager.open(sealed)).isNotNull();
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		assertThat(manager(otherKey).open(sealed)).isNull();
		assertThat(this.manager.open("not base64 !!")).isNull();
	}

	@Test
	void keyWhenBadThenStartUpFailsWithTheProperty() {
		assertThatIllegalStateException().isThrownBy(() -> FlashConfiguration.key("%%%"))
			.withMessageContaining("stackspin.security.flash-key");
		assertThatIllegalStateException().isThrownBy(() -> FlashConfiguration.key("AAAA"))
			.withMessageContaining("16, 24 or 32 bytes");
		assertThat(FlashConfiguration.key(null)).hasSize(32);
	}

	private static CookieFlashMapManager manager(byte[] key) {
		return new CookieFlashMapManager(key, true, List.of(SESSION_COOKIE), 1000);
	}

	/** Saves a flash for {@link #PAGE} as a POST of this session would. */
	private Cookie save(String session, String message, OneTimeSecret secret) {
		FlashMap output = new FlashMap();
		output.put("message", message);
		if (secret != null) {
			output.put("secret", secret);
		}
		output.setTargetRequestPath(PAGE);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.manager.saveOutputFlashMap(output, request(session, null), response);
		Cookie cookie = response.getCookie(CookieFlashMapManager.COOKIE);
		assertThat(cookie).isNotNull();
		return new Cookie(cookie.getName(), cookie.getValue());
	}

	private static MockHttpServletRequest request(String session, Cookie flash) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PAGE);
		if (session != null && flash != null) {
			request.setCookies(new Cookie(SESSION_COOKIE, session), flash);
		}
		else if (session != null) {
			request.setCookies(new Cookie(SESSION_COOKIE, session));
		}
		else if (flash != null) {
			request.setCookies(flash);
		}
		return request;
	}

	private static Cookie cookie(String value) {
		return new Cookie(CookieFlashMapManager.COOKIE, value);
	}

}

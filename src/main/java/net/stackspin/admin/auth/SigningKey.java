package net.stackspin.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The server key behind the CSRF tokens and the sign-in device cookies
 * ({@code stackspin.security.signing-key}): HMAC-SHA256 with a purpose label, so a value
 * made for one use is worthless for the other. Every replica must share it.
 */
final class SigningKey {

	private static final Log logger = LogFactory.getLog(SigningKey.class);

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	private SigningKey(byte[] key) {
		this.key = new SecretKeySpec(key, "HmacSHA256");
	}

	static SigningKey of(String configured) {
		if (configured == null || configured.isBlank()) {
			logger.info("stackspin.security.signing-key is not set: a random key is used, so a form rendered by"
					+ " another replica is refused. Set the same key on every replica (openssl rand -base64 32).");
			return new SigningKey(randomBytes(32));
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(configured.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("stackspin.security.signing-key must be base64 (openssl rand -base64 32)");
		}
		if (key.length < 32) {
			throw new IllegalStateException(
					"stackspin.security.signing-key must decode to at least 32 bytes, not " + key.length);
		}
		return new SigningKey(key);
	}

	/** The base64url HMAC of the value, for the given purpose. */
	String sign(String purpose, String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update(purpose.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return BASE64URL.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A key of 32 bytes for another purpose (e.g. sealing a cookie with AES), derived
	 * from this one, so replicas that share the signing key share it too.
	 */
	byte[] derive(String purpose) {
		return Base64.getUrlDecoder().decode(sign("derived-key:" + purpose, ""));
	}

	/** Whether the signature is {@link #sign}'s for this value, in constant time. */
	boolean verify(String purpose, String value, String signature) {
		if (signature == null) {
			return false;
		}
		return MessageDigest.isEqual(sign(purpose, value).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
	}

	/** A random, URL-safe identifier of 128 bits. */
	static String randomId() {
		return BASE64URL.encodeToString(randomBytes(16));
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

}

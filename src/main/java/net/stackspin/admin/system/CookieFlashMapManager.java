package net.stackspin.admin.system;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

/**
 * Flash attributes (the message after a redirect, a one-time recovery code) in an
 * encrypted, authenticated cookie instead of the servlet session, so the panel stays
 * without server-side state and a redirect may land on any replica. AES-GCM with the
 * shared key {@code stackspin.security.flash-key}: the browser can neither read nor forge
 * the content, and only known types are deserialized.
 */
public class CookieFlashMapManager extends AbstractFlashMapManager {

	static final String COOKIE = "stackspin_flash";

	/**
	 * Browsers keep cookies up to 4 KiB; a flash that does not fit is dropped, not split.
	 */
	private static final int MAX_COOKIE_LENGTH = 3800;

	private static final int NONCE_BYTES = 12;

	private static final ObjectInputFilter ONLY_FLASH_TYPES = ObjectInputFilter.Config
		.createFilter("java.util.ArrayList;java.util.HashMap;java.util.LinkedHashMap;java.util.Map$Entry;"
				+ "org.springframework.web.servlet.FlashMap;org.springframework.util.LinkedMultiValueMap;org.springframework.util.MultiValueMapAdapter;"
				+ "java.lang.*;java.time.*;java.util.Collections$*;net.stackspin.admin.**;maxdepth=10;!*");

	private final SecretKeySpec key;

	private final boolean secure;

	private final SecureRandom random = new SecureRandom();

	public CookieFlashMapManager(byte[] key, boolean secure) {
		this.key = new SecretKeySpec(key, "AES");
		this.secure = secure;
	}

	@Override
	protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (COOKIE.equals(cookie.getName())) {
				return decode(cookie.getValue());
			}
		}
		return null;
	}

	@Override
	protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request, HttpServletResponse response) {
		String value = flashMaps.isEmpty() ? "" : encode(flashMaps);
		if (value.length() > MAX_COOKIE_LENGTH) {
			this.logger.warn("Flash attributes too large for a cookie; dropped");
			value = "";
		}
		boolean present = retrieveFlashMaps(request) != null;
		if (value.isEmpty() && !present) {
			return;
		}
		ResponseCookie cookie = ResponseCookie.from(COOKIE, value)
			.path("/")
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Lax")
			.maxAge(value.isEmpty() ? 0 : getFlashMapTimeout())
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

	@Override
	protected Object getFlashMapsMutex(HttpServletRequest request) {
		return null;
	}

	String encode(List<FlashMap> flashMaps) {
		try {
			ByteArrayOutputStream plain = new ByteArrayOutputStream();
			try (ObjectOutputStream out = new ObjectOutputStream(plain)) {
				out.writeObject(new ArrayList<>(flashMaps));
			}
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
			byte[] sealed = cipher.doFinal(plain.toByteArray());
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (IOException | GeneralSecurityException ex) {
			this.logger.warn("Could not store flash attributes: " + ex.getClass().getSimpleName());
			return "";
		}
	}

	@SuppressWarnings("unchecked")
	List<FlashMap> decode(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			byte[] all = Base64.getUrlDecoder().decode(value);
			if (all.length <= NONCE_BYTES) {
				return null;
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
			byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
			try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(plain))) {
				in.setObjectInputFilter(ONLY_FLASH_TYPES);
				return (List<FlashMap>) in.readObject();
			}
		}
		catch (IllegalArgumentException | IOException | ClassNotFoundException | ClassCastException
				| GeneralSecurityException ex) {
			// tampered with, or sealed with another key (e.g. before a restart without a
			// configured key): the message is lost, nothing else happens
			return null;
		}
	}

}

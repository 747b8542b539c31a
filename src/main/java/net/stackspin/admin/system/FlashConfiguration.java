package net.stackspin.admin.system;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import net.stackspin.admin.auth.AuthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMapManager;

/** Flash attributes travel in a sealed cookie, never in a server-side session. */
@Configuration(proxyBeanMethods = false)
class FlashConfiguration {

	private static final Log logger = LogFactory.getLog(FlashConfiguration.class);

	/**
	 * Consumed flash ids a replica remembers for a minute; far more than administrators
	 * can create in a minute.
	 */
	private static final int MAX_CONSUMED_FLASHES = 100_000;

	@Bean(name = DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	FlashMapManager flashMapManager(AuthProperties properties) {
		List<String> sessionCookies = properties.sso().enabled()
				? List.of(properties.cookieName(), properties.sso().cookieName()) : List.of(properties.cookieName());
		return new CookieFlashMapManager(key(properties.flashKey()), properties.cookieSecure(), sessionCookies,
				MAX_CONSUMED_FLASHES);
	}

	static byte[] key(String configured) {
		if (configured == null || configured.isBlank()) {
			logger.info("stackspin.security.flash-key is not set: a random key is used, so a message shown after"
					+ " a redirect is lost if the redirect reaches another replica. Set the same key on every replica"
					+ " (e.g. openssl rand -base64 32).");
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			return key;
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(configured.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("stackspin.security.flash-key must be base64 (openssl rand -base64 32)");
		}
		if (key.length != 16 && key.length != 24 && key.length != 32) {
			throw new IllegalStateException(
					"stackspin.security.flash-key must decode to 16, 24 or 32 bytes, not " + key.length);
		}
		return key;
	}

}

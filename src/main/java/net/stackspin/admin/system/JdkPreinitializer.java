package net.stackspin.admin.system;

import java.security.KeyStore;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

/**
 * Loads JDK data that the start-up would otherwise load on the main thread, on Spring
 * Boot's background pre-initialisation thread (the second core is mostly idle while the
 * main thread builds the context). Measured in a start-up profile (docs/benchmarks.md,
 * start-up run 7): the JDK's trust store and TLS defaults, which OkHttp sets up when the
 * Kratos clients are built even for plain-HTTP URLs (a redirect may lead to HTTPS), and
 * the list of the JDK's locales, which Spring's message source reads once. Both are
 * cached by the JDK, so the main thread later finds them ready; nothing here changes a
 * setting. Registered in {@code META-INF/spring.factories}.
 */
public final class JdkPreinitializer implements BackgroundPreinitializer {

	/**
	 * The JDK caches the parsed trust store only weakly: held here so that a garbage
	 * collection before the main thread needs it does not throw the work away.
	 */
	@SuppressWarnings("unused")
	private static volatile Object trustStore;

	@Override
	public void preinitialize() throws Exception {
		Locale.getAvailableLocales();
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init((KeyStore) null);
		trustStore = trust.getTrustManagers();
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(null, trust.getTrustManagers(), null);
		tls.getSocketFactory();
	}

}

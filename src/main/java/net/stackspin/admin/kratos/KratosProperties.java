package net.stackspin.admin.kratos;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Kratos is and how long the panel waits for it. The defaults are what
 * {@code set-ssh-tunnel.sh} gives a developer: admin API on 8000, public API on 8080.
 *
 * @param adminUrl base URL of Kratos's admin API; never sent to a browser
 * @param publicUrl base URL of Kratos's public API (sign-in, identity schemas)
 * @param connectTimeout how long to wait for a TCP connection to Kratos
 * @param readTimeout how long to wait for Kratos to answer once connected
 */
@Validated
@ConfigurationProperties("stackspin.kratos")
public record KratosProperties(@DefaultValue("http://localhost:8000") @NotNull URI adminUrl,
		@DefaultValue("http://localhost:8080") @NotNull URI publicUrl,
		@DefaultValue("2s") @NotNull Duration connectTimeout, @DefaultValue("10s") @NotNull Duration readTimeout) {

	public KratosProperties {
		requireHttpUrl("stackspin.kratos.admin-url", adminUrl);
		requireHttpUrl("stackspin.kratos.public-url", publicUrl);
		requirePositive("stackspin.kratos.connect-timeout", connectTimeout);
		requirePositive("stackspin.kratos.read-timeout", readTimeout);
	}

	private static void requireHttpUrl(String name, URI url) {
		if (url == null) {
			return; // reported by @NotNull
		}
		String scheme = url.getScheme();
		if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
			throw new IllegalArgumentException(name + " must be an absolute http(s) URL, but was '" + url + "'");
		}
	}

	private static void requirePositive(String name, Duration duration) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(name + " must be positive, but was " + duration);
		}
	}

	/** The base URL without a trailing slash, as the generated client expects it. */
	static String basePath(URI url) {
		String text = url.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}

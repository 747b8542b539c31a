package net.stackspin.admin.kratos;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireHttpUrlIfSet;
import static net.stackspin.admin.system.SettingChecks.requirePositive;
import static net.stackspin.admin.system.SettingChecks.requireSet;

/**
 * Where Kratos is and how long the panel waits for it. The defaults are what
 * {@code set-ssh-tunnel.sh} gives a developer: admin API on 8000, public API on 8080.
 *
 * @param adminUrl base URL of Kratos's admin API; never sent to a browser
 * @param publicUrl base URL of Kratos's public API (sign-in, identity schemas)
 * @param connectTimeout how long to wait for a TCP connection to Kratos
 * @param readTimeout how long to wait for Kratos to answer once connected
 */
@ConfigurationProperties("stackspin.kratos")
public record KratosProperties(@DefaultValue("http://localhost:8000") URI adminUrl,
		@DefaultValue("http://localhost:8080") URI publicUrl, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout) {

	public KratosProperties {
		requireHttpUrlIfSet("stackspin.kratos.admin-url", requireSet("stackspin.kratos.admin-url", adminUrl));
		requireHttpUrlIfSet("stackspin.kratos.public-url", requireSet("stackspin.kratos.public-url", publicUrl));
		requirePositive("stackspin.kratos.connect-timeout", connectTimeout);
		requirePositive("stackspin.kratos.read-timeout", readTimeout);
	}

	/** The base URL without a trailing slash, as the generated client expects it. */
	static String basePath(URI url) {
		String text = url.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}

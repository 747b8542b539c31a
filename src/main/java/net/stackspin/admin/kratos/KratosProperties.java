package net.stackspin.admin.kratos;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireBetween;
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
 * @param schemaCacheTtl how long an identity schema read from Kratos is reused before it
 * is read again (0s to 1h; 0s reads it for every page). Kratos serves schemas that change
 * only when it is redeployed, so a changed schema shows within this time
 */
@ConfigurationProperties("stackspin.kratos")
public record KratosProperties(@DefaultValue("http://localhost:8000") URI adminUrl,
		@DefaultValue("http://localhost:8080") URI publicUrl, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout, @DefaultValue("60s") Duration schemaCacheTtl) {

	/** How long schemas are reused unless set otherwise. */
	static final Duration SCHEMA_CACHE_TTL = Duration.ofSeconds(60);

	@ConstructorBinding
	public KratosProperties {
		requireHttpUrlIfSet("stackspin.kratos.admin-url", requireSet("stackspin.kratos.admin-url", adminUrl));
		requireHttpUrlIfSet("stackspin.kratos.public-url", requireSet("stackspin.kratos.public-url", publicUrl));
		requirePositive("stackspin.kratos.connect-timeout", connectTimeout);
		requirePositive("stackspin.kratos.read-timeout", readTimeout);
		requireBetween("stackspin.kratos.schema-cache-ttl", schemaCacheTtl, Duration.ZERO, "0s", Duration.ofHours(1),
				"1h");
	}

	/** With the default schema cache (tests and tools that build the adapter by hand). */
	public KratosProperties(URI adminUrl, URI publicUrl, Duration connectTimeout, Duration readTimeout) {
		this(adminUrl, publicUrl, connectTimeout, readTimeout, SCHEMA_CACHE_TTL);
	}

	/** The base URL without a trailing slash, as the generated client expects it. */
	static String basePath(URI url) {
		String text = url.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}

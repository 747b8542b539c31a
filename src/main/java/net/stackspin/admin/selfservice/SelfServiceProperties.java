package net.stackspin.admin.selfservice;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireHttpUrlIfSet;

/**
 * The end-user pages for Kratos's browser flows ({@code /self-service/**}).
 *
 * @param enabled whether the panel serves them; off unless configured (the local run
 * turns them on, a cluster with its own login app leaves them off)
 * @param kratosBrowserUrl Kratos's public URL as browsers reach it (Kratos's
 * {@code serve.public.base_url}); defaults to {@code stackspin.kratos.public-url}. Forms
 * post there, so it is also the one origin the pages' CSP {@code form-action} allows
 * besides the panel.
 */
@ConfigurationProperties("stackspin.self-service")
public record SelfServiceProperties(@DefaultValue("false") boolean enabled, URI kratosBrowserUrl) {

	public SelfServiceProperties {
		requireHttpUrlIfSet("stackspin.self-service.kratos-browser-url", kratosBrowserUrl);
	}

}

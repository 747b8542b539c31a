package net.stackspin.admin.selfservice;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Whether the panel serves the self-service pages ({@code selfServiceEnabled}), so that
 * other pages link to them only then: the sign-in page's "forgot your password" leads to
 * the recovery flow.
 */
@ControllerAdvice
class SelfServiceLinks {

	private final boolean enabled;

	// a provider: advice is part of every web slice, the properties bean need not be
	SelfServiceLinks(ObjectProvider<SelfServiceProperties> properties) {
		SelfServiceProperties settings = properties.getIfAvailable();
		this.enabled = settings != null && settings.enabled();
	}

	@ModelAttribute("selfServiceEnabled")
	boolean selfServiceEnabled() {
		return this.enabled;
	}

}

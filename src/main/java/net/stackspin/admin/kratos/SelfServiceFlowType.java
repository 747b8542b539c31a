package net.stackspin.admin.kratos;

import java.util.Locale;

/** The Kratos browser flows whose pages an end user sees. */
public enum SelfServiceFlowType {

	LOGIN, RECOVERY, SETTINGS, VERIFICATION;

	/** The flow's segment in Kratos's paths and in the panel's, e.g. {@code recovery}. */
	public String path() {
		return name().toLowerCase(Locale.ROOT);
	}

}

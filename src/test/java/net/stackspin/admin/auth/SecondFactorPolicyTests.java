package net.stackspin.admin.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecondFactorPolicyTests {

	@Test
	void optionalRequiresNobody() {
		for (PanelRole role : PanelRole.values()) {
			assertThat(SecondFactorPolicy.OPTIONAL.requires(role)).isFalse();
		}
	}

	@Test
	void requiredForAdminsRequiresAdminsOnly() {
		assertThat(SecondFactorPolicy.REQUIRED_FOR_ADMINS.requires(PanelRole.ADMIN)).isTrue();
		assertThat(SecondFactorPolicy.REQUIRED_FOR_ADMINS.requires(PanelRole.HELPDESK)).isFalse();
		assertThat(SecondFactorPolicy.REQUIRED_FOR_ADMINS.requires(PanelRole.VIEWER)).isFalse();
	}

	@Test
	void requiredRequiresEveryRole() {
		for (PanelRole role : PanelRole.values()) {
			assertThat(SecondFactorPolicy.REQUIRED.requires(role)).isTrue();
		}
	}

}

package net.stackspin.admin.onboarding;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * As the image runs: its AOT-processed beans always hold Boot's SMTP sender, with
 * {@code spring.mail.host} unset unless an operator sets it (docs/architecture.md,
 * "Start-up"). A sender without a host is no SMTP: every check of
 * {@link InvitationWithoutSmtpIntegrationTests} holds.
 */
@Import(InvitationMailSenderWithoutHostIntegrationTests.SenderWithoutHost.class)
class InvitationMailSenderWithoutHostIntegrationTests extends InvitationWithoutSmtpIntegrationTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class SenderWithoutHost {

		@Bean
		JavaMailSenderImpl mailSender() {
			return new JavaMailSenderImpl();
		}

	}

}

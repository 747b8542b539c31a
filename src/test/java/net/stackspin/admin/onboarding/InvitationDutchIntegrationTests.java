package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.MailIntegrationTest;
import net.stackspin.admin.testing.TestMail;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Welcome e-mails in Dutch with a shorter link lifetime, as configured. */
@SpringBootTest(properties = { "stackspin.onboarding.language=nl", "stackspin.onboarding.invitation-lifetime=1h",
		"stackspin.onboarding.mail-from=beheer@example.org" })
class InvitationDutchIntegrationTests extends MailIntegrationTest {

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	InvitationService invitations;

	@Test
	void inviteWhenDutchThenDutchMailFromTheConfiguredSenderValidOneHour() throws Exception {
		String email = uniqueEmail("nl");
		IdentitySummary user = this.kratos.createIdentity(new NewIdentity(null,
				Map.of("email", email, "name", Map.of("first", "Joost")), IdentityState.ACTIVE, List.of()));
		Invitation invitation = this.invitations.invite(user.id());
		assertThat(invitation.mailed()).isTrue();
		assertThat(invitation.validUntil()).isBetween(Instant.now().plus(Duration.ofMinutes(58)),
				Instant.now().plus(Duration.ofMinutes(61)));
		MimeMessage mail = TestMail.awaitMessage(email, "Welkom bij Stackspin", Duration.ofSeconds(10));
		assertThat(mail.getFrom()[0].toString()).isEqualTo("beheer@example.org");
		assertThat(Mails.plainText(mail)).startsWith("Hallo Joost,").contains("Kies je wachtwoord");
		assertThat(Mails.html(mail)).contains("lang=\"nl\"").contains("De link werkt één keer");
	}

}

package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.testing.MailIntegrationTest;
import net.stackspin.admin.testing.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An import with welcome e-mails: each user created gets one, each row says so, users
 * skipped or in error get none.
 */
@SpringBootTest
class IdentityImportInvitationIntegrationTests extends MailIntegrationTest {

	@Autowired
	ImportCommand command;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void everyUserCreatedGetsAWelcomeEmailAndTheRowSaysSo(@TempDir Path dir) throws Exception {
		String prefix = "import-invite-" + UUID.randomUUID().toString().substring(0, 8);
		String existing = prefix + "-old@example.org";
		this.kratos
			.createIdentity(net.stackspin.admin.kratos.NewIdentity.withTraits(java.util.Map.of("email", existing)));
		Path file = dir.resolve("users.csv");
		Files.writeString(file, "email;name.first\n" + prefix + "-a@example.org;Anna\n" + prefix
				+ "-b@example.org;Bram\n" + existing + ";Old\nbroken;X\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = this.command.run(file, false, true, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(new ByteArrayOutputStream()));
		String printed = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(printed).isEqualTo(3);
		assertThat(printed).containsPattern("2\\tcreated\\t" + prefix + "-a@example.org\\t[0-9a-f-]{36}\\t\\t\\tsent")
			.containsPattern("3\\tcreated\\t" + prefix + "-b@example.org\\t[0-9a-f-]{36}\\t\\t\\tsent")
			.contains("4\tskip\t" + existing)
			.contains("invited=2\tinvitations_failed=0");
		assertThat(TestMail.awaitMessage(prefix + "-a@example.org", "Welcome to Stackspin", Duration.ofSeconds(15)))
			.isNotNull();
		assertThat(TestMail.awaitMessage(prefix + "-b@example.org", "Welcome to Stackspin", Duration.ofSeconds(15)))
			.isNotNull();
		assertThat(TestMail.messagesTo(existing)).isEmpty();
	}

}

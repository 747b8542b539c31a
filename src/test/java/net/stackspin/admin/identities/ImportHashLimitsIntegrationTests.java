package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Imported password hashes against the real Kratos v1.3.1, which pays whatever cost a
 * hash names on every sign-in with it (issue 24: one anonymous wrong password against
 * {@code $argon2id$v=19$m=4294967295,…} killed it). Each bomb of the probe is an error
 * row that names its limit, in the page, in Dutch and in the command's output, and is
 * never sent; each parameter at its limit is imported; hashes at ordinary costs sign in.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ImportHashLimitsIntegrationTests extends KratosIntegrationTest {

	/**
	 * An argon2id hash of {@value #ARGON2ID_PASSWORD} with OWASP's parameters (m=64 MiB,
	 * t=3, p=4), computed with golang.org/x/crypto/argon2, the library Kratos compares
	 * with.
	 */
	private static final String ARGON2ID_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c3RhY2tzcGluLXNhbHQtMg$qJ7z12s1gWdw8nOT5Wh/vuBzbqrqXuJELYeOkt1woPM";

	private static final String ARGON2ID_PASSWORD = "Imported-Argon2-Modest-9";

	/** The hashes of the probe and the message each must give. */
	private static final List<String[]> BOMBS = List.of(
			new String[] { "$2b$31$" + "a".repeat(53), "bcrypt cost 31 is above the limit of 15" },
			new String[] { "$argon2id$v=19$m=4294967295,t=3,p=4$" + raw(16) + "$" + raw(32),
					"argon2id memory m (KiB) 4,294,967,295 is above the limit of 1,048,576" },
			new String[] { "$argon2id$v=19$m=65536,t=4294967295,p=4$" + raw(16) + "$" + raw(32),
					"argon2id iterations t 4,294,967,295 is above the limit of 10" },
			new String[] { "$argon2i$v=19$m=65536,t=3,p=255$" + raw(16) + "$" + raw(32),
					"argon2i parallelism p 255 is above the limit of 16" },
			new String[] { "$pbkdf2-sha256$i=2147483647,l=32$" + raw(16) + "$" + raw(32),
					"pbkdf2 iterations i 2,147,483,647 is above the limit of 10,000,000" },
			new String[] { "$scrypt$ln=1073741824,r=8,p=1$" + b64(16) + "$" + b64(32),
					"scrypt N (ln) 1,073,741,824 is above the limit of 1,048,576" },
			new String[] { "$firescrypt$ln=30,r=8,p=1$" + b64(16) + "$" + b64(32) + "$" + b64(2) + "$" + b64(64),
					"firescrypt ln (N = 2^ln) 30 is above the limit of 20" },
			new String[] { "$sha512-crypt$rounds=999999999$salt$" + "c".repeat(86),
					"sha512-crypt rounds 999,999,999 is above the limit of 10,000,000" },
			new String[] { "$argon2id$v=19$m=" + "9".repeat(30) + ",t=3,p=4$" + raw(16) + "$" + raw(32),
					"argon2id memory m (KiB) " + "999,".repeat(9) + "999 is above the limit of 1,048,576" });

	/** Every parameter at its limit. */
	private static final List<String> AT_LIMITS = List.of("$2b$15$" + "a".repeat(53),
			"$argon2id$v=19$m=1048576,t=10,p=16$" + raw(16) + "$" + raw(32),
			"$argon2i$v=19$m=1048576,t=10,p=16$" + raw(16) + "$" + raw(32),
			"$pbkdf2-sha512$i=10000000,l=64$" + raw(16) + "$" + raw(64),
			"$scrypt$ln=1048576,r=8,p=16$" + b64(16) + "$" + b64(32),
			"$firescrypt$ln=20,r=8,p=16$" + b64(16) + "$" + b64(32) + "$" + b64(2) + "$" + b64(64),
			"$sha256-crypt$rounds=10000000$salt$" + "b".repeat(43));

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosPublicClient publicApi;

	@Autowired
	ImportCommand command;

	private String prefix;

	@BeforeEach
	void prefix() {
		this.prefix = "hashlimit-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void eachBombOfTheProbeIsAnErrorRowNamingItsLimitAndOnlyTheHashesAtTheLimitsAreImported() throws Exception {
		String file = file();
		String preview = upload(file, "preview", "en");
		List<String> outcomes = new ArrayList<>();
		AT_LIMITS.forEach((hash) -> outcomes.add("create"));
		BOMBS.forEach((bomb) -> outcomes.add("error"));
		assertThat(rowOutcomes(preview)).containsExactlyElementsOf(outcomes);
		for (String[] bomb : BOMBS) {
			assertThat(HtmlUtils.htmlUnescape(preview)).contains(bomb[1]);
		}
		String done = upload(file, "import", "en");
		assertThat(done).contains("Created: " + AT_LIMITS.size() + ".").contains("Errors: " + BOMBS.size() + ".");
		for (int i = 0; i < AT_LIMITS.size(); i++) {
			assertThat(this.kratos.findByIdentifier(email("limit" + i))).as(AT_LIMITS.get(i)).isPresent();
		}
		for (int i = 0; i < BOMBS.size(); i++) {
			assertThat(this.kratos.findByIdentifier(email("bomb" + i))).as(BOMBS.get(i)[0]).isEmpty();
		}
	}

	@Test
	void theLimitIsNamedInDutchToo() throws Exception {
		String preview = HtmlUtils.htmlUnescape(upload(file(), "preview", "nl"));
		assertThat(preview).contains("bcrypt kostenfactor 31 ligt boven de grens van 15")
			.contains("argon2id geheugen m (KiB) 4.294.967.295 ligt boven de grens van 1.048.576");
	}

	@Test
	void theCommandReportsTheSameErrorRows(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("hashes.csv");
		Files.writeString(file, file());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int code = this.command.run(file, true, false, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		assertThat(code).isEqualTo(3);
		String printed = out.toString(StandardCharsets.UTF_8);
		for (int i = 0; i < BOMBS.size(); i++) {
			assertThat(printed).contains("\terror\t" + email("bomb" + i) + "\t\tpassword_hash\t" + BOMBS.get(i)[1]);
		}
		assertThat(printed).contains("create=" + AT_LIMITS.size()).contains("error=" + BOMBS.size());
	}

	/**
	 * Hashes at the costs real systems use: Kratos compares them and signs the user in.
	 */
	@Test
	void bcryptAndArgon2HashesAtOrdinaryCostsSignInAtKratos() throws Exception {
		String bcryptPassword = "Imported-Bcrypt-Cost12-3";
		String bcrypt = new BCryptPasswordEncoder(12).encode(bcryptPassword);
		String file = "email,password_hash\n" + email("bcrypt12") + "," + bcrypt + "\n" + email("argon2id") + ",\""
				+ ARGON2ID_HASH + "\"\n";
		assertThat(upload(file, "import", "en")).contains("Created: 2.");
		assertThat(this.publicApi.signInWithPassword(email("bcrypt12"), bcryptPassword).sessionToken()).isNotBlank();
		assertThat(this.publicApi.signInWithPassword(email("argon2id"), ARGON2ID_PASSWORD).sessionToken()).isNotBlank();
	}

	private String file() {
		StringBuilder csv = new StringBuilder("email,password_hash\n");
		for (int i = 0; i < AT_LIMITS.size(); i++) {
			csv.append(email("limit" + i)).append(",\"").append(AT_LIMITS.get(i)).append("\"\n");
		}
		for (int i = 0; i < BOMBS.size(); i++) {
			csv.append(email("bomb" + i)).append(",\"").append(BOMBS.get(i)[0]).append("\"\n");
		}
		return csv.toString();
	}

	private String upload(String file, String action, String language) throws Exception {
		return this.mvc
			.perform(multipart("/identities/import")
				.file(new MockMultipartFile("file", "hashes.csv", "text/csv", file.getBytes(StandardCharsets.UTF_8)))
				.param("action", action)
				.header("Accept-Language", language)
				.with(SignedIn.admin())
				.with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private String email(String name) {
		return this.prefix + "-" + name + "@example.org";
	}

	private static List<String> rowOutcomes(String html) {
		List<String> outcomes = new ArrayList<>();
		Matcher matcher = Pattern.compile("data-outcome=\"([a-z]+)\"").matcher(html);
		while (matcher.find()) {
			outcomes.add(matcher.group(1));
		}
		return outcomes;
	}

	private static String b64(int bytes) {
		return Base64.getEncoder().encodeToString(new byte[bytes]);
	}

	private static String raw(int bytes) {
		return Base64.getEncoder().withoutPadding().encodeToString(new byte[bytes]);
	}

}

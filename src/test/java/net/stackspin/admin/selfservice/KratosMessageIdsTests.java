package net.stackspin.admin.selfservice;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message id Kratos v1.3.1 can send has a Dutch text: the ids are read from
 * Kratos's own source ({@code text/id.go} for the numbers, {@code text/message_*.go} for
 * the ids a message is made with), from Go's module cache, where
 * {@code kratos/install.sh} put it (this runs {@code go mod download} as that script
 * does). A Kratos upgrade that brings a new message fails here until it is translated.
 */
class KratosMessageIdsTests {

	private static final String MODULE = "github.com/ory/kratos@v1.3.1";

	/**
	 * Ids whose text is a value, not a sentence: a schema field's own title (1070002,
	 * left as written on purpose), a secret or a list of secrets, a reason Kratos or a
	 * hook wrote.
	 */
	private static final Set<Integer> VALUES_NOT_SENTENCES = Set.of(1070002, 1050006, 1050009, 1050015, 4000001,
			4000028, 5000001);

	private static final Pattern BLOCK = Pattern.compile("const \\((.*?)\\n\\)", Pattern.DOTALL);

	private static final Pattern FIRST = Pattern.compile("(\\w+)\\s+ID\\s*=\\s*(\\d+)\\s*\\+\\s*iota");

	private static final Pattern USED = Pattern.compile("ID:\\s*(\\w+),");

	@Test
	void everyIdAMessageOfKratosIsMadeWithHasADutchText() throws Exception {
		Path text = kratosSource().resolve("text");
		Map<String, Integer> ids = ids(Files.readString(text.resolve("id.go")));
		assertThat(ids).as("ids parsed from id.go")
			.hasSizeGreaterThan(100)
			.containsEntry("InfoSelfServiceLoginPassword", 1010022);
		Set<Integer> used = new TreeSet<>();
		try (Stream<Path> files = Files.list(text)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches("message_.*\\.go"))
				.filter((f) -> !f.getFileName().toString().endsWith("_test.go"))
				.toList()) {
				Matcher matcher = USED.matcher(Files.readString(file));
				while (matcher.find()) {
					Integer id = ids.get(matcher.group(1));
					assertThat(id).as("the id %s in %s", matcher.group(1), file.getFileName()).isNotNull();
					used.add(id);
				}
			}
		}
		assertThat(used).as("ids Kratos makes messages with").hasSizeGreaterThan(100);
		Properties dutch = bundle("messages/kratos_nl.properties");
		Set<Integer> missing = new TreeSet<>();
		for (int id : used) {
			if (!VALUES_NOT_SENTENCES.contains(id) && !dutch.containsKey("kratos." + id)) {
				missing.add(id);
			}
		}
		assertThat(missing).as("Kratos message ids without a Dutch text in kratos_nl.properties").isEmpty();
		Set<Integer> unknown = new TreeSet<>();
		for (String key : dutch.stringPropertyNames()) {
			int id = Integer.parseInt(key.substring("kratos.".length()));
			if (!ids.containsValue(id)) {
				unknown.add(id);
			}
		}
		assertThat(unknown).as("Dutch texts for ids Kratos v1.3.1 does not have").isEmpty();
	}

	@Test
	void theSignInRefusalsTextsAreKratossOwn() throws Exception {
		Path text = kratosSource().resolve("text");
		StringBuilder messages = new StringBuilder();
		try (Stream<Path> files = Files.list(text)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches("message_.*\\.go")).toList()) {
				messages.append(Files.readString(file));
			}
		}
		Map<String, Integer> ids = ids(Files.readString(text.resolve("id.go")));
		for (Map.Entry<Long, String> refusal : KratosTexts.SIGN_IN_REFUSALS.entrySet()) {
			assertThat(messages.toString()).as("Kratos's text of %s", refusal.getKey())
				.contains("Text: \"" + refusal.getValue() + "\"");
			assertThat(ids).containsValue(refusal.getKey().intValue());
		}
	}

	/** The ids of id.go by name: each const block counts up from its first value. */
	static Map<String, Integer> ids(String source) {
		Map<String, Integer> ids = new TreeMap<>();
		Matcher blocks = BLOCK.matcher(source);
		while (blocks.find()) {
			Integer base = null;
			int iota = 0;
			for (String raw : blocks.group(1).split("\n")) {
				String line = raw.replaceAll("//.*", "").strip();
				if (line.isEmpty()) {
					continue;
				}
				Matcher first = FIRST.matcher(line);
				if (first.matches()) {
					base = Integer.parseInt(first.group(2));
					ids.put(first.group(1), base + iota);
				}
				else if (base != null && line.matches("\\w+")) {
					if (!line.equals("_")) {
						ids.put(line, base + iota);
					}
				}
				else {
					throw new IllegalStateException("a line of id.go this test cannot read: " + line);
				}
				iota++;
			}
		}
		return ids;
	}

	private static Path kratosSource() throws IOException, InterruptedException {
		Process go;
		try {
			go = new ProcessBuilder("go", "mod", "download", "-json", MODULE).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Go is needed to read Kratos's source: install Go 1.23 or newer", ex);
		}
		String output;
		try (InputStream in = go.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(go.waitFor(5, TimeUnit.MINUTES)).isTrue();
		Matcher dir = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"").matcher(output);
		assertThat(dir.find()).as("go mod download -json %s: %s", MODULE, output).isTrue();
		return Path.of(dir.group(1));
	}

	private static Properties bundle(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = KratosMessageIdsTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}

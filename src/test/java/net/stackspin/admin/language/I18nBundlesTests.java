package net.stackspin.admin.language;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The translation check of the build (after spring-petclinic's I18nPropertiesSyncTest):
 * every bundle has every key in every language, templates carry no text a person reads
 * that is not a message, and every key is used.
 */
class I18nBundlesTests {

	private static final Path MESSAGES = Path.of("src/main/resources/messages");

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Path JAVA = Path.of("src/main/java");

	/** Kratos's messages: English is Kratos's own text, so only translations exist. */
	private static final String KRATOS_BUNDLE = "kratos";

	/** Attributes a person reads or hears. */
	private static final Set<String> READ_ATTRIBUTES = Set.of("title", "placeholder", "aria-label", "alt");

	/** Elements without content; they never close. */
	private static final Set<String> VOID_ELEMENTS = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
			"link", "meta", "source", "track", "wbr");

	/**
	 * Literal text allowed in templates, with the reason: names that are the same in
	 * every language.
	 */
	private static final Map<String, String> ALLOWED_TEXT = Map.of("Stackspin", "the product's name", "English",
			"a language switch names each language in itself", "Nederlands",
			"a language switch names each language in itself");

	private static final Pattern TAG = Pattern
		.compile("<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][\\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>", Pattern.DOTALL);

	private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:-]+)\\s*=\\s*(\"[^\"]*\"|'[^']*')");

	private static final Pattern LETTER = Pattern.compile("\\p{L}");

	@Test
	void everyBundleHasTheSameKeysInEveryLanguage() throws IOException {
		for (String bundle : bundles()) {
			Set<String> english = keys(MESSAGES.resolve(bundle + ".properties"));
			for (String language : Languages.SUPPORTED) {
				if (language.equals("en")) {
					continue;
				}
				Path translated = MESSAGES.resolve(bundle + "_" + language + ".properties");
				assertThat(translated).as("the %s bundle in %s", bundle, language).exists();
				Set<String> keys = keys(translated);
				if (bundle.equals(KRATOS_BUNDLE)) {
					assertThat(english).as("Kratos's English is its own text").isEmpty();
					assertThat(keys).as("Kratos messages are keyed by id")
						.allMatch((key) -> key.matches("kratos\\.\\d+"));
					continue;
				}
				assertThat(difference(english, keys)).as("keys of %s missing in %s", bundle, language).isEmpty();
				assertThat(difference(keys, english)).as("keys of %s_%s missing in English", bundle, language)
					.isEmpty();
			}
		}
	}

	@Test
	void everyTranslationKeepsTheArgumentsOfItsEnglishText() throws IOException {
		Pattern argument = Pattern.compile("\\{\\d+}");
		for (String bundle : bundles()) {
			Properties english = properties(MESSAGES.resolve(bundle + ".properties"));
			Properties dutch = properties(MESSAGES.resolve(bundle + "_nl.properties"));
			for (String key : english.stringPropertyNames()) {
				Set<String> want = matches(argument, english.getProperty(key));
				assertThat(matches(argument, dutch.getProperty(key, ""))).as("arguments of %s in Dutch", key)
					.isEqualTo(want);
				if (!want.isEmpty()) {
					// MessageFormat: a lone apostrophe would swallow the arguments
					assertThat(dutch.getProperty(key).replace("''", "")).as("apostrophes of %s in Dutch", key)
						.doesNotContain("'");
				}
			}
		}
	}

	@Test
	void templatesCarryNoTextThatIsNotAMessage() throws IOException {
		List<String> literals = new ArrayList<>();
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".html")).sorted().toList()) {
				literals.addAll(literals(file));
			}
		}
		assertThat(literals).as("literal text in templates (use th:text=\"#{…}\")").isEmpty();
	}

	@Test
	void everyKeyIsUsedByATemplateOrTheCode() throws IOException {
		String sources = sources();
		List<String> unused = new ArrayList<>();
		for (String bundle : bundles()) {
			Set<String> keys = keys(MESSAGES.resolve(bundle + "_nl.properties"));
			keys.addAll(keys(MESSAGES.resolve(bundle + ".properties")));
			for (String key : keys) {
				if (!isUsed(key, sources)) {
					unused.add(bundle + ": " + key);
				}
			}
		}
		assertThat(unused).as("keys no template or Java source names").isEmpty();
	}

	/**
	 * Used when named whole, or when a prefix of it is, ending in a dot and followed by a
	 * quote: a key put together from a value ({@code 'identity.state.' + ${state}}).
	 */
	private static boolean isUsed(String key, String sources) {
		if (Pattern.compile("[\"'{(]" + Pattern.quote(key) + "[\"'}(]").matcher(sources).find()) {
			return true;
		}
		for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
			String prefix = key.substring(0, dot + 1);
			if (sources.contains(prefix + "\"") || sources.contains(prefix + "'")) {
				return true;
			}
		}
		return false;
	}

	private static List<String> literals(Path file) throws IOException {
		String html = Files.readString(file);
		List<String> found = new ArrayList<>();
		Deque<Element> open = new ArrayDeque<>();
		Matcher tags = TAG.matcher(html);
		int textStart = 0;
		while (tags.find()) {
			checkText(file, html, html.substring(textStart, tags.start()), tags.start(), open, found);
			textStart = tags.end();
			if (tags.group(2) == null) {
				continue; // a comment
			}
			String name = tags.group(2).toLowerCase();
			if (!tags.group(1).isEmpty()) {
				while (!open.isEmpty() && !open.pop().name().equals(name)) {
					// an element closed by its parent
				}
				continue;
			}
			Map<String, String> attributes = attributes(tags.group(3));
			for (String attribute : READ_ATTRIBUTES) {
				String value = attributes.get(attribute);
				if (value != null && LETTER.matcher(value).find() && !attributes.containsKey("th:" + attribute)
						&& !attributes.getOrDefault("th:attr", "").contains(attribute + "=")) {
					found.add(where(file, html, tags.start()) + " " + attribute + "=\"" + value + "\"");
				}
			}
			boolean replaced = attributes.containsKey("th:text") || attributes.containsKey("th:utext")
					|| attributes.containsKey("th:errors")
					|| (!name.equals("html") && (attributes.containsKey("th:replace")
							|| attributes.containsKey("th:insert") || attributes.containsKey("th:remove")))
					|| name.equals("script") || name.equals("style");
			if (!VOID_ELEMENTS.contains(name) && tags.group(4).isEmpty()) {
				open.push(new Element(name, replaced));
			}
		}
		return found;
	}

	private static void checkText(Path file, String html, String text, int end, Deque<Element> open,
			List<String> found) {
		if (open.stream().anyMatch(Element::replaced)) {
			return;
		}
		String visible = text.replaceAll("\\[\\[.*?]]|\\[\\(.*?\\)]", "").strip();
		for (String allowed : ALLOWED_TEXT.keySet()) {
			if (visible.equals(allowed)) {
				return;
			}
		}
		if (LETTER.matcher(visible).find()) {
			found.add(where(file, html, end) + " \"" + visible + "\"");
		}
	}

	private static String where(Path file, String html, int offset) {
		long line = html.substring(0, offset).chars().filter((c) -> c == '\n').count() + 1;
		return TEMPLATES.relativize(file) + ":" + line;
	}

	private static Map<String, String> attributes(String source) {
		Map<String, String> attributes = new java.util.HashMap<>();
		Matcher matcher = ATTRIBUTE.matcher(source);
		while (matcher.find()) {
			String value = matcher.group(2);
			attributes.put(matcher.group(1).toLowerCase(), value.substring(1, value.length() - 1));
		}
		return attributes;
	}

	private static String sources() throws IOException {
		StringBuilder all = new StringBuilder();
		for (Path root : List.of(JAVA, TEMPLATES)) {
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					all.append(Files.readString(file)).append('\n');
				}
			}
		}
		return all.toString();
	}

	private static Set<String> bundles() throws IOException {
		Set<String> bundles = new TreeSet<>();
		try (Stream<Path> files = Files.list(MESSAGES)) {
			files.map((f) -> f.getFileName().toString())
				.filter((name) -> name.endsWith(".properties") && !name.contains("_"))
				.forEach((name) -> bundles.add(name.substring(0, name.length() - ".properties".length())));
		}
		assertThat(bundles).isNotEmpty();
		return bundles;
	}

	private static Set<String> keys(Path file) {
		return new TreeSet<>(properties(file).stringPropertyNames());
	}

	private static Properties properties(Path file) {
		Properties properties = new Properties();
		try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	private static Set<String> difference(Set<String> from, Set<String> without) {
		Set<String> left = new TreeSet<>(from);
		left.removeAll(without);
		return left;
	}

	private static Set<String> matches(Pattern pattern, String text) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group());
		}
		return found;
	}

	private record Element(String name, boolean replaced) {
	}

}

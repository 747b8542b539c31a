package net.stackspin.admin.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.stackspin.admin.auth.AccessPolicy;
import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.onboarding.PublicApi;
import net.stackspin.admin.testing.Axe;
import net.stackspin.admin.testing.Browser;
import net.stackspin.admin.testing.SelfServiceIntegrationTest;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the panel and of the self-service area, in English and in Dutch, in one
 * shared Chromium: no axe-core violation of impact serious or critical,
 * {@code <html lang>} the language shown, and no sideways scrolling on a 390 px wide
 * phone screen. The admin pages are found from {@link AccessPolicy#RULES} (every GET
 * route, its path variables filled with a real user), so a page added there is checked
 * without touching this test. Also a keyboard-only journey. With
 * {@code -Dstackspin.screenshots=DIR} it writes the README's pictures of the main pages
 * into DIR.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelPagesBrowserTests extends SelfServiceIntegrationTest {

	private static final List<String> LANGUAGES = List.of("en", "nl");

	/** A real value for each path variable of the access table's routes. */
	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}/]+)}");

	private static final List<String> BOTH = List.of("desktop", "phone");

	private static final List<String> DESKTOP = List.of("desktop");

	private static final List<String> NONE = List.of();

	/** The innermost elements that reach past the right edge of the screen. */
	private static final String TOO_WIDE = """
			var width = document.scrollingElement.clientWidth;
			var wide = Array.from(document.body.querySelectorAll('*'))
				.filter((e) => e.getBoundingClientRect().right > width && !e.closest('details:not([open])'));
			return wide.filter((e) => !wide.some((other) => other !== e && e.contains(other)))
				.slice(0, 5).map((e) => e.outerHTML.substring(0, 120)).join(' | ');
			""";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** What Thymeleaf writes for a message key no bundle has. */
	private static final Pattern UNRESOLVED_MESSAGE = Pattern.compile("\\?\\?[^?<>\"]{1,80}_[a-z]{2}\\?\\?");

	private static final String SCREENSHOTS = System.getProperty("stackspin.screenshots", "");

	/** Seeded, fictional people (the Kratos of a test run is its own). */
	private static final String ADMIN_EMAIL = "margaret.hamilton@example.net";

	private static final String ADA_EMAIL = "ada.lovelace@example.net";

	/** An administrator with an authenticator app, for the sign-in's second step. */
	private static final String TOTP_EMAIL = "mary.jackson@example.net";

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	private Browser browser;

	private IdentitySummary ada;

	@BeforeAll
	void seedAndStartTheBrowser() {
		this.kratos.createIdentityWithPassword(new NewIdentity(null,
				Map.of("email", ADMIN_EMAIL, "name", Map.of("first", "Margaret", "last", "Hamilton")),
				IdentityState.ACTIVE, List.of("admin")), TestIdentities.PASSWORD);
		this.ada = this.kratos.createIdentityWithPassword(
				new NewIdentity(null, Map.of("email", ADA_EMAIL, "name", Map.of("first", "Ada", "last", "Lovelace")),
						IdentityState.ACTIVE, List.of()),
				TestIdentities.PASSWORD);
		person("grace.hopper@example.net", "Grace", "Hopper", IdentityState.ACTIVE);
		person("alan.turing@example.net", "Alan", "Turing", IdentityState.INACTIVE);
		person("katherine.johnson@example.net", "Katherine", "Johnson", IdentityState.ACTIVE);
		person("annie.easley@example.net", "Annie", "Easley", IdentityState.ACTIVE);
		this.kratos.createIdentityWithPassword(
				new NewIdentity(null, Map.of("email", TOTP_EMAIL, "name", Map.of("first", "Mary", "last", "Jackson")),
						IdentityState.ACTIVE, List.of("admin")),
				TestIdentities.PASSWORD);
		PublicApi publicApi = new PublicApi(KRATOS.publicUrl());
		publicApi.enrolTotp(publicApi.signIn(TOTP_EMAIL, TestIdentities.PASSWORD, null));
		this.browser = Browser.start();
	}

	@AfterAll
	void stopTheBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void everyPageInBothLanguagesHasNoSeriousAccessibilityProblemAndFitsAPhone() {
		List<String> problems = new ArrayList<>();
		List<String> walked = new ArrayList<>();
		for (String language : LANGUAGES) {
			// the admin routes are found once signed in (the last signed-out page signs
			// in)
			for (Page page : signedOutPages(language)) {
				check(page, language, problems, walked);
			}
			for (Page page : signedInPages()) {
				check(page, language, problems, walked);
			}
		}
		this.browser.desktopSize();
		assertThat(walked).as("the pages walked")
			.contains("en list", "nl list", "en GET /identities/{id}/access", "nl self-service settings", "en sign-in",
					"en create form with an error", "en edit conflict");
		assertThat(problems).as("accessibility and phone-size problems").isEmpty();
	}

	@Test
	void keyboardOnlySignInSearchOpenAUserCreateARecoveryCodeAndSignOut() {
		this.browser.desktopSize();
		this.browser.driver().manage().deleteAllCookies();
		this.browser.open(panel("/login?lang=en"));
		// the e-mail field has the focus on arrival (autofocus)
		keys(ADMIN_EMAIL, Keys.TAB, TestIdentities.PASSWORD, Keys.ENTER);
		this.browser.waitFor().until((d) -> d.getCurrentUrl().endsWith("/identities"));

		tabTo("input#q");
		keys(ADA_EMAIL, Keys.ENTER);
		this.browser.waitFor().until((d) -> d.getCurrentUrl().contains("q="));
		tabTo("td.identity-label a");
		keys(Keys.ENTER);
		this.browser.waitFor().until((d) -> d.getCurrentUrl().endsWith("/identities/" + this.ada.id()));

		tabTo("a#tab-access");
		keys(Keys.ENTER);
		this.browser.waitFor().until((d) -> d.getCurrentUrl().endsWith("/access"));
		tabTo("button#create-recovery-code");
		keys(Keys.ENTER);
		this.browser.waitFor().until((d) -> !d.findElements(By.id("secret-value")).isEmpty());
		assertThat(this.browser.find(By.id("secret-value")).getAttribute("value")).matches("\\d{6}");

		tabTo("button#sign-out");
		keys(Keys.ENTER);
		this.browser.waitFor().until((d) -> d.getCurrentUrl().contains("/login"));
		assertThat(this.browser.pageText()).contains("You are signed out");
	}

	private void check(Page page, String language, List<String> problems, List<String> walked) {
		long started = System.currentTimeMillis();
		this.browser.desktopSize();
		page.open().accept(this.browser);
		this.browser.waitFor()
			.until((d) -> Boolean.TRUE
				.equals(js("return document.readyState === 'complete' && document.documentElement !== null")));
		walked.add(language + " " + page.name());
		long opened = System.currentTimeMillis();
		String where = language + " " + page.name() + " (" + this.browser.currentUrl() + "): ";
		String lang = (String) js("return document.documentElement.lang");
		if (!language.equals(lang)) {
			problems.add(where + "<html lang=\"" + lang + "\">");
		}
		Matcher missingText = UNRESOLVED_MESSAGE.matcher(this.browser.driver().getPageSource());
		if (missingText.find()) {
			problems.add(where + "a message key without text: " + missingText.group());
		}
		Axe.seriousViolations(this.browser.driver()).forEach((violation) -> problems.add(where + violation));
		screenshot(page, language, "desktop");
		this.browser.phoneSize();
		if (this.browser.scrollsSideways()) {
			problems.add(where + "scrolls sideways at 390 px: scrollWidth "
					+ js("return document.scrollingElement.scrollWidth") + " > clientWidth "
					+ js("return document.scrollingElement.clientWidth") + ", too wide: " + js(TOO_WIDE));
		}
		screenshot(page, language, "phone");
		System.out.printf("walked %s %s: opened in %d ms, checked in %d ms%n", language, page.name(), opened - started,
				System.currentTimeMillis() - opened);
	}

	/**
	 * Presses Tab until the element matching this selector has the focus, checking that
	 * every element passed on the way shows where the focus is.
	 */
	private void tabTo(String selector) {
		for (int presses = 0; presses < 60; presses++) {
			keys(Keys.TAB);
			WebElement focused = this.browser.driver().switchTo().activeElement();
			String outline = focused.getCssValue("outline-style");
			String shadow = focused.getCssValue("box-shadow");
			assertThat(!"none".equals(outline) || !"none".equals(shadow))
				.as("a visible focus on %s", focused.getAttribute("outerHTML"))
				.isTrue();
			if ((Boolean) js("return arguments[0].matches(arguments[1])", focused, selector)) {
				return;
			}
		}
		throw new AssertionError("Tab never reached " + selector + " on " + this.browser.currentUrl());
	}

	private void keys(CharSequence... keys) {
		new Actions(this.browser.driver()).sendKeys(keys).perform();
	}

	/**
	 * A page of the walk: how to get there, and at which sizes it is pictured (when
	 * screenshots are asked for).
	 */
	record Page(String name, Consumer<Browser> open, List<String> pictures) {

		static Page url(String name, String url, List<String> pictures) {
			return new Page(name, (browser) -> browser.open(url), pictures);
		}

	}

	/** The signed-out pages in this language, the last of which signs in. */
	private List<Page> signedOutPages(String language) {
		List<Page> pages = new ArrayList<>();
		pages.add(new Page("sign-in", (b) -> {
			b.driver().manage().deleteAllCookies();
			b.open(panel("/login?lang=" + language));
		}, BOTH));
		pages.add(new Page("sign-in with an error", (b) -> {
			b.type(By.id("email"), ADMIN_EMAIL).type(By.id("password"), "not-the-password").click(By.id("sign-in"));
			b.find(By.id("sign-in-error"));
		}, NONE));
		for (String flow : List.of("login", "recovery", "verification")) {
			pages.add(new Page("self-service " + flow, (b) -> {
				b.open(panel("/self-service/" + flow));
				b.waitFor().until((d) -> d.getCurrentUrl().contains("flow="));
			}, NONE));
		}
		pages.add(new Page("self-service login with an error", (b) -> {
			b.open(panel("/self-service/login"));
			b.waitFor().until((d) -> d.getCurrentUrl().contains("flow="));
			b.type(By.cssSelector("input[name=identifier]"), ADA_EMAIL)
				.type(By.cssSelector("input[name=password]"), "not-the-password")
				.click(By.cssSelector("#form-password button[name=method]"));
			b.find(By.cssSelector("[data-message-id='4000006']"));
		}, NONE));
		pages.add(Page.url("self-service error", panel("/self-service/error?id=" + UUID.randomUUID()), NONE));
		pages.add(Page.url("second-factor set-up", panel("/second-factor/setup"), NONE));
		pages.add(new Page("sign-in second step", (b) -> {
			b.open(panel("/login"));
			b.type(By.id("email"), TOTP_EMAIL).type(By.id("password"), TestIdentities.PASSWORD).click(By.id("sign-in"));
			b.waitFor().until((d) -> d.getCurrentUrl().contains("/login/second-factor"));
		}, NONE));
		pages.add(new Page("sign-in second step with an error", (b) -> {
			b.type(By.id("code"), "00000").click(By.id("verify"));
			b.find(By.id("code-error"));
		}, NONE));
		pages.add(new Page("self-service settings", (b) -> {
			b.open(this.kratos.createRecoveryLink(this.ada.id(), Duration.ofHours(1)).url());
			b.waitFor().until((d) -> d.getCurrentUrl().contains("/self-service/settings?flow="));
		}, BOTH));
		pages.add(new Page("list", (b) -> {
			b.open(panel("/identities"));
			b.type(By.id("email"), ADMIN_EMAIL)
				.type(By.id("password"), TestIdentities.PASSWORD)
				.click(By.id("sign-in"));
			b.waitFor().until((d) -> d.getCurrentUrl().endsWith("/identities"));
		}, BOTH));
		return pages;
	}

	/**
	 * Every page of the access table (GET routes that answer HTML), the error pages, the
	 * pages actions lead to, and sign-out.
	 */
	private List<Page> signedInPages() {
		List<Page> pages = new ArrayList<>();
		pages.add(Page.url("search", panel("/identities?q=a"), NONE));
		for (AccessPolicy.Rule rule : AccessPolicy.RULES) {
			if (rule.method() == HttpMethod.GET) {
				String path = withRealValues(rule.pattern());
				if (isHtmlPage(path)) {
					pages.add(Page.url("GET " + rule.pattern(), panel(path), pictured(rule.pattern())));
				}
			}
		}
		pages.add(Page.url("user not found", panel("/identities/" + UUID.randomUUID()), NONE));
		pages.add(Page.url("unknown schema", panel("/identities/new?schema=no-such-schema"), NONE));
		pages.add(Page.url("bad page link", panel("/identities?page=not-a-page-token"), NONE));
		pages.add(Page.url("refused", panel("/no-such-page"), NONE));
		pages.add(new Page("create form with an error", (b) -> {
			b.open(panel("/identities/new"));
			b.type(By.id("traits.email"), "not an e-mail address").click(By.id("save"));
			b.find(By.id("form-problems"));
			assertThat(b.driver().switchTo().activeElement().getAttribute("id")).as("the focus on the first error")
				.isEqualTo("traits.email");
			assertThat(b.find(By.id("traits.email")).getAttribute("aria-invalid")).isEqualTo("true");
		}, DESKTOP));
		pages.add(new Page("edit conflict", (b) -> {
			b.open(panel("/identities/" + this.ada.id() + "/edit"));
			this.identities.patch(this.ada.id(), List.of(IdentityChange.replace("/traits/name/first", "Augusta")));
			b.type(By.id("traits.name.first"), "Ada Augusta").click(By.id("save"));
			b.find(By.id("conflicts"));
			this.identities.patch(this.ada.id(), List.of(IdentityChange.replace("/traits/name/first", "Ada")));
		}, DESKTOP));
		pages.add(new Page("recovery code shown", (b) -> {
			b.open(panel("/identities/" + this.ada.id() + "/access"));
			b.click(By.id("create-recovery-code"));
			b.find(By.id("secret-value"));
		}, DESKTOP));
		pages.add(new Page("signed out through the phone menu", (b) -> {
			// on a phone the navigation is a closed <details> menu that opens without
			// script
			b.phoneSize();
			assertThat(b.driver().findElement(By.id("sign-out")).isDisplayed()).isFalse();
			assertThat(b.driver().findElement(By.id("menu-sign-out")).isDisplayed()).isFalse();
			b.click(By.id("nav-menu-button"));
			b.click(By.id("menu-sign-out"));
			b.waitFor().until((d) -> d.getCurrentUrl().contains("/login"));
		}, NONE));
		return pages;
	}

	/**
	 * The route with a real value for each path variable; fails for one it does not know.
	 */
	private String withRealValues(String pattern) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("id", this.ada.id());
		values.put("type", "totp");
		values.put("sessionId", UUID.randomUUID().toString());
		Matcher variable = PATH_VARIABLE.matcher(pattern);
		StringBuilder path = new StringBuilder();
		while (variable.find()) {
			String value = values.get(variable.group(1));
			assertThat(value).as("a value for {%s} of %s: add one to this walk", variable.group(1), pattern)
				.isNotNull();
			variable.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		variable.appendTail(path);
		return path.toString();
	}

	/** Whether the route answers a page (not a download or the Actuator's JSON). */
	private boolean isHtmlPage(String path) {
		String cookies = this.browser.driver()
			.manage()
			.getCookies()
			.stream()
			.map((Cookie cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
		try {
			// HEAD: the headers tell, without making the panel write a long streamed
			// report
			HttpRequest request = HttpRequest.newBuilder(URI.create(panel(path)))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.header("Cookie", cookies)
				.build();
			HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
			String type = response.headers().firstValue("Content-Type").orElse("");
			String disposition = response.headers().firstValue("Content-Disposition").orElse("");
			return type.startsWith("text/html") && !disposition.startsWith("attachment");
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not ask the panel for " + path, ex);
		}
	}

	private static List<String> pictured(String pattern) {
		return "/identities/{id}".equals(pattern) ? DESKTOP : NONE;
	}

	private void screenshot(Page page, String language, String size) {
		if (SCREENSHOTS.isBlank() || !page.pictures().contains(size)) {
			return;
		}
		String name = page.name().replaceFirst("^GET ", "").replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
		this.browser.screenshot(Path.of(SCREENSHOTS, name + "-" + language + "-" + size + ".png"));
	}

	private Object js(String script, Object... arguments) {
		return ((JavascriptExecutor) this.browser.driver()).executeScript(script, arguments);
	}

	private void person(String email, String first, String last, IdentityState state) {
		this.kratos.createIdentity(new NewIdentity(null,
				Map.of("email", email, "name", Map.of("first", first, "last", last)), state, List.of()));
	}

}

package net.stackspin.admin.selfservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.kratos.KratosBrowserFlows;
import net.stackspin.admin.kratos.SelfServiceError;
import net.stackspin.admin.kratos.SelfServiceFlow;
import net.stackspin.admin.kratos.SelfServiceFlowType;
import net.stackspin.admin.kratos.UiNode;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages over flows recorded from the real Kratos v1.3.1 ({@code
 * src/test/resources/flows}): every node type Kratos sends for these flows is parsed and
 * rendered, script nodes never are, and messages land where the user looks.
 */
class SelfServicePageRenderingTests {

	private static final ResourceBundleMessageSource MESSAGES = messages();

	private static final SpringTemplateEngine TEMPLATES = templates();

	@Test
	void recoverySentCodeInDutchTranslatesKratosMessagesAndLabelsById() {
		SelfServiceFlow flow = flow(SelfServiceFlowType.RECOVERY, "recovery-sent-code");
		String html = render(flow, Locale.forLanguageTag("nl"));
		assertThat(html).contains("lang=\"nl\"")
			.contains("Er is een e-mail met een herstelcode verstuurd")
			.contains(">Herstelcode</label>")
			.contains(">Doorgaan<")
			.contains("Je account herstellen")
			.doesNotContain("An email containing a recovery code has been sent");
	}

	@Test
	void recoveryChooseMethodAsksForTheEmailAndPostsToKratos() {
		SelfServiceFlow flow = flow(SelfServiceFlowType.RECOVERY, "recovery-choose-method");
		assertThat(flow.state()).isEqualTo("choose_method");
		String html = render(flow);
		assertThat(form(html, "code")).contains("action=\"" + flow.action() + "\"").contains("method=\"post\"");
		assertThat(flow.action()).startsWith("http://127.0.0.1:").contains("/self-service/recovery?flow=" + flow.id());
		assertThat(tag(html, "input", "name=\"csrf_token\"")).contains("type=\"hidden\"")
			.contains("value=\"" + node(flow, "csrf_token").value() + "\"");
		assertThat(tag(html, "input", "name=\"email\"")).contains("type=\"email\"").contains("required");
		assertThat(html).contains("<label class=\"form-label\" for=\"ss-code-email\">Email</label>");
		assertThat(tag(html, "button", "name=\"method\"")).contains("type=\"submit\"")
			.contains("value=\"code\"")
			.contains(">Continue<");
		assertThat(html).doesNotContain("/identities").doesNotContain("sign-out").doesNotContain("_csrf");
	}

	@Test
	void recoverySentCodeShowsTheFlowMessageTheCodeFieldAndResend() {
		SelfServiceFlow flow = flow(SelfServiceFlowType.RECOVERY, "recovery-sent-code");
		String html = render(flow);
		assertThat(html).contains("data-message-id=\"1060003\"").contains("An email containing a recovery code");
		assertThat(tag(html, "input", "name=\"code\"")).contains("type=\"text\"")
			.contains("pattern=\"[0-9]+\"")
			.contains("maxlength=\"6\"");
		assertThat(tag(html, "input", "name=\"method\"")).contains("type=\"hidden\"").contains("value=\"code\"");
		assertThat(tag(html, "button", "name=\"email\"")).contains("value=\"" + node(flow, "email").value() + "\"")
			.contains(">Resend code<")
			.contains("btn-outline-secondary");
		// Kratos validates; the browser must not block "Resend code" because the code is
		// empty
		assertThat(form(html, "code")).contains("novalidate");
	}

	@Test
	void wrongRecoveryCodeIsShownAtTheCodeField() {
		SelfServiceFlow flow = flow(SelfServiceFlowType.RECOVERY, "recovery-wrong-code");
		assertThat(flow.messages()).extracting((m) -> m.id()).containsExactly(4060006L);
		SelfServicePage page = SelfServicePage.of(flow);
		assertThat(page.messages()).isEmpty();
		String html = render(flow);
		assertThat(tag(html, "input", "name=\"code\"")).contains("is-invalid")
			.contains("aria-describedby=\"ss-code-code-messages\"");
		Matcher atField = Pattern.compile(
				"<div id=\"ss-code-code-messages\">\\s*<div data-message-id=\"4060006\" class=\"invalid-feedback d-block\">"
						+ "The recovery code is invalid")
			.matcher(html);
		assertThat(atField.find()).as(html).isTrue();
		assertThat(html).doesNotContain("id=\"flow-messages\"");
	}

	@Test
	void settingsHasOneFormPerMethodEachWithTheCsrfToken() {
		SelfServiceFlow flow = flow(SelfServiceFlowType.SETTINGS, "settings");
		SelfServicePage page = SelfServicePage.of(flow);
		assertThat(page.forms()).extracting(SelfServicePage.Form::group)
			.containsExactly("profile", "password", "lookup_secret", "totp");
		assertThat(page.forms()).allSatisfy((form) -> assertThat(form.nodes().get(0).name()).isEqualTo("csrf_token"));
		String html = render(flow);
		assertThat(html).contains("<legend class=\"h5\">Your details</legend>")
			.contains("<legend class=\"h5\">Password</legend>")
			.contains("<legend class=\"h5\">Authenticator app</legend>")
			.contains("<legend class=\"h5\">Backup codes</legend>");
		assertThat(tag(html, "input", "name=\"traits.email\"")).contains("type=\"email\"")
			.contains("autocomplete=\"email\"")
			.contains("value=\"" + node(flow, "traits.email").value() + "\"");
		assertThat(tag(html, "input", "name=\"traits.name.first\"")).contains("value=\"Ada\"");
		assertThat(tag(html, "input", "name=\"password\"")).contains("type=\"password\"")
			.contains("autocomplete=\"new-password\"")
			.contains("value=\"\"");
		assertThat(form(html, "password")).contains("name=\"method\" value=\"password\"");
		assertThat(form(html, "profile")).contains("name=\"method\" value=\"profile\"")
			.doesNotContain("name=\"password\"");
		assertThat(tag(html, "button", "name=\"lookup_secret_regenerate\"")).contains("value=\"true\"");
	}

	@Test
	void totpEnrolmentShowsTheQrCodeImageAndTheSecretText() {
		SelfServiceFlow flow = flow(SelfServiceFlowType.SETTINGS, "settings");
		UiNode qr = flow.nodes().stream().filter(UiNode::isImage).findFirst().orElseThrow();
		UiNode secret = flow.nodes().stream().filter(UiNode::isText).findFirst().orElseThrow();
		String html = render(flow);
		assertThat(tag(html, "img", "id=\"ss-totp-totp_qr\"")).contains("src=\"" + qr.src() + "\"")
			.contains("width=\"256\"")
			.contains("height=\"256\"")
			.contains("alt=\"Authenticator app QR code\"");
		assertThat(qr.src()).startsWith("data:image/png;base64,");
		assertThat(html).contains("<code class=\"self-service-secret\">" + secret.text() + "</code>")
			.contains("This is your authenticator app secret.");
		assertThat(tag(html, "input", "name=\"totp_code\"")).contains("type=\"text\"");
	}

	@Test
	void lookupCodesAreListedOneByOne() {
		SelfServiceFlow flow = flow(SelfServiceFlowType.SETTINGS, "settings-lookup-codes");
		UiNode codes = flow.nodes()
			.stream()
			.filter((n) -> "lookup_secret_codes".equals(n.id()))
			.findFirst()
			.orElseThrow();
		assertThat(codes.secrets()).hasSize(12);
		String html = render(flow);
		for (String code : codes.secrets()) {
			assertThat(html).contains("<li><code>" + code + "</code></li>");
		}
		assertThat(tag(html, "button", "name=\"lookup_secret_confirm\"")).contains(">Confirm backup recovery codes<");
	}

	@Test
	void verificationAndLoginRenderTheirForms() {
		String verification = render(flow(SelfServiceFlowType.VERIFICATION, "verification"));
		assertThat(tag(verification, "input", "name=\"email\"")).contains("type=\"email\"");
		assertThat(verification).contains("Verify your e-mail address");
		SelfServiceFlow login = flow(SelfServiceFlowType.LOGIN, "login");
		SelfServicePage page = SelfServicePage.of(login);
		assertThat(page.forms()).hasSize(1);
		assertThat(page.forms().get(0).nodes()).extracting(UiNode::name)
			.containsExactly("csrf_token", "identifier", "password", "method");
		String html = render(login);
		assertThat(tag(html, "input", "name=\"identifier\"")).contains("type=\"text\"");
		assertThat(tag(html, "button", "name=\"method\"")).contains(">Sign in with password<");
		assertThat(html).contains("href=\"/self-service/recovery\"");
	}

	@Test
	void loginFailureShowsKratosMessageAtTheTop() {
		String html = render(flow(SelfServiceFlowType.LOGIN, "login-invalid-credentials"));
		assertThat(tag(html, "div", "data-message-id=\"4000006\"")).contains("class=\"alert alert-danger\"")
			.contains("role=\"alert\"")
			.contains("The provided credentials are invalid");
	}

	@Test
	void anchorsCheckboxesAndScriptsOfOtherKratosSetups() {
		// Nodes v1.3.1 sends with other methods enabled (WebAuthn scripts, links,
		// checkboxes), built by hand in the recorded shape: anchors and checkboxes
		// render, scripts never do.
		String json = resource("recovery-choose-method").replace("\"nodes\": [",
				"""
						"nodes": [
						{"type":"a","group":"default","attributes":{"href":"http://127.0.0.1:4433/self-service/login/browser",
						 "title":{"id":1070011,"text":"Continue","type":"info"},"id":"continue","node_type":"a"},"messages":[],"meta":{}},
						{"type":"input","group":"default","attributes":{"name":"remember","type":"checkbox","value":true,
						 "disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":0,"text":"Remember me","type":"info"}}},
						{"type":"script","group":"webauthn","attributes":{"src":"http://127.0.0.1:4433/.well-known/ory/webauthn.js",
						 "async":true,"id":"webauthn_script","type":"text/javascript","node_type":"script"},"messages":[],"meta":{}},
						""");
		SelfServiceFlow flow = KratosBrowserFlows.parseFlow(SelfServiceFlowType.RECOVERY, json);
		assertThat(flow.nodes()).extracting(UiNode::type).contains("a", "script");
		String html = render(flow);
		assertThat(tag(html, "a", "id=\"ss-code-continue\""))
			.contains("href=\"http://127.0.0.1:4433/self-service/login/browser\"")
			.contains(">Continue<");
		assertThat(tag(html, "input", "name=\"remember\"")).contains("type=\"checkbox\"")
			.contains("value=\"true\"")
			.contains("checked");
		assertThat(html).doesNotContain("<script").doesNotContain("webauthn.js").doesNotContain("Webauthn");
	}

	@Test
	void kratosErrorPageShowsTheMessageAndOffersANewStart() {
		SelfServiceError error = KratosBrowserFlows.parseError(resource("error"));
		assertThat(error.code()).isEqualTo(500);
		Context context = context();
		context.setVariable("kratosError", error);
		String html = TEMPLATES.process("selfservice/error", context);
		assertThat(html).contains("An internal server error occurred")
			.contains("This is a stub error.")
			.contains("href=\"/self-service/recovery\"")
			.doesNotContain("/identities");
	}

	@Test
	void everyRecordedFlowParsesEveryNode() {
		for (String name : List.of("recovery-choose-method", "recovery-sent-code", "recovery-wrong-code", "settings",
				"settings-lookup-codes", "verification", "login", "login-invalid-credentials")) {
			SelfServiceFlow flow = flow(SelfServiceFlowType.RECOVERY, name);
			assertThat(flow.nodes()).as(name).isNotEmpty().allSatisfy((node) -> {
				assertThat(node.type()).isIn("input", "text", "img", "a", "script");
				assertThat(node.group()).isNotBlank();
			});
			assertThat(render(flow)).as(name).contains("name=\"csrf_token\"");
		}
	}

	private static String render(SelfServiceFlow flow) {
		return render(flow, Locale.ENGLISH);
	}

	private static String render(SelfServiceFlow flow, Locale locale) {
		Context context = new Context(locale, Map.of());
		context.setVariable("page", SelfServicePage.of(flow));
		context.setVariable("flowType", flow.type().path());
		context.setVariable("kratosTexts", new KratosTexts(MESSAGES));
		LocaleContextHolder.setLocale(locale);
		try {
			return TEMPLATES.process("selfservice/flow", context);
		}
		finally {
			LocaleContextHolder.resetLocaleContext();
		}
	}

	private static Context context() {
		return new Context(Locale.ENGLISH, Map.of());
	}

	/** The one start tag with this attribute. */
	private static String tag(String html, String element, String attribute) {
		List<String> found = new ArrayList<>();
		Matcher tags = Pattern.compile("<" + element + "\\s[^>]*>(?:[^<]*</" + element + ">)?").matcher(html);
		while (tags.find()) {
			if (tags.group().contains(attribute)) {
				found.add(tags.group());
			}
		}
		assertThat(found).as("one <%s %s> in %s", element, attribute, html).hasSize(1);
		return found.get(0);
	}

	private static String form(String html, String group) {
		Matcher form = Pattern.compile("<form[^>]*id=\"form-" + group + "\".*?</form>", Pattern.DOTALL).matcher(html);
		assertThat(form.find()).as("form of %s in %s", group, html).isTrue();
		return form.group();
	}

	private static UiNode node(SelfServiceFlow flow, String name) {
		return flow.nodes().stream().filter((n) -> name.equals(n.name())).findFirst().orElseThrow();
	}

	private static SelfServiceFlow flow(SelfServiceFlowType type, String name) {
		return KratosBrowserFlows.parseFlow(type, resource(name));
	}

	private static String resource(String name) {
		try {
			return new ClassPathResource("flows/" + name + ".json").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasenames("messages/messages", "messages/selfservice", "messages/kratos");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	private static SpringTemplateEngine templates() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		resolver.setTemplateMode(TemplateMode.HTML);
		resolver.setCharacterEncoding("UTF-8");
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		engine.setTemplateEngineMessageSource(MESSAGES);
		engine.setLinkBuilder(new StandardLinkBuilder() {
			@Override
			protected String computeContextPath(IExpressionContext context, String base,
					Map<String, Object> parameters) {
				return ""; // no servlet request here: links are rendered as at the root
			}
		});
		return engine;
	}

}

package net.stackspin.admin.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.Cookie;
import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.onboarding.OneTimeSecret;
import net.stackspin.admin.onboarding.PublicApi;
import net.stackspin.admin.testing.HtmlForm;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every kind of action done through HTTP against the real Kratos leaves one audit event
 * with the right actor, action, target, outcome and changed fields (caught by a recording
 * {@link AuditSink} beside the log and metrics sinks), found by the request id each
 * request sends; and no audit log line or event holds a link, code, password or trait
 * value other than the labels.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AuditEventsIntegrationTests extends KratosIntegrationTest {

	private static final String ADMIN_ID = "00000000-0000-4000-8000-0000000a0d17";

	private static final String ADMIN_LABEL = "audit-admin@example.org";

	private static final RequestPostProcessor ADMIN = SignedIn.admin(ADMIN_ID, ADMIN_LABEL);

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosSessionsAdmin sessions;

	@Autowired
	RecordedEvents recorded;

	private final PublicApi publicApi = new PublicApi(KRATOS.publicUrl());

	@TestConfiguration
	static class RecordingSink {

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

	}

	/** Every event of this context, as the sinks receive them. */
	static class RecordedEvents implements AuditSink {

		final List<AuditEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void accept(AuditEvent event) {
			this.events.add(event);
		}

		List<AuditEvent> of(String requestId) {
			return this.events.stream().filter((event) -> requestId.equals(event.requestId())).toList();
		}

	}

	// --- identities

	@Test
	void createRecordsTheTraitNamesStateAndRoleButNoTraitValue() throws Exception {
		String email = uniqueEmail("audit-create");
		AuditEvent event = single(post("/identities/new").with(ADMIN)
			.param("traits.email", email)
			.param("traits.name.first", "Quirinus")
			.param("state", "INACTIVE")
			.param("role", "helpdesk"));
		assertActor(event, ADMIN_ID, ADMIN_LABEL, "admin");
		assertThat(event.action()).isEqualTo("identity.create");
		assertThat(event.outcome()).isEqualTo("success");
		assertThat(event.target().id()).isEqualTo(this.kratos.findByIdentifier(email).orElseThrow().id());
		assertThat(event.target().label()).isEqualTo(email);
		assertThat(event.changedFields()).containsExactlyInAnyOrder("email", "name.first", "state", "role");
		assertThat(event.values()).containsOnly(Map.entry("state", "inactive"), Map.entry("role", "helpdesk"));
		assertThat(event.toString()).doesNotContain("Quirinus");
	}

	@Test
	void createOfATakenAddressRecordsTheConflictWithoutNamingTheAddress() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit-taken"));
		AuditEvent event = single(post("/identities/new").with(ADMIN)
			.param("traits.email", user.email())
			.param("state", "ACTIVE")
			.param("role", ""));
		assertThat(event.action()).isEqualTo("identity.create");
		assertThat(event.outcome()).isEqualTo("conflict");
		assertThat(event.target()).isNull();
		assertThat(event.toString()).doesNotContain(user.email());
	}

	@Test
	void editRecordsTheChangedTraitNamesOnly() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit-edit"));
		AuditEvent event = single(edit(user, Map.of("traits.name.first", "Octavia", "traits.name.last", "Ninebark")));
		assertActor(event, ADMIN_ID, ADMIN_LABEL, "admin");
		assertThat(event.action()).isEqualTo("identity.update");
		assertThat(event.outcome()).isEqualTo("success");
		assertThat(event.target()).isEqualTo(new AuditEvent.Target(user.id(), user.email()));
		assertThat(event.changedFields()).containsExactly("name.first", "name.last");
		assertThat(event.values()).isEmpty();
		assertThat(event.toString()).doesNotContain("Octavia", "Ninebark");
	}

	@Test
	void stateChangeRecordsTheNewState() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit-state"));
		AuditEvent event = single(edit(user, Map.of("state", "INACTIVE")));
		assertThat(event.action()).isEqualTo("identity.update");
		assertThat(event.outcome()).isEqualTo("success");
		assertThat(event.target().id()).isEqualTo(user.id());
		assertThat(event.changedFields()).containsExactly("state");
		assertThat(event.values()).containsOnly(Map.entry("state", "inactive"));
	}

	@Test
	void roleChangeRecordsTheNewRoleAndTakingItAwayRecordsNone() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit-role"));
		AuditEvent granted = single(edit(user, Map.of("role", "helpdesk")));
		assertThat(granted.action()).isEqualTo("identity.update");
		assertThat(granted.changedFields()).containsExactly("role");
		assertThat(granted.values()).containsOnly(Map.entry("role", "helpdesk"));
		AuditEvent taken = single(edit(user, Map.of("role", "")));
		assertThat(taken.changedFields()).containsExactly("role");
		assertThat(taken.values()).containsOnly(Map.entry("role", "none"));
	}

	@Test
	void deletingOneselfIsRecordedAsRefused() throws Exception {
		IdentitySummary me = TestIdentities.admin(this.kratos, uniqueEmail("audit-self"));
		AuditEvent event = single(post("/identities/" + me.id() + "/delete").with(SignedIn.admin(me.id(), me.email())));
		assertActor(event, me.id(), me.email(), "admin");
		assertThat(event.action()).isEqualTo("identity.delete");
		assertThat(event.outcome()).isEqualTo("refused");
		assertThat(event.target()).isEqualTo(new AuditEvent.Target(me.id(), me.email()));
	}

	@Test
	void deleteRecordsTheTargetWithItsLabel() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit-delete"));
		AuditEvent event = single(post("/identities/" + user.id() + "/delete").with(ADMIN));
		assertActor(event, ADMIN_ID, ADMIN_LABEL, "admin");
		assertThat(event.action()).isEqualTo("identity.delete");
		assertThat(event.outcome()).isEqualTo("success");
		assertThat(event.target()).isEqualTo(new AuditEvent.Target(user.id(), user.email()));
		AuditEvent again = single(post("/identities/" + user.id() + "/delete").with(ADMIN));
		assertThat(again.outcome()).isEqualTo("gone");
	}

	@Test
	void exportRecordsFormatAndRowCountButNotTheSearch() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit-export"));
		AuditEvent event = single(
				get("/identities/export").with(ADMIN).param("format", "csv").param("q", user.email()));
		assertActor(event, ADMIN_ID, ADMIN_LABEL, "admin");
		assertThat(event.action()).isEqualTo("identity.export");
		assertThat(event.outcome()).isEqualTo("success");
		assertThat(event.target()).isNull();
		assertThat(event.values()).containsOnly(Map.entry("format", "csv"), Map.entry("search", "yes"));
		assertThat(event.counts()).containsOnly(Map.entry("rows", 1L));
		assertThat(event.toString()).doesNotContain(user.email());
	}

	// --- access & recovery, as helpdesk

	@Test
	void recoveryLinkCodeAndEmailAreRecordedForTheHelpdeskActor() throws Exception {
		IdentitySummary user = TestIdentities.user(this.kratos, uniqueEmail("audit-recovery"));
		RequestPostProcessor helpdesk = SignedIn.as(PanelRole.HELPDESK, "00000000-0000-4000-8000-0000000be1d",
				"audit-helpdesk@example.org");
		AuditEvent link = single(access(user, "/recovery-link").with(helpdesk).param("lifetime", "1h"));
		AuditEvent code = single(access(user, "/recovery-code").with(helpdesk).param("lifetime", "1h"));
		AuditEvent mail = single(access(user, "/recovery-email").with(helpdesk));
		AuditEvent invalid = single(access(user, "/recovery-link").with(helpdesk).param("lifetime", "forever"));
		assertThat(List.of(link, code, mail, invalid)).allSatisfy((event) -> {
			assertActor(event, "00000000-0000-4000-8000-0000000be1d", "audit-helpdesk@example.org", "helpdesk");
			assertThat(event.target().id()).isEqualTo(user.id());
		});
		assertThat(List.of(link.action(), link.outcome())).containsExactly("identity.recovery_link", "success");
		assertThat(List.of(code.action(), code.outcome())).containsExactly("identity.recovery_code", "success");
		assertThat(List.of(mail.action(), mail.outcome())).containsExactly("identity.recovery_email", "success");
		assertThat(List.of(link, code, mail))
			.allSatisfy((event) -> assertThat(event.target().label()).as(event.action()).isEqualTo(user.email()));
		assertThat(List.of(invalid.action(), invalid.outcome())).containsExactly("identity.recovery_link", "invalid");
	}

	@Test
	void invitationIsRecordedWithItsOutcomeAndRefusedOnceAPasswordIsSet() throws Exception {
		IdentitySummary invited = this.kratos.createIdentity(
				new net.stackspin.admin.kratos.NewIdentity(null, Map.of("email", uniqueEmail("audit-invite")),
						net.stackspin.admin.kratos.IdentityState.ACTIVE, List.of()));
		AuditEvent sent = single(access(invited, "/invitation").with(ADMIN));
		assertActor(sent, ADMIN_ID, ADMIN_LABEL, "admin");
		assertThat(sent.action()).isEqualTo("identity.invite");
		// no SMTP in these tests: the link is handed to the administrator
		assertThat(sent.outcome()).isEqualTo("link");
		assertThat(sent.target()).isEqualTo(new AuditEvent.Target(invited.id(), invited.email()));
		IdentitySummary withPassword = TestIdentities.user(this.kratos, uniqueEmail("audit-invite-pw"));
		AuditEvent refused = single(access(withPassword, "/invitation").with(ADMIN));
		assertThat(List.of(refused.action(), refused.outcome())).containsExactly("identity.invite", "refused");
	}

	@Test
	void sessionRevocationsAndFactorResetAreRecorded() throws Exception {
		String email = uniqueEmail("audit-sessions");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		String token = this.publicApi.signIn(email, TestIdentities.PASSWORD, "AuditTest/1.0");
		this.publicApi.enrolLookupCodes(token);
		this.publicApi.signIn(email, TestIdentities.PASSWORD, "AuditTest/1.0 (second)");

		AuditEvent reset = single(access(user, "/second-factors/lookup_secret/reset").with(ADMIN));
		assertThat(List.of(reset.action(), reset.outcome())).containsExactly("identity.reset_second_factor", "success");
		assertThat(reset.values()).containsOnly(Map.entry("factor", "lookup_secret"));
		assertThat(reset.target()).isEqualTo(new AuditEvent.Target(user.id(), email));
		AuditEvent firstFactor = single(access(user, "/second-factors/password/reset").with(ADMIN));
		assertThat(firstFactor.outcome()).isEqualTo("refused");
		assertThat(firstFactor.values()).isEmpty();

		String sessionId = this.sessions.sessions(user.id()).get(0).id();
		AuditEvent one = single(access(user, "/sessions/" + sessionId + "/revoke").with(ADMIN));
		assertThat(List.of(one.action(), one.outcome())).containsExactly("identity.revoke_session", "success");
		assertThat(one.target()).isEqualTo(new AuditEvent.Target(user.id(), email));
		AuditEvent all = single(access(user, "/sessions/revoke").with(ADMIN));
		assertThat(List.of(all.action(), all.outcome())).containsExactly("identity.revoke_sessions", "success");
		assertThat(all.target()).isEqualTo(new AuditEvent.Target(user.id(), email));
		assertActor(all, ADMIN_ID, ADMIN_LABEL, "admin");
	}

	// --- sign-in

	@Test
	void signInRecordsTheHolderAndSignOutToo() throws Exception {
		String email = uniqueEmail("audit-signin");
		IdentitySummary admin = TestIdentities.admin(this.kratos, email);
		String requestId = newRequestId();
		MvcResult result = this.mvc
			.perform(post("/login").with(csrf())
				.header("X-Request-Id", requestId)
				.with(from("192.0.2.17"))
				.param("email", email)
				.param("password", TestIdentities.PASSWORD))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		AuditEvent event = only(requestId);
		assertActor(event, admin.id(), email, "admin");
		assertThat(List.of(event.action(), event.outcome())).containsExactly("sign_in", "success");
		assertThat(event.clientAddress()).isEqualTo("192.0.2.17");
		assertThat(event.target()).isNull();

		Cookie[] cookies = result.getResponse().getCookies();
		String signOutId = newRequestId();
		this.mvc.perform(post("/logout").with(csrf()).header("X-Request-Id", signOutId).cookie(cookies));
		AuditEvent signOut = only(signOutId);
		assertActor(signOut, admin.id(), email, "admin");
		assertThat(List.of(signOut.action(), signOut.outcome())).containsExactly("sign_out", "success");
	}

	@Test
	void refusedSignInsNameTheNormalisedIdentifierAndTheReasonNeverThePassword() throws Exception {
		String email = uniqueEmail("audit-refused");
		IdentitySummary plainUser = TestIdentities.user(this.kratos, email);
		String typed = email.toUpperCase(java.util.Locale.ROOT);

		AuditEvent wrong = signIn(typed, "Wrong-Password-Sentinel-1", "192.0.2.30");
		assertThat(List.of(wrong.action(), wrong.outcome())).containsExactly("sign_in", "refused");
		assertActor(wrong, null, email, null);
		assertThat(wrong.values()).containsOnly(Map.entry("reason", "invalid_credentials"),
				Map.entry("method", "password"));
		assertThat(wrong.clientAddress()).isEqualTo("192.0.2.30");
		assertThat(wrong.toString()).doesNotContain("Wrong-Password-Sentinel-1");

		AuditEvent notAdmin = signIn(email, TestIdentities.PASSWORD, "192.0.2.31");
		assertActor(notAdmin, plainUser.id(), email, null);
		assertThat(notAdmin.values()).containsOnly(Map.entry("reason", "not_admin"), Map.entry("method", "password"));

		for (int i = 2; i < 5; i++) {
			signIn(email, "Wrong-Password-Sentinel-" + i, "192.0.2.3" + (i + 2));
		}
		AuditEvent limited = signIn(email, TestIdentities.PASSWORD, "192.0.2.40");
		assertThat(List.of(limited.action(), limited.outcome())).containsExactly("sign_in", "refused");
		assertThat(limited.values()).containsEntry("reason", "rate_limited").containsEntry("method", "password");
		assertThat(limited.toString()).doesNotContain("Wrong-Password-Sentinel");
		assertActor(limited, null, email, null);
	}

	// --- request id

	@Test
	void requestIdIsTakenWhenWellFormedElseMadeAndAlwaysEchoed() throws Exception {
		String good = "abc-123." + UUID.randomUUID();
		assertThat(this.mvc.perform(get("/login").header("X-Request-Id", good))
			.andReturn()
			.getResponse()
			.getHeader("X-Request-Id")).isEqualTo(good);
		for (String bad : new String[] { "a b", "x\r\nSet-Cookie: evil=1", "ü", "a".repeat(129), "" }) {
			String echoed = this.mvc.perform(get("/login").header("X-Request-Id", bad))
				.andReturn()
				.getResponse()
				.getHeader("X-Request-Id");
			assertThat(echoed).as(bad).isNotEqualTo(bad).matches("[0-9a-f-]{36}");
		}
		String made = this.mvc.perform(get("/login")).andReturn().getResponse().getHeader("X-Request-Id");
		assertThat(made).matches("[0-9a-f-]{36}");
		// a request sent to sign in first carries one too
		assertThat(this.mvc.perform(get("/identities").header("X-Request-Id", good))
			.andReturn()
			.getResponse()
			.getHeader("X-Request-Id")).isEqualTo(good);
	}

	// --- no secrets

	@Test
	void noAuditLineOrEventHoldsALinkCodePasswordOrTraitValue(CapturedOutput output) throws Exception {
		String email = uniqueEmail("audit-secrets");
		IdentitySummary user = TestIdentities.user(this.kratos, email);
		int before = this.recorded.events.size();
		List<String> secrets = new ArrayList<>();

		secrets.add(secret(perform(access(user, "/recovery-link").with(ADMIN).param("lifetime", "1h"))).value());
		OneTimeSecret code = secret(perform(access(user, "/recovery-code").with(ADMIN).param("lifetime", "1h")));
		secrets.add(code.value());
		secrets.add(code.url());
		secrets.add("Sentinel-Password-" + UUID.randomUUID());
		signIn(email, secrets.get(secrets.size() - 1), "192.0.2.50");
		secrets.add("Cornelius-" + UUID.randomUUID().toString().substring(0, 6));
		secrets.add("{\"shoe\":\"" + UUID.randomUUID() + "\"}");
		perform(edit(user, Map.of("traits.name.first", secrets.get(secrets.size() - 2), "metadata_public",
				secrets.get(secrets.size() - 1))));
		IdentitySummary invited = this.kratos.createIdentity(
				new net.stackspin.admin.kratos.NewIdentity(null, Map.of("email", uniqueEmail("audit-secrets-invite")),
						net.stackspin.admin.kratos.IdentityState.ACTIVE, List.of()));
		secrets.add(secret(perform(access(invited, "/invitation").with(ADMIN))).value());
		secrets.add(TestIdentities.PASSWORD);

		List<String> tokens = new ArrayList<>();
		for (String secret : secrets) {
			java.util.regex.Matcher token = java.util.regex.Pattern.compile("(?:token|code)=([^&]+)").matcher(secret);
			while (token.find()) {
				tokens.add(token.group(1));
			}
		}
		secrets.addAll(tokens);
		assertThat(secrets).doesNotContainNull().allSatisfy((secret) -> assertThat(secret).isNotBlank());

		List<String> auditLines = output.getOut()
			.lines()
			.filter((line) -> line.contains(AuditLog.LOGGER_NAME))
			.toList();
		List<AuditEvent> events = this.recorded.events.subList(before, this.recorded.events.size());
		assertThat(auditLines).as("one log line per event").hasSize(events.size());
		assertThat(events).extracting(AuditEvent::action)
			.contains("identity.recovery_link", "identity.recovery_code", "sign_in", "identity.update",
					"identity.invite");
		for (String secret : secrets) {
			assertThat(auditLines).as("audit log lines").noneMatch((line) -> line.contains(secret));
			assertThat(events).as("audit events").noneMatch((event) -> event.toString().contains(secret));
		}
		// labels (the panel's name for a person, here the e-mail) are kept on purpose
		assertThat(auditLines).anyMatch((line) -> line.contains(email));
	}

	// --- helpers

	private AuditEvent signIn(String email, String password, String client) throws Exception {
		String requestId = newRequestId();
		this.mvc.perform(post("/login").with(csrf())
			.header("X-Request-Id", requestId)
			.with(from(client))
			.param("email", email)
			.param("password", password));
		return only(requestId);
	}

	/**
	 * Performs the request with a fresh request id and returns the one event it recorded.
	 */
	private AuditEvent single(MockHttpServletRequestBuilder request) throws Exception {
		String requestId = newRequestId();
		this.mvc.perform(request.with(csrfIfPost(request)).header("X-Request-Id", requestId));
		return only(requestId);
	}

	private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.with(csrfIfPost(request))).andReturn();
	}

	private static RequestPostProcessor csrfIfPost(MockHttpServletRequestBuilder request) {
		return (servletRequest) -> "POST".equals(servletRequest.getMethod()) ? csrf().postProcessRequest(servletRequest)
				: servletRequest;
	}

	private AuditEvent only(String requestId) {
		List<AuditEvent> events = this.recorded.of(requestId);
		assertThat(events).as("events of request " + requestId).hasSize(1);
		assertThat(events.get(0).time()).isNotNull();
		return events.get(0);
	}

	private static OneTimeSecret secret(MvcResult result) {
		OneTimeSecret secret = (OneTimeSecret) result.getFlashMap().get("secret");
		assertThat(secret).as("one-time secret of " + result.getRequest().getRequestURI()).isNotNull();
		return secret;
	}

	private static void assertActor(AuditEvent event, String id, String label, String role) {
		assertThat(event.actor()).isEqualTo(new AuditEvent.Actor(id, label, role));
	}

	private static MockHttpServletRequestBuilder access(IdentitySummary user, String action) {
		return post("/identities/" + user.id() + "/access" + action);
	}

	/** The edit form as the page renders it for the identity now, some inputs changed. */
	private MockHttpServletRequestBuilder edit(IdentitySummary user, Map<String, String> changes) throws Exception {
		String page = this.mvc.perform(get("/identities/" + user.id() + "/edit").with(ADMIN))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Map<String, String> form = new HashMap<>(
				HtmlForm.params(page, "action=\"/identities/" + user.id() + "/edit\"").toSingleValueMap());
		form.remove("_csrf");
		form.putAll(changes);
		MockHttpServletRequestBuilder request = post("/identities/" + user.id() + "/edit").with(ADMIN);
		form.forEach(request::param);
		return request;
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private static String newRequestId() {
		return "audit-test-" + UUID.randomUUID();
	}

}

package net.stackspin.admin.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.http.Cookie;
import net.stackspin.admin.AdminApplication;
import net.stackspin.admin.identities.IdentityForm;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.HtmlForm;
import net.stackspin.admin.testing.HttpSession;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.PostgresServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Two replicas of the panel (two independent application contexts, each with its own web
 * server) sharing the real Kratos and one real PostgreSQL, told they are two
 * ({@code stackspin.deployment.replicas}): events written by both at once all arrive, and
 * saves of one identity from both are serialised by the shared advisory lock, so
 * administrators saving the same field across the two lose no update: every save is
 * either stored or answered with the conflict page, and the stored ones form one unbroken
 * chain of values ending in what Kratos holds.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoReplicasOneStoreTests extends KratosIntegrationTest {

	static final String DATABASE = PostgresServer.shared().createDatabase("replicas");

	private static final Pattern ORIGINAL = Pattern
		.compile("<input type=\"hidden\" name=\"original\\.([^\"]+)\" value=\"([^\"]*)\">");

	private static final String FIELD = "traits.name.first";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final String CSRF_FIELD = "_csrf";

	private static final String PRE_SESSION = "stackspin_admin_presession";

	/**
	 * The keys both replicas share (test values), so a form from one is accepted by the
	 * other.
	 */
	private static final String FLASH_KEY = "c2hhcmVkLWZsYXNoLWtleS1mb3ItcmVwbGljYXMtMDE=";

	private static final String SIGNING_KEY = "c2hhcmVkLXNpZ25pbmcta2V5LWZvci10aGUtcmVwbGljYS1zdG9yZS10ZXN0cw==";

	static ConfigurableApplicationContext replicaA;

	static ConfigurableApplicationContext replicaB;

	/** What the two replicas logged while starting. */
	static String startLog;

	@BeforeAll
	static void startTwoReplicas(CapturedOutput output) {
		replicaA = replica();
		replicaB = replica();
		startLog = output.getAll();
	}

	@Test
	void twoReplicasWithTheSharedLockStartWithoutTheWarning() {
		assertThat(startLog.split(":: Spring Boot ::", -1)).as("two starts captured").hasSizeGreaterThanOrEqualTo(3);
		assertThat(startLog).doesNotContain("without a lock they share");
		assertThat(replicaA.getBean(SharedLockCheck.class).warnIfUnshared()).isFalse();
	}

	@AfterAll
	static void stopReplicas() {
		replicaA.close();
		replicaB.close();
	}

	@Test
	void eventsWrittenByBothReplicasAtOnceAllArrive() throws Exception {
		String target = uniqueEmail("many-events");
		int threads = 8;
		int perThread = 100;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CyclicBarrier start = new CyclicBarrier(threads);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				AuditTrail audit = ((t % 2 == 0) ? replicaA : replicaB).getBean(AuditTrail.class);
				String actor = "writer-" + t;
				writers.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						audit.event("identity.update")
							.actor(null, actor + "-" + i, "admin")
							.target(null, target)
							.record();
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(replicaA.getBean(DatabaseAuditSink.class).awaitWritten(Duration.ofSeconds(30))).isTrue();
		assertThat(replicaB.getBean(DatabaseAuditSink.class).awaitWritten(Duration.ofSeconds(30))).isTrue();

		Set<String> labels = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT actor_label FROM audit_event WHERE target_label = '" + target + "'")) {
			int count = 0;
			while (rows.next()) {
				labels.add(rows.getString(1));
				count++;
			}
			assertThat(count).as("rows, none twice").isEqualTo(threads * perThread);
		}
		assertThat(labels).as("every event, none lost").hasSize(threads * perThread);
	}

	/** One save reported as saved: what its form was loaded with, what it wrote. */
	record Saved(String loaded, String written) {
	}

	@Test
	void eightAdministratorsOnTwoReplicasSavingTheSameFieldLoseNoUpdate() throws Exception {
		KratosAdminClient kratos = replicaA.getBean(KratosAdminClient.class);
		IdentitySummary user = kratos.createIdentity(new NewIdentity(null,
				Map.of("email", uniqueEmail("contended-replicas"), "name", Map.of("first", "Seed", "last", "Person")),
				IdentityState.ACTIVE, List.of()));
		MockMvc onA = mockMvc(replicaA);
		MockMvc onB = mockMvc(replicaB);
		int writers = 8;
		int savesPerWriter = 12;
		List<Saved> saved = Collections.synchronizedList(new ArrayList<>());
		List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CyclicBarrier start = new CyclicBarrier(writers);
		long started = System.nanoTime();
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				MockMvc mvc = (w % 2 == 0) ? onA : onB;
				RequestPostProcessor admin = SignedIn.admin("00000000-0000-4000-8000-0000000000b" + w,
						"replica-writer-" + w + "@example.org");
				String prefix = "R" + w + "n";
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < savesPerWriter; i++) {
						Map<String, String> original = loadEditForm(mvc, user.id(), admin);
						String written = prefix + i;
						int status = save(mvc, user.id(), original, written, admin);
						answers.add(status);
						if (status == 302) {
							saved.add(new Saved(original.get(FIELD), written));
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy((s) -> s, LinkedHashMap::new, Collectors.counting()));
		assertThat(byStatus.keySet()).as("only saved (302) or conflict (409): %s", byStatus).containsOnly(302, 409);
		long lost = saved.size() - saved.stream().map(Saved::loaded).distinct().count();
		System.out.printf("two replicas, %d writers x %d saves of one field in %d ms: %s, %d saved, %d lost updates%n",
				writers, savesPerWriter, took.toMillis(), byStatus, saved.size(), lost);
		assertThat(lost).as("saves based on a value another save had already replaced").isZero();
		assertOneUnbrokenChain(saved, "Seed", firstName(kratos, user.id()));
	}

	@Test
	void writersOverHttpLoadingOnOneReplicaAndSavingOnTheOtherLoseNoUpdate() throws Exception {
		KratosAdminClient kratos = replicaA.getBean(KratosAdminClient.class);
		IdentitySummary user = kratos.createIdentity(new NewIdentity(null,
				Map.of("email", uniqueEmail("contended-http"), "name", Map.of("first", "Seed", "last", "Person")),
				IdentityState.ACTIVE, List.of()));
		int writers = 6;
		int savesPerWriter = 10;
		// each writer a real administrator signed in over HTTP (on either replica: the
		// session and the CSRF key are valid on both)
		List<HttpSession> browsers = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			browsers.add(signIn((w % 2 == 0) ? replicaA : replicaB, uniqueEmail("http-writer-" + w)));
		}
		List<Saved> saved = Collections.synchronizedList(new ArrayList<>());
		List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
		List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
		String edit = "/identities/" + user.id() + "/edit";
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CyclicBarrier start = new CyclicBarrier(writers);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				HttpSession browser = browsers.get(w);
				String prefix = "H" + w + "n";
				int first = w;
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < savesPerWriter; i++) {
						// the form from one replica, the save to the other, alternating
						ConfigurableApplicationContext loadOn = ((first + i) % 2 == 0) ? replicaA : replicaB;
						ConfigurableApplicationContext saveOn = (loadOn == replicaA) ? replicaB : replicaA;
						HttpResponse<String> form = browser.get(url(loadOn, edit));
						assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
						MultiValueMap<String, String> fields = HtmlForm.params(form.body(), "class=\"identity-form\"");
						String loaded = fields.getFirst(FIELD);
						assertThat(fields.getFirst(IdentityForm.ORIGINAL + FIELD)).isEqualTo(loaded);
						String written = prefix + i;
						fields.set(FIELD, written);
						HttpResponse<String> answer = browser.postForm(url(saveOn, edit), fields);
						answers.add(answer.statusCode());
						if (answer.statusCode() == 302) {
							saved.add(new Saved(loaded, written));
						}
						else if (answer.statusCode() == 409) {
							// the conflict page, and nothing saved
							assertThat(answer.body()).contains("id=\"conflicts\"");
						}
						else {
							unexpected.add(answer.statusCode() + ": " + answer.body());
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy((s) -> s, LinkedHashMap::new, Collectors.counting()));
		System.out.printf("two replicas over HTTP, %d writers x %d saves of one field: %s, %d saved%n", writers,
				savesPerWriter, byStatus, saved.size());
		assertThat(answers).as("every save answered").hasSize(writers * savesPerWriter);
		assertThat(unexpected).as("answers other than saved or conflict").isEmpty();
		assertThat(byStatus.keySet()).as("only saved (302) or conflict (409): %s", byStatus).containsOnly(302, 409);
		assertOneUnbrokenChain(saved, "Seed", firstName(kratos, user.id()));
	}

	/**
	 * No lost update: each stored save was based on the value the one before it wrote (no
	 * two on the same value), so from the seed they form one chain through every stored
	 * save, ending in the value Kratos holds now.
	 */
	static void assertOneUnbrokenChain(List<Saved> saved, String seed, String now) {
		assertThat(saved).as("some saves stored").isNotEmpty();
		Map<String, String> next = new HashMap<>();
		for (Saved save : saved) {
			String other = next.putIfAbsent(save.loaded(), save.written());
			assertThat(other)
				.as("two saves based on %s: %s and %s (one overwrote the other unseen)", save.loaded(), other,
						save.written())
				.isNull();
		}
		String value = seed;
		int steps = 0;
		while (next.containsKey(value) && steps <= saved.size()) {
			value = next.get(value);
			steps++;
		}
		assertThat(steps).as("stored saves reached from %s in one chain", seed).isEqualTo(saved.size());
		assertThat(value).as("the chain ends in what Kratos holds").isEqualTo(now);
	}

	private static String firstName(KratosAdminClient kratos, String id) {
		return (String) ((Map<?, ?>) kratos.getIdentity(id).traits().get("name")).get("first");
	}

	private static HttpSession signIn(ConfigurableApplicationContext replica, String email) {
		TestIdentities.admin(replica.getBean(KratosAdminClient.class), email);
		HttpSession browser = new HttpSession();
		browser.get(url(replica, "/login"));
		HttpResponse<String> signedIn = browser.postForm(url(replica, "/login"),
				Map.of("email", email, "password", TestIdentities.PASSWORD));
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		return browser;
	}

	private static String url(ConfigurableApplicationContext replica, String path) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		return "http://localhost:" + port + path;
	}

	private static Map<String, String> loadEditForm(MockMvc mvc, String id, RequestPostProcessor admin)
			throws Exception {
		MockHttpServletResponse response = mvc.perform(get("/identities/" + id + "/edit").with(admin))
			.andReturn()
			.getResponse();
		String html = response.getContentAsString();
		Map<String, String> original = new LinkedHashMap<>();
		Matcher hidden = ORIGINAL.matcher(html);
		while (hidden.find()) {
			original.put(hidden.group(1), HtmlUtils.htmlUnescape(hidden.group(2)));
		}
		assertThat(original).containsKeys(FIELD, IdentityForm.UPDATED_AT);
		// the form's real CSRF token and the pre-session cookie it is bound to, not
		// Spring Security's csrf() post-processor: that swaps the replica's token store
		// for
		// a session-based one, after which real browsers' forms are refused there
		Matcher token = CSRF.matcher(html);
		assertThat(token.find()).as("the form's CSRF token").isTrue();
		original.put(CSRF_FIELD, token.group(1));
		Cookie preSession = response.getCookie(PRE_SESSION);
		assertThat(preSession).as("the pre-session cookie the token is bound to").isNotNull();
		original.put(PRE_SESSION, preSession.getValue());
		return original;
	}

	private static int save(MockMvc mvc, String id, Map<String, String> original, String value,
			RequestPostProcessor admin) throws Exception {
		MockHttpServletRequestBuilder request = post("/identities/" + id + "/edit").with(admin)
			.cookie(new Cookie(PRE_SESSION, original.get(PRE_SESSION)))
			.param(CSRF_FIELD, original.get(CSRF_FIELD))
			.param("schema", "default");
		original.forEach((name, loaded) -> {
			if (name.equals(CSRF_FIELD) || name.equals(PRE_SESSION)) {
				return;
			}
			request.param(IdentityForm.ORIGINAL + name, loaded);
			if (!name.equals(IdentityForm.UPDATED_AT)) {
				request.param(name, name.equals(FIELD) ? value : loaded);
			}
		});
		return mvc.perform(request).andReturn().getResponse().getStatus();
	}

	private static MockMvc mockMvc(ConfigurableApplicationContext replica) {
		return MockMvcBuilders.webAppContextSetup((WebApplicationContext) replica).apply(springSecurity()).build();
	}

	private static ConfigurableApplicationContext replica() {
		return new SpringApplicationBuilder(AdminApplication.class).run("--server.port=0", "--management.server.port=",
				"--stackspin.kratos.admin-url=" + KRATOS.adminUrl(),
				"--stackspin.kratos.public-url=" + KRATOS.publicUrl(), "--stackspin.security.cookie-secure=false",
				"--stackspin.audit.database-url=" + DATABASE, "--stackspin.audit.database-username=postgres",
				"--stackspin.deployment.replicas=2", "--stackspin.security.flash-key=" + FLASH_KEY,
				"--stackspin.security.signing-key=" + SIGNING_KEY);
	}

}

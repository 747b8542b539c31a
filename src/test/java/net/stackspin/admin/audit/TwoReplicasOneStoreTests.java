package net.stackspin.admin.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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

import net.stackspin.admin.AdminApplication;
import net.stackspin.admin.identities.IdentityForm;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.PostgresServer;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Two replicas of the panel (two independent application contexts) sharing the real
 * Kratos and one real PostgreSQL: events written by both at once all arrive, and saves of
 * one identity from both are serialised by the shared advisory lock, so eight
 * administrators saving the same field across the two lose no update.
 */
class TwoReplicasOneStoreTests extends KratosIntegrationTest {

	static final String DATABASE = PostgresServer.shared().createDatabase("replicas");

	private static final Pattern ORIGINAL = Pattern
		.compile("<input type=\"hidden\" name=\"original\\.([^\"]+)\" value=\"([^\"]*)\">");

	private static final String FIELD = "traits.name.first";

	static ConfigurableApplicationContext replicaA;

	static ConfigurableApplicationContext replicaB;

	@BeforeAll
	static void startTwoReplicas() {
		replicaA = replica();
		replicaB = replica();
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
		assertThat(saved).isNotEmpty();
		Set<String> written = saved.stream().map(Saved::written).collect(Collectors.toSet());
		Set<String> chain = new HashSet<>(written);
		chain.add("Seed");
		assertThat(saved).allSatisfy((s) -> assertThat(s.loaded()).isIn(chain));
		Object now = ((Map<?, ?>) kratos.getIdentity(user.id()).traits().get("name")).get("first");
		assertThat(written).contains((String) now);
	}

	private static Map<String, String> loadEditForm(MockMvc mvc, String id, RequestPostProcessor admin)
			throws Exception {
		String html = mvc.perform(get("/identities/" + id + "/edit").with(admin))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Map<String, String> original = new LinkedHashMap<>();
		Matcher hidden = ORIGINAL.matcher(html);
		while (hidden.find()) {
			original.put(hidden.group(1), HtmlUtils.htmlUnescape(hidden.group(2)));
		}
		assertThat(original).containsKeys(FIELD, IdentityForm.UPDATED_AT);
		return original;
	}

	private static int save(MockMvc mvc, String id, Map<String, String> original, String value,
			RequestPostProcessor admin) throws Exception {
		MockHttpServletRequestBuilder request = post("/identities/" + id + "/edit").with(admin)
			.with(csrf())
			.param("schema", "default");
		original.forEach((name, loaded) -> {
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
				"--stackspin.audit.database-url=" + DATABASE, "--stackspin.audit.database-username=postgres");
	}

}

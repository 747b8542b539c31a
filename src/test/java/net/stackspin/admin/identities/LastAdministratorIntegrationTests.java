package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import net.stackspin.admin.AdminApplication;
import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.auth.AdminRole;

import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TestIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The last administrator cannot lock everyone out, also when changes race: two demotions
 * sent at once, a delete racing a demotion, and two replicas of the panel demoting at
 * once. Runs against a Kratos of its own, emptied before each test, so that "the last
 * administrator" is known: the shared one holds other tests' admins.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LastAdministratorIntegrationTests {

	private static final KratosServer OWN_KRATOS = KratosServer.startIsolated();

	@DynamicPropertySource
	static void kratosUrls(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", OWN_KRATOS::adminUrl);
		registry.add("stackspin.kratos.public-url", OWN_KRATOS::publicUrl);
	}

	@AfterAll
	static void stopKratos() {
		OWN_KRATOS.stop();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	@Autowired
	KratosSchemas schemas;

	@Autowired
	IdentityManagement management;

	@BeforeEach
	void noIdentities() {
		deleteEveryone();
	}

	/**
	 * Issue 24: {@code --grant-role} keeps the same rule as the panel: no demotion of the
	 * last active administrator (exit 3, nothing changed); a deactivated administrator
	 * does not count as another.
	 */
	@Test
	void grantRoleCommandNeverDemotesTheLastActiveAdministrator() {
		IdentitySummary only = TestIdentities.admin(this.kratos, "only-admin@example.org");
		TestIdentities.create(this.kratos, "sleeping-admin@example.org", IdentityState.INACTIVE, List.of("admin"));
		assertThat(grantRole("helpdesk", only.email())).isEqualTo(3);
		assertThat(this.kratos.adminRoles(only.id())).containsExactly("admin");
		assertThat(grantRole("admin", only.email())).as("keeping the role is no demotion").isZero();

		TestIdentities.create(this.kratos, "second-admin@example.org", IdentityState.ACTIVE, List.of("admin"));
		assertThat(grantRole("helpdesk", only.email())).isZero();
		assertThat(this.kratos.adminRoles(only.id())).containsExactly("helpdesk");
	}

	private static int grantRole(String role, String email) {
		return org.springframework.boot.SpringApplication.exit(net.stackspin.admin.AdminApplication.commandApplication()
			.run("--stackspin.kratos.admin-url=" + OWN_KRATOS.adminUrl(),
					"--stackspin.kratos.public-url=" + OWN_KRATOS.publicUrl(), "--grant-role=" + role,
					"--identity=" + email));
	}

	@Test
	void lastAdministratorCannotDemoteOrDeactivateThemselvesUntilThereIsAnother() throws Exception {
		IdentitySummary me = TestIdentities.admin(this.kratos, "only-admin@example.org");
		RequestPostProcessor asMe = SignedIn.admin(me.id(), me.email());
		String html = this.mvc.perform(edit(me, Map.of("role", ""), asMe))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"role-error\">You are the last active administrator");
		html = this.mvc.perform(edit(me, Map.of("state", "INACTIVE"), asMe))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"state-error\">You are the last active administrator");
		IdentityDetail unchanged = this.identities.detail(me.id());
		assertThat(unchanged.roles()).containsExactly("admin");
		assertThat(unchanged.state()).isEqualTo(IdentityState.ACTIVE);

		// an inactive administrator does not count
		TestIdentities.create(this.kratos, "inactive-admin@example.org", IdentityState.INACTIVE, List.of("admin"));
		this.mvc.perform(edit(me, Map.of("role", ""), asMe)).andExpect(status().isBadRequest());

		// neither do holders of the other panel roles, and helpdesk is no admin either
		TestIdentities.create(this.kratos, "helpdesk@example.org", IdentityState.ACTIVE, List.of("helpdesk"));
		TestIdentities.create(this.kratos, "viewer@example.org", IdentityState.ACTIVE, List.of("viewer"));
		this.mvc.perform(edit(me, Map.of("role", "helpdesk"), asMe)).andExpect(status().isBadRequest());
		assertThat(this.identities.detail(me.id()).roles()).containsExactly("admin");

		TestIdentities.admin(this.kratos, "second-admin@example.org");
		this.mvc.perform(edit(me, Map.of("role", ""), asMe)).andExpect(status().isFound());
		assertThat(this.identities.detail(me.id()).roles()).isEmpty();
	}

	@Test
	void demotingYourselfAndTheOtherAdministratorAtOnceNeverLeavesNone() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 20; round++) {
				deleteEveryone();
				IdentitySummary a = admin("race-a-" + round);
				IdentitySummary b = admin("race-b-" + round);
				RequestPostProcessor asA = SignedIn.admin(a.id(), a.email());
				MockHttpServletRequestBuilder demoteSelf = edit(a, Map.of(IdentityForm.ROLE, ""), asA);
				MockHttpServletRequestBuilder demoteOther = edit(b, Map.of(IdentityForm.ROLE, ""), asA);

				List<Integer> statuses = atOnce(pool,
						() -> this.mvc.perform(demoteSelf).andReturn().getResponse().getStatus(),
						() -> this.mvc.perform(demoteOther).andReturn().getResponse().getStatus());

				assertThat(activeAdministrators()).as("round %d, answers %s", round, statuses).isEqualTo(1);
				assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(302, 400);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void deletingAnAdministratorWhileTheyDemoteYouNeverLeavesNone() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 10; round++) {
				deleteEveryone();
				IdentitySummary a = admin("delete-a-" + round);
				IdentitySummary b = admin("delete-b-" + round);
				MockHttpServletRequestBuilder aDeletesB = post("/identities/" + b.id() + "/delete")
					.with(SignedIn.admin(a.id(), a.email()))
					.with(csrf());
				MockHttpServletRequestBuilder bDemotesA = edit(a, Map.of(IdentityForm.ROLE, ""),
						SignedIn.admin(b.id(), b.email()));

				List<Integer> statuses = atOnce(pool,
						() -> this.mvc.perform(aDeletesB).andReturn().getResponse().getStatus(),
						() -> this.mvc.perform(bDemotesA).andReturn().getResponse().getStatus());

				assertThat(activeAdministrators()).as("round %d, answers %s", round, statuses).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void lastAdministratorWhenDeletedThenRefused() throws Exception {
		IdentitySummary a = admin("delete-last-a");
		IdentitySummary b = admin("delete-last-b");
		this.kratos.deleteIdentity(a.id());
		// a is gone (e.g. another replica deleted it) but still signed in here
		this.mvc.perform(post("/identities/" + b.id() + "/delete").with(SignedIn.admin(a.id(), a.email())).with(csrf()))
			.andExpect(status().isFound());
		assertThat(this.identities.detail(b.id()).roles()).containsExactly("admin");
		assertThat(activeAdministrators()).isEqualTo(1);
	}

	/**
	 * Two replicas (this context and a second one sharing only Kratos) demote the two
	 * administrators at once: no lock is shared, so the check after the change must undo
	 * one of them.
	 */
	@Test
	void twoReplicasDemotingBothAdministratorsAtOnceNeverLeaveNone() throws Exception {
		ConfigurableApplicationContext replica = new SpringApplicationBuilder(AdminApplication.class).run(
				"--server.port=0", "--management.server.port=", "--stackspin.kratos.admin-url=" + OWN_KRATOS.adminUrl(),
				"--stackspin.kratos.public-url=" + OWN_KRATOS.publicUrl());
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			IdentityManagement other = replica.getBean(IdentityManagement.class);
			int undone = 0;
			for (int round = 0; round < 20; round++) {
				deleteEveryone();
				IdentitySummary a = admin("replicas-a-" + round);
				IdentitySummary b = admin("replicas-b-" + round);
				AdminPrincipal asA = new AdminPrincipal(a.id(), a.email(), a.email());
				AdminPrincipal asB = new AdminPrincipal(b.id(), b.email(), b.email());
				IdentityForm demoteA = demotion(a);
				IdentityForm demoteB = demotion(b);

				List<Object> outcomes = atOnce(pool, () -> this.management.update(a.id(), demoteA, fields(), asA),
						() -> other.update(b.id(), demoteB, fields(), asB));

				// both may be undone (each saw the other's demotion): never zero
				assertThat(activeAdministrators()).as("round %d, outcomes %s", round, outcomes)
					.isGreaterThanOrEqualTo(1);
				undone += (int) outcomes.stream().filter(IdentityManagement.Update.Undone.class::isInstance).count();
			}
			// not asserted: how often the two really overlapped depends on the machine
			System.out.println("Two replicas, 20 rounds: " + undone + " demotion(s) undone by the check after");
		}
		finally {
			pool.shutdownNow();
			replica.close();
		}
	}

	@SafeVarargs
	private static <T> List<T> atOnce(ExecutorService pool, Callable<? extends T>... work) throws Exception {
		CyclicBarrier start = new CyclicBarrier(work.length);
		List<Future<? extends T>> futures = new ArrayList<>();
		for (Callable<? extends T> each : work) {
			futures.add(pool.submit(() -> {
				start.await();
				return each.call();
			}));
		}
		List<T> results = new ArrayList<>();
		for (Future<? extends T> future : futures) {
			results.add(future.get());
		}
		return results;
	}

	private IdentitySummary admin(String prefix) {
		return this.kratos.createIdentity(new NewIdentity(null, Map.of("email", prefix + "@example.org"),
				IdentityState.ACTIVE, List.of(AdminRole.KRATOS_ROLE)));
	}

	private long activeAdministrators() {
		return this.kratos.listIdentities(250, null)
			.identities()
			.stream()
			.map((identity) -> this.identities.detail(identity.id()))
			.filter((identity) -> identity.state() == IdentityState.ACTIVE && identity.hasRole(AdminRole.KRATOS_ROLE))
			.count();
	}

	private void deleteEveryone() {
		IdentityPage page = this.kratos.listIdentities(250, null);
		while (!page.identities().isEmpty()) {
			page.identities().forEach((identity) -> this.kratos.deleteIdentity(identity.id()));
			page = this.kratos.listIdentities(250, null);
		}
	}

	private List<SchemaField> fields() {
		return IdentitySchemaForm.fields(this.schemas.schema("default"));
	}

	/**
	 * The edit form of {@code user} as loaded now, with the administrator box unticked.
	 */
	private IdentityForm demotion(IdentitySummary user) {
		IdentityDetail loaded = this.identities.detail(user.id());
		List<SchemaField> leaves = SchemaField.leaves(fields());
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		IdentityForm.of(loaded, leaves).original().forEach((name, value) -> {
			params.add(name, name.equals(IdentityForm.ROLE) ? "" : value);
			params.add(IdentityForm.ORIGINAL + name, value);
		});
		return IdentityForm.read(loaded.summary().schemaId(), params, leaves, true);
	}

	private MockHttpServletRequestBuilder edit(IdentitySummary user, Map<String, String> changes,
			RequestPostProcessor who) {
		IdentityDetail loaded = this.identities.detail(user.id());
		List<SchemaField> leaves = SchemaField.leaves(IdentitySchemaForm.fields(this.schemas.schema("default")));
		MockHttpServletRequestBuilder request = post("/identities/" + user.id() + "/edit").with(who).with(csrf());
		request.param("schema", loaded.summary().schemaId());
		IdentityForm.of(loaded, leaves).original().forEach((name, value) -> {
			request.param(name, changes.getOrDefault(name, value));
			request.param(IdentityForm.ORIGINAL + name, value);
		});
		return request;
	}

}

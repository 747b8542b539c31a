package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.Collections;
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

import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * No lost update: eight administrators load the edit form and save the same field, in a
 * loop, through the panel against the real Kratos. Every save reported as saved must have
 * been based on the value that was current: no two saves may start from the same loaded
 * value (each writes a value nobody else writes).
 */
@SpringBootTest
@AutoConfigureMockMvc
class ConcurrentEditsIntegrationTests extends KratosIntegrationTest {

	private static final Pattern ORIGINAL = Pattern
		.compile("<input type=\"hidden\" name=\"original\\.([^\"]+)\" value=\"([^\"]*)\">");

	private static final String FIELD = "traits.name.first";

	private static final int WRITERS = 8;

	private static final int SAVES_PER_WRITER = 15;

	@Autowired
	MockMvc mvc;

	@Autowired
	KratosAdminClient kratos;

	@Autowired
	KratosIdentities identities;

	/**
	 * One save the panel reported as saved: what its form was loaded with, what it wrote.
	 */
	record Saved(String loaded, String written) {
	}

	@Test
	void eightAdministratorsSavingTheSameFieldLoseNoUpdate() throws Exception {
		IdentitySummary user = this.kratos.createIdentity(new NewIdentity(null,
				Map.of("email", uniqueEmail("contended"), "name", Map.of("first", "Seed", "last", "Person")),
				IdentityState.ACTIVE, List.of()));
		List<Saved> saved = Collections.synchronizedList(new ArrayList<>());
		List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
		CyclicBarrier start = new CyclicBarrier(WRITERS);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < WRITERS; w++) {
				RequestPostProcessor admin = SignedIn.admin("00000000-0000-4000-8000-0000000000a" + w,
						"writer-" + w + "@example.org");
				String prefix = "W" + w + "n";
				writers.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < SAVES_PER_WRITER; i++) {
						Map<String, String> original = loadEditForm(user.id(), admin);
						String written = prefix + i;
						int status = save(user.id(), original, written, admin).getStatus();
						answers.add(status);
						if (status == 302) {
							saved.add(new Saved(original.get(FIELD), written));
						}
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

		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy((s) -> s, LinkedHashMap::new, Collectors.counting()));
		assertThat(byStatus.keySet()).as("only saved (302) or conflict (409): %s", byStatus).containsOnly(302, 409);
		long lost = saved.size() - saved.stream().map(Saved::loaded).distinct().count();
		System.out.printf("%d writers x %d saves of one field: %s, %d saved, %d lost updates%n", WRITERS,
				SAVES_PER_WRITER, byStatus, saved.size(), lost);
		assertThat(lost).as("saves based on a value another save had already replaced").isZero();
		assertThat(saved).isNotEmpty();
		// the saves form one chain from the seed to what Kratos has now
		Set<String> written = saved.stream().map(Saved::written).collect(Collectors.toSet());
		assertThat(saved).allSatisfy((s) -> assertThat(s.loaded()).isIn(concat(written, "Seed")));
		Object now = ((Map<?, ?>) this.identities.detail(user.id()).traits().get("name")).get("first");
		assertThat(written).contains((String) now);
	}

	private Map<String, String> loadEditForm(String id, RequestPostProcessor admin) throws Exception {
		String html = this.mvc.perform(get("/identities/" + id + "/edit").with(admin))
			.andExpect(status().isOk())
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

	private MockHttpServletResponse save(String id, Map<String, String> original, String value,
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
		return this.mvc.perform(request).andReturn().getResponse();
	}

	private static Set<String> concat(Set<String> values, String more) {
		Set<String> all = new java.util.HashSet<>(values);
		all.add(more);
		return all;
	}

}

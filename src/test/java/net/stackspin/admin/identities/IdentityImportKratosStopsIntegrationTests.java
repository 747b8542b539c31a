package net.stackspin.admin.identities;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The import with batches in flight when Kratos stops answering: the run stops with the
 * failure, what was reported is in line order and true, no thread of the import is left
 * running, and the same file run again afterwards completes it (not a subclass of
 * KratosIntegrationTest, whose Kratos URLs would win over the proxy's).
 */
@SpringBootTest(properties = { "stackspin.kratos.read-timeout=5s", "stackspin.import.batch-size=100",
		"stackspin.import.parallel-batches=2" })
class IdentityImportKratosStopsIntegrationTests {

	static final KratosServer KRATOS = KratosServer.shared();

	static final TcpProxy ADMIN = new TcpProxy(KRATOS.adminUrl());

	@DynamicPropertySource
	static void throughTheProxy(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", ADMIN::url);
		registry.add("stackspin.kratos.public-url", KRATOS::publicUrl);
	}

	@AfterAll
	static void closeProxy() {
		ADMIN.close();
	}

	@Autowired
	IdentityImport importer;

	@Autowired
	KratosAdminClient kratos;

	@Test
	void kratosStoppingWithBatchesInFlightStopsTheRunWithTrueResultsAndNoThreadLeft() throws Exception {
		String prefix = "import-stops-" + UUID.randomUUID().toString().substring(0, 8);
		StringBuilder csv = new StringBuilder("email\n");
		for (int i = 0; i < 500; i++) {
			csv.append(prefix).append('-').append(i).append("@example.org\n");
		}
		byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
		List<IdentityImport.RowResult> reported = new CopyOnWriteArrayList<>();
		List<String> reporters = new CopyOnWriteArrayList<>();
		List<String> caller = new CopyOnWriteArrayList<>();
		IdentityImport.Listener stopsAfterTheFirstBatch = new IdentityImport.Listener() {

			@Override
			public void row(IdentityImport.RowResult result) {
				reported.add(result);
				reporters.add(Thread.currentThread().getName());
			}

			@Override
			public void batchDone(IdentityImport.Totals soFar) {
				ADMIN.stop();
			}

		};
		try {
			assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
				caller.add(Thread.currentThread().getName());
				assertThatThrownBy(() -> this.importer.run(() -> new ByteArrayInputStream(file),
						IdentityImport.Mode.COMMIT, false, null, stopsAfterTheFirstBatch))
					.isInstanceOf(KratosException.class);
			});
		}
		finally {
			ADMIN.start();
		}
		assertThat(reported).hasSizeGreaterThanOrEqualTo(100).hasSizeLessThan(500);
		List<Integer> lines = reported.stream().map(IdentityImport.RowResult::line).toList();
		assertThat(lines).as("in line order, each once").isSorted().doesNotHaveDuplicates();
		assertThat(lines.subList(0, 100)).as("the first batch whole").isEqualTo(range(2, 101));
		for (IdentityImport.RowResult row : reported) {
			assertThat(row.outcome()).isEqualTo(IdentityImport.Outcome.CREATED);
			assertThat(this.kratos.findByIdentifier(row.identifier()).orElseThrow().id()).isEqualTo(row.id());
		}
		assertThat(reporters).as("the listener hears from one thread only").containsOnly(caller.get(0));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (importThreads() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(importThreads()).as("no thread of the import left").isZero();

		List<IdentityImport.RowResult> again = new ArrayList<>();
		IdentityImport.Totals totals = this.importer.run(() -> new ByteArrayInputStream(file),
				IdentityImport.Mode.COMMIT, false, null, again::add);
		assertThat(totals.count(IdentityImport.Outcome.FAILED)).isZero();
		assertThat(totals.count(IdentityImport.Outcome.CREATED) + totals.count(IdentityImport.Outcome.SKIP))
			.isEqualTo(500);
		assertThat(totals.count(IdentityImport.Outcome.SKIP)).isGreaterThanOrEqualTo(reported.size());
		assertThat(again.stream().map(IdentityImport.RowResult::line).toList()).isEqualTo(range(2, 501));
	}

	private static List<Integer> range(int from, int to) {
		return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
	}

	private static long importThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("import-"))
			.count();
	}

}

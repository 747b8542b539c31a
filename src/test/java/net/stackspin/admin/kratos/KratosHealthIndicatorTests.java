package net.stackspin.admin.kratos;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.stackspin.admin.testing.KratosServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The readiness check primed at start-up, against the real Kratos: the first probe is
 * answered from the check already made; a "not ready" from priming is not kept, so a
 * Kratos that comes up meanwhile is seen by the first probe.
 */
class KratosHealthIndicatorTests {

	static final KratosServer KRATOS = KratosServer.shared();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void thePrimedCheckAnswersTheFirstProbe() {
		try (KratosHealthIndicator indicator = indicator(KRATOS.adminUrl())) {
			indicator.prime();
			await().atMost(Duration.ofSeconds(10)).until(() -> healthChecks() == 1);

			assertThat(indicator.health(false).getStatus()).isEqualTo(Status.UP);
			assertThat(healthChecks()).as("answered from the primed check").isEqualTo(1);
		}
	}

	@Test
	void aPrimedNotReadyIsNotKeptSoTheFirstProbeAsksAgain() {
		try (KratosHealthIndicator indicator = indicator("http://127.0.0.1:" + KratosServer.freePort())) {
			indicator.prime();
			await().atMost(Duration.ofSeconds(10)).until(() -> healthChecks() == 1);

			assertThat(indicator.health(false).getStatus()).isEqualTo(Status.DOWN);
			assertThat(healthChecks()).as("asked again").isEqualTo(2);
			assertThat(indicator.health(false).getStatus()).isEqualTo(Status.DOWN);
			assertThat(healthChecks()).as("a probe's own answer is kept for a while").isEqualTo(2);
		}
	}

	private KratosHealthIndicator indicator(String adminUrl) {
		KratosProperties properties = new KratosProperties(URI.create(adminUrl), URI.create(KRATOS.publicUrl()),
				Duration.ofSeconds(2), Duration.ofSeconds(10));
		KratosAdminClient kratos = new KratosAdminClient(new KratosClients(properties), this.meters);
		return new KratosHealthIndicator(kratos, Clock.systemUTC());
	}

	private long healthChecks() {
		return this.meters.find("stackspin.kratos.requests")
			.tag("operation", "health_ready")
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

}

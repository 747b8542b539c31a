package net.stackspin.admin.audit;

import java.time.Duration;

import net.stackspin.admin.system.DeploymentProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which deployments the start-up warning is for: several replicas without the lock a
 * PostgreSQL audit database shares (starting real replicas: StatelessReplicasTests warns,
 * TwoReplicasOneStoreTests does not).
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedLockCheckTests {

	@Test
	void oneReplicaNeedsNoSharedLock(CapturedOutput output) {
		assertThat(check(1, null).warnIfUnshared()).isFalse();
		assertThat(check(1, "jdbc:h2:file:./audit").warnIfUnshared()).isFalse();
		assertThat(output.getAll()).doesNotContain("replicas");
	}

	@Test
	void severalReplicasWithPostgresShareItsLock(CapturedOutput output) {
		assertThat(check(3, "jdbc:postgresql://pg:5432/admin").warnIfUnshared()).isFalse();
		assertThat(output.getAll()).doesNotContain("replicas");
	}

	@Test
	void severalReplicasWithoutADatabaseOrWithTheirOwnH2AreWarnedAbout(CapturedOutput output) {
		assertThat(check(2, null).warnIfUnshared()).isTrue();
		assertThat(output.getAll()).contains("WARN")
			.contains("one of 2 replicas (stackspin.deployment.replicas) without a lock they share")
			.contains("is no audit database, not PostgreSQL")
			.contains("updates are lost");
		assertThat(check(4, "jdbc:h2:file:./audit").warnIfUnshared()).isTrue();
		assertThat(output.getAll()).contains("one of 4 replicas")
			.contains("an H2 database, which is each replica's own");
	}

	@Test
	void replicasBelowOneAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DeploymentProperties(0))
			.withMessage("stackspin.deployment.replicas must be at least 1, but was 0");
	}

	private static SharedLockCheck check(int replicas, String databaseUrl) {
		return new SharedLockCheck(new DeploymentProperties(replicas), new AuditStoreProperties(databaseUrl, null, null,
				Duration.ofSeconds(2), Duration.ofDays(400), "0 17 3 * * *"));
	}

}

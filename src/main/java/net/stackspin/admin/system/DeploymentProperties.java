package net.stackspin.admin.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static net.stackspin.admin.system.SettingChecks.requireAtLeast;

/**
 * How the panel is deployed, as far as it cannot see it itself.
 *
 * @param replicas how many replicas of the panel run side by side (the Helm chart passes
 * its {@code replicaCount}); above 1 without a PostgreSQL audit database, which holds the
 * lock the replicas share, the panel warns at start that saves can be lost
 */
@ConfigurationProperties("stackspin.deployment")
public record DeploymentProperties(@DefaultValue("1") int replicas) {

	public DeploymentProperties {
		requireAtLeast("stackspin.deployment.replicas", replicas, 1);
	}

}

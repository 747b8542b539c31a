package net.stackspin.admin.identities;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import static net.stackspin.admin.system.SettingChecks.requireAtLeast;
import static net.stackspin.admin.system.SettingChecks.requireBetween;
import static net.stackspin.admin.system.SettingChecks.requireSet;

/**
 * Importing users from CSV or JSON Lines ({@code /identities/import},
 * {@code --import=FILE}).
 *
 * @param maxFileSize the largest file accepted; a larger one is refused with a message
 * before anything is checked
 * @param maxRows the most rows one file may hold
 * @param batchSize identities per batch request to Kratos (at most 1,000: v26.2.0's
 * limit; v1.3.1 took 2,000)
 * @param lookupParallelism how many "is this identifier taken?" lookups run at once
 * @param invitationsPerSecond how many welcome e-mails an import sends per second at most
 * @param parallelBatches how many batch requests an import has in flight at once while it
 * checks the next rows (Kratos's own work per identity dominates; two keep it busy)
 */
@ConfigurationProperties("stackspin.import")
public record ImportProperties(@DefaultValue("10MB") DataSize maxFileSize, @DefaultValue("20000") int maxRows,
		@DefaultValue("250") int batchSize, @DefaultValue("8") int lookupParallelism,
		@DefaultValue("5") int invitationsPerSecond, @DefaultValue("2") int parallelBatches) {

	public ImportProperties {
		requireSet("stackspin.import.max-file-size", maxFileSize);
		requireAtLeast("stackspin.import.max-rows", maxRows, 1);
		requireBetween("stackspin.import.batch-size", batchSize, 1,
				net.stackspin.admin.kratos.KratosIdentities.MAX_BATCH);
		requireBetween("stackspin.import.lookup-parallelism", lookupParallelism, 1, 64);
		requireBetween("stackspin.import.invitations-per-second", invitationsPerSecond, 1, 100);
		requireBetween("stackspin.import.parallel-batches", parallelBatches, 1, 8);
	}

}

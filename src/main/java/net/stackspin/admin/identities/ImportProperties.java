package net.stackspin.admin.identities;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Importing users from CSV or JSON Lines ({@code /identities/import},
 * {@code --import=FILE}).
 *
 * @param maxFileSize the largest file accepted; a larger one is refused with a message
 * before anything is checked
 * @param maxRows the most rows one file may hold
 * @param batchSize identities per batch request to Kratos (at most 2,000, Kratos's limit)
 * @param lookupParallelism how many "is this identifier taken?" lookups run at once
 * @param invitationsPerSecond how many welcome e-mails an import sends per second at most
 * @param parallelBatches how many batch requests an import has in flight at once while it
 * checks the next rows (Kratos's own work per identity dominates; two keep it busy)
 */
@Validated
@ConfigurationProperties("stackspin.import")
public record ImportProperties(@DefaultValue("10MB") @NotNull DataSize maxFileSize,
		@DefaultValue("20000") @Min(1) int maxRows, @DefaultValue("250") @Min(1) @Max(2000) int batchSize,
		@DefaultValue("8") @Min(1) @Max(64) int lookupParallelism,
		@DefaultValue("5") @Min(1) @Max(100) int invitationsPerSecond,
		@DefaultValue("2") @Min(1) @Max(8) int parallelBatches) {

}

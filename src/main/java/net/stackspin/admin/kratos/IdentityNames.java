package net.stackspin.admin.kratos;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Names identities the same way on every page, e-mail and message
 * ({@link SchemaNames#label(IdentitySummary)}), from the identity schemas Kratos serves.
 * Schemas are read once a minute at most, so a list page stays one Kratos call; a schema
 * Kratos does not serve (any more) names its identities from their traits alone.
 */
public class IdentityNames {

	/** How long a schema's naming is reused: a changed schema shows within this. */
	static final Duration FRESH_FOR = Duration.ofSeconds(60);

	/**
	 * How long "Kratos did not say" is reused: briefly, so a slow or absent public API
	 * costs one attempt per few seconds, not one per page.
	 */
	static final Duration UNKNOWN_FOR = Duration.ofSeconds(5);

	private final KratosSchemas schemas;

	private final Cache<String, SchemaNames> bySchema = Caffeine.newBuilder()
		.maximumSize(256)
		.expireAfter(
				Expiry.<String, SchemaNames>creating((schemaId, naming) -> naming.known() ? FRESH_FOR : UNKNOWN_FOR))
		.build();

	IdentityNames(KratosSchemas schemas) {
		this.schemas = schemas;
	}

	/**
	 * The naming of this schema. Never fails: when Kratos does not answer or has no such
	 * schema, names come from the traits alone.
	 */
	public SchemaNames of(String schemaId) {
		String id = (schemaId == null || schemaId.isBlank()) ? KratosAdminClient.DEFAULT_SCHEMA_ID : schemaId;
		SchemaNames cached = this.bySchema.getIfPresent(id);
		if (cached != null) {
			return cached;
		}
		SchemaNames read;
		try {
			read = SchemaNames.of(id, this.schemas.schema(id));
		}
		catch (KratosException ex) {
			read = SchemaNames.unknown(id);
		}
		this.bySchema.put(id, read);
		return read;
	}

	/** The label of this identity (see {@link SchemaNames#label(IdentitySummary)}). */
	public String label(IdentitySummary identity) {
		return of(identity.schemaId()).label(identity);
	}

}

package net.stackspin.admin.kratos;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.IdentitySchemaContainer;

/**
 * The identity schemas Kratos serves on its public API ({@code /schemas}), as plain maps,
 * lists, strings, numbers and booleans. A schema read is reused for
 * {@link KratosProperties#schemaCacheTtl()} (Kratos serves schemas that change only when
 * it is redeployed), so a detail or form page costs no schema call of its own; a failed
 * read is not kept.
 */
public class KratosSchemas {

	private final IdentityApi publicApi;

	private final KratosCalls calls;

	/** The schemas read, by id; {@code null} when they are read every time. */
	private final Cache<String, Map<String, Object>> byId;

	KratosSchemas(KratosClients clients, MeterRegistry meters, Duration cacheTtl) {
		// The schemas live on the public API; the admin port only redirects there.
		this.publicApi = new IdentityApi(clients.pub());
		this.calls = new KratosCalls(meters);
		this.byId = cacheTtl.isZero() ? null
				: Caffeine.newBuilder().maximumSize(256).expireAfterWrite(cacheTtl).build();
	}

	/**
	 * The JSON Schema with this id (e.g. {@code default}), read-only, at most the cache's
	 * time old; {@link KratosRequestRejectedException} with 404 if Kratos has none.
	 */
	public Map<String, Object> schema(String id) {
		if (this.byId == null) {
			return read(id);
		}
		Map<String, Object> known = this.byId.getIfPresent(id);
		if (known != null) {
			return known;
		}
		// not Cache.get(id, loader): a slow Kratos must not hold a lock other ids wait
		// on;
		// two pages that miss at once each read it, which is harmless
		Map<String, Object> read = read(id);
		this.byId.put(id, read);
		return read;
	}

	private Map<String, Object> read(String id) {
		Object schema = this.calls.run("get_identity_schema", () -> this.publicApi.getIdentitySchema(id));
		return Collections.unmodifiableMap(asMap(schema));
	}

	/** The ids of all configured identity schemas. */
	public List<String> schemaIds() {
		List<IdentitySchemaContainer> schemas = this.calls.run("list_identity_schemas",
				() -> this.publicApi.listIdentitySchemas(null, null, 250L, null));
		return schemas.stream().map(IdentitySchemaContainer::getId).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		if (value instanceof Map<?, ?> map) {
			return new LinkedHashMap<>((Map<String, Object>) map);
		}
		throw new KratosIncompatibleResponseException("Kratos served an identity schema that is not a JSON object",
				null);
	}

}

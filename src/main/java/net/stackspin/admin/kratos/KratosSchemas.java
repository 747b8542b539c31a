package net.stackspin.admin.kratos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.IdentitySchemaContainer;

/**
 * The identity schemas Kratos serves on its public API ({@code /schemas}), as plain maps,
 * lists, strings, numbers and booleans.
 */
public class KratosSchemas {

	private final IdentityApi publicApi;

	private final KratosCalls calls;

	KratosSchemas(KratosClients clients, MeterRegistry meters) {
		// The schemas live on the public API; the admin port only redirects there.
		this.publicApi = new IdentityApi(clients.pub());
		this.calls = new KratosCalls(meters);
	}

	/**
	 * The JSON Schema with this id (e.g. {@code default});
	 * {@link KratosRequestRejectedException} with 404 if Kratos has none.
	 */
	public Map<String, Object> schema(String id) {
		Object schema = this.calls.run("get_identity_schema", () -> this.publicApi.getIdentitySchema(id));
		return asMap(schema);
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

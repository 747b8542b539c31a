package net.stackspin.admin.identities;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.KratosUnavailableException;

import org.springframework.stereotype.Component;

/**
 * The form fields of each identity schema, from the schema as {@link KratosSchemas}
 * serves it (reused for {@code stackspin.kratos.schema-cache-ttl}, so a changed schema
 * shows within that time). The fields are worked out once per schema read, not per page.
 * The last fields read are also what a form submitted while Kratos is down is shown again
 * with.
 */
@Component
class SchemaFieldsCache {

	private final KratosSchemas schemas;

	/** The last schema read for each id, with its fields: one entry, so they match. */
	private final Map<String, Read> lastRead = new ConcurrentHashMap<>();

	private record Read(Map<String, Object> schema, List<SchemaField> fields) {
	}

	SchemaFieldsCache(KratosSchemas schemas) {
		this.schemas = schemas;
	}

	List<SchemaField> fields(String schemaId) {
		try {
			Map<String, Object> schema = this.schemas.schema(schemaId);
			Read known = this.lastRead.get(schemaId);
			if (known != null && known.schema() == schema) {
				// the same schema read as last time (the cache's): the same fields
				return known.fields();
			}
			List<SchemaField> fields = List.copyOf(IdentitySchemaForm.fields(schema));
			this.lastRead.put(schemaId, new Read(schema, fields));
			return fields;
		}
		catch (KratosUnavailableException ex) {
			Read known = this.lastRead.get(schemaId);
			if (known == null) {
				throw ex;
			}
			return known.fields();
		}
	}

	/**
	 * The identity schema itself, as last read for {@link #fields} (read now if it never
	 * was), for validating traits against it.
	 */
	Map<String, Object> schema(String schemaId) {
		Read known = this.lastRead.get(schemaId);
		if (known != null) {
			return known.schema();
		}
		fields(schemaId);
		return this.lastRead.get(schemaId).schema();
	}

}

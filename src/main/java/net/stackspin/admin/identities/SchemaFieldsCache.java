package net.stackspin.admin.identities;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.KratosUnavailableException;

import org.springframework.stereotype.Component;

/**
 * The form fields of each identity schema, read from Kratos on every form so a changed
 * schema shows at once. The last fields read are kept only so that a form submitted while
 * Kratos is down can still be shown again with what the admin typed.
 */
@Component
class SchemaFieldsCache {

	private final KratosSchemas schemas;

	private final Map<String, List<SchemaField>> lastRead = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Object>> lastSchema = new ConcurrentHashMap<>();

	SchemaFieldsCache(KratosSchemas schemas) {
		this.schemas = schemas;
	}

	List<SchemaField> fields(String schemaId) {
		try {
			Map<String, Object> schema = this.schemas.schema(schemaId);
			List<SchemaField> fields = IdentitySchemaForm.fields(schema);
			this.lastSchema.put(schemaId, schema);
			this.lastRead.put(schemaId, fields);
			return fields;
		}
		catch (KratosUnavailableException ex) {
			List<SchemaField> known = this.lastRead.get(schemaId);
			if (known == null) {
				throw ex;
			}
			return known;
		}
	}

	/**
	 * The identity schema itself, as last read for {@link #fields} (read now if it never
	 * was), for validating traits against it.
	 */
	Map<String, Object> schema(String schemaId) {
		Map<String, Object> known = this.lastSchema.get(schemaId);
		if (known != null) {
			return known;
		}
		fields(schemaId);
		return this.lastSchema.get(schemaId);
	}

}

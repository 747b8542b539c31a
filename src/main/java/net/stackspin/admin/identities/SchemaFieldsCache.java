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

	SchemaFieldsCache(KratosSchemas schemas) {
		this.schemas = schemas;
	}

	List<SchemaField> fields(String schemaId) {
		try {
			List<SchemaField> fields = IdentitySchemaForm.fields(this.schemas.schema(schemaId));
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

}

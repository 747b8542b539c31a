package net.stackspin.admin.identities;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosRequestRejectedException;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.SchemaNames;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * Pages through every identity (Kratos's keyset paging) and checks each against its
 * schema with the same validator as the forms. Holds one page and the schemas at a time,
 * so memory stays flat however many identities there are.
 */
@Service
class SchemaDriftScan {

	static final int PAGE_SIZE = 250;

	private final KratosAdminClient kratos;

	private final KratosSchemas schemas;

	private final MessageSource messages;

	SchemaDriftScan(KratosAdminClient kratos, KratosSchemas schemas, MessageSource messages) {
		this.kratos = kratos;
		this.schemas = schemas;
		this.messages = messages;
	}

	/**
	 * An identity whose traits do not fit its schema.
	 *
	 * @param id the identity's id
	 * @param label how the report names it: the panel's one naming rule
	 * ({@link SchemaNames#label(IdentitySummary)})
	 * @param schemaId its schema
	 * @param field the trait path of the first problem, or empty when it concerns the
	 * identity as a whole
	 * @param problem the first problem, in words
	 */
	record Drifted(String id, String label, String schemaId, String field, String problem) {
	}

	/** The totals of a finished scan. */
	record Totals(long checked, long drifted) {
	}

	/**
	 * Checks every identity, telling {@code each} about every drifted one as soon as its
	 * page is checked and {@code pageDone} after each page (for flushing).
	 */
	Totals scan(Locale locale, Consumer<Drifted> each, Runnable pageDone) {
		Map<String, Schema> known = new HashMap<>();
		long checked = 0;
		long drifted = 0;
		String token = null;
		do {
			IdentityPage page = this.kratos.listIdentities(PAGE_SIZE, token);
			for (IdentitySummary identity : page.identities()) {
				checked++;
				Drifted found = check(identity, known.computeIfAbsent(identity.schemaId(), this::schema), locale);
				if (found != null) {
					drifted++;
					each.accept(found);
				}
			}
			pageDone.run();
			token = page.nextPageToken().orElse(null);
		}
		while (token != null);
		return new Totals(checked, drifted);
	}

	/**
	 * A schema as the scan needs it; {@code raw} null when Kratos does not serve it. Its
	 * naming comes from the same read, so the report costs no extra schema call.
	 */
	private record Schema(Map<String, Object> raw, List<SchemaField> fields, SchemaNames names) {
	}

	private Schema schema(String schemaId) {
		try {
			Map<String, Object> raw = this.schemas.schema(schemaId);
			return new Schema(raw, IdentitySchemaForm.fields(raw), SchemaNames.of(schemaId, raw));
		}
		catch (KratosRequestRejectedException ex) {
			if (ex.getStatus() == 404 || ex.getStatus() == 400) {
				return new Schema(null, List.of(), SchemaNames.unknown(schemaId));
			}
			throw ex;
		}
	}

	private Drifted check(IdentitySummary identity, Schema schema, Locale locale) {
		String label = schema.names().label(identity);
		if (schema.raw() == null) {
			return new Drifted(identity.id(), label, identity.schemaId(), "",
					this.messages.getMessage("identity.drift.noSchema", new Object[] { identity.schemaId() }, locale));
		}
		Map<String, Problem> problems = TraitValues.validate(schema.raw(), TraitJson.tree(identity.traits()),
				schema.fields());
		if (problems.isEmpty()) {
			return null;
		}
		Map.Entry<String, Problem> first = problems.entrySet().iterator().next();
		String field = first.getKey().startsWith("traits.") ? first.getKey().substring("traits.".length()) : "";
		String text = this.messages.getMessage(first.getValue().code(), first.getValue().arguments(), locale);
		return new Drifted(identity.id(), label, identity.schemaId(), field, text);
	}

}

package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.auth.AdminRole;
import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosRequestRejectedException;
import net.stackspin.admin.kratos.NewIdentity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Creates, edits and deletes identities for an administrator: checks the form against the
 * schema, protects the last administrator and the admin's own account, detects concurrent
 * edits, and records every action in the audit trail.
 */
@Service
class IdentityManagement {

	/**
	 * Kratos names the offending trait as a JSON pointer, e.g. {@code #/traits/email}.
	 */
	private static final Pattern TRAIT_POINTER = Pattern.compile("#/traits/([A-Za-z0-9_./-]+)");

	private final KratosAdminClient kratos;

	private final KratosIdentities identities;

	private final AuditTrail audit;

	private final SchemaFieldsCache schemas;

	private final IdentityNames names;

	private final IdentityLocks locks;

	IdentityManagement(KratosAdminClient kratos, KratosIdentities identities, AuditTrail audit,
			SchemaFieldsCache schemas, IdentityNames names, IdentityLocks locks) {
		this.schemas = schemas;
		this.kratos = kratos;
		this.identities = identities;
		this.audit = audit;
		this.names = names;
		this.locks = locks;
	}

	/**
	 * Creates the identity the form describes, or records the problems in the form.
	 * @return the new identity, empty if the form has problems
	 */
	Optional<IdentitySummary> create(IdentityForm form, List<SchemaField> fields, AdminPrincipal admin) {
		List<SchemaField> leaves = SchemaField.leaves(fields);
		ObjectNode traits = checkedTraits(form, fields);
		if (form.hasProblems()) {
			return Optional.empty();
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> plainTraits = (Map<String, Object>) TraitJson.plain(traits);
		NewIdentity identity = new NewIdentity(form.getSchemaId(), plainTraits, form.state(),
				form.role().map((role) -> List.of(role.kratosName())).orElse(List.of()));
		try {
			IdentitySummary created = this.kratos.createIdentity(identity);
			created(form, leaves, identity).target(created.id(), this.names.label(created)).record();
			return Optional.of(created);
		}
		catch (KratosRequestRejectedException ex) {
			// no target label: it would be the (personal) identifier that was refused
			created(form, leaves, identity).outcome(ex.isConflict() ? "conflict" : "rejected").record();
			if (ex.isConflict()) {
				TakenIdentifiers.reject(form, leaves, this.names.of(identity.schemaId()),
						(leaf) -> TakenIdentifiers.at(identity.traits(), leaf), null, this.kratos);
				return Optional.empty();
			}
			rejectFromKratos(form, leaves, ex);
			return Optional.empty();
		}
	}

	/**
	 * The event of a create: the names of the traits given, the state and the role (by
	 * value).
	 */
	private AuditTrail.Event created(IdentityForm form, List<SchemaField> leaves, NewIdentity identity) {
		List<String> fieldNames = new ArrayList<>();
		leaves.stream()
			.filter((leaf) -> TakenIdentifiers.at(identity.traits(), leaf) != null)
			.forEach((leaf) -> fieldNames.add(leaf.path()));
		fieldNames.add(IdentityForm.STATE);
		fieldNames.add(IdentityForm.ROLE);
		return this.audit.event("identity.create")
			.changed(fieldNames)
			.value(IdentityForm.STATE, form.state().name().toLowerCase(Locale.ROOT))
			.value(IdentityForm.ROLE, form.role().map(PanelRole::kratosName).orElse(IdentityEdits.NO_ROLE));
	}

	/** The event of an edit of {@code current}: the fields it changes (or tried to). */
	private AuditTrail.Event updated(IdentityDetail current, IdentityEdits.Plan plan, String outcome) {
		AuditTrail.Event event = this.audit.event("identity.update")
			.target(current.id(), this.names.label(current.summary()))
			.changed(plan.changedFields())
			.outcome(outcome);
		plan.values().forEach(event::value);
		return event;
	}

	private AuditTrail.Event deleted(String id, String label, String outcome) {
		return this.audit.event("identity.delete").target(id, label).outcome(outcome);
	}

	/** The outcome of saving the edit form. */
	sealed interface Update {

		/**
		 * Saved (or nothing to save); {@code changed} counts the fields sent;
		 * {@code merged} says someone else had saved other fields meanwhile, which were
		 * kept.
		 */
		record Saved(IdentityDetail identity, int changed, boolean merged) implements Update {
		}

		/** The form has problems at its fields; nothing was written. */
		record Invalid() implements Update {
		}

		/** Someone else changed the same fields; nothing was written. */
		record Conflicted(IdentityDetail current, List<IdentityEdits.Conflict> conflicts) implements Update {
		}

		/**
		 * The save took away the last active administrator at the same moment as another
		 * change, and was undone; the form says so at the field.
		 */
		record Undone() implements Update {
		}

	}

	/**
	 * The traits the form stands for, with every problem of typing and of the schema put
	 * at its field.
	 */
	private ObjectNode checkedTraits(IdentityForm form, List<SchemaField> fields) {
		Map<String, Problem> problems = new LinkedHashMap<>();
		ObjectNode traits = TraitValues.traits(form.values(), form.asJson(), fields, problems);
		form.rejectAll(problems);
		form.rejectAll(TraitValues.validate(this.schemas.schema(form.getSchemaId()), traits, fields));
		return traits;
	}

	/**
	 * Marks the traits of a freshly loaded edit form that the schema no longer accepts
	 * (drift), with the schema's message, so the admin can fix them in place.
	 */
	void checkStored(IdentityForm form, IdentityDetail identity, List<SchemaField> fields) {
		form.rejectAll(TraitValues.validate(this.schemas.schema(form.getSchemaId()), TraitJson.tree(identity.traits()),
				fields));
		if (form.hasProblems()) {
			form.markStoredProblems();
		}
	}

	/**
	 * Saves the edit form: re-reads the identity, compares it with what the form was
	 * loaded with and patches only the changed fields, all while no other save of this
	 * identity runs in this panel (Kratos has no compare-and-set: without the lock, two
	 * saves that both re-read the same value would both be "saved", the second silently
	 * replacing the first).
	 */
	Update update(String id, IdentityForm form, List<SchemaField> fields, AdminPrincipal admin) {
		checkedTraits(form, fields);
		try {
			Object metadata = IdentityForm.jsonValue(form.value(IdentityForm.METADATA_PUBLIC));
			if (metadata != null && !(metadata instanceof Map<?, ?>)) {
				form.reject(IdentityForm.METADATA_PUBLIC, Problem.of("identity.error.metadataObject"));
			}
		}
		catch (JacksonException ex) {
			form.reject(IdentityForm.METADATA_PUBLIC, Problem.of("identity.error.json"));
		}
		if (form.hasProblems()) {
			return new Update.Invalid();
		}
		return this.locks.withIdentity(id, () -> compareAndPatch(id, form, fields, admin));
	}

	private Update compareAndPatch(String id, IdentityForm form, List<SchemaField> fields, AdminPrincipal admin) {
		List<SchemaField> leaves = SchemaField.leaves(fields);
		IdentityDetail current = this.identities.detail(id);
		IdentityEdits.Plan plan = IdentityEdits.plan(current, fields, form);
		if (plan.hasConflicts()) {
			updated(current, plan, "conflict").record();
			return new Update.Conflicted(current, plan.conflicts());
		}
		if (plan.changes().isEmpty()) {
			return new Update.Saved(current, 0, false);
		}
		if (plan.removesAnAdministrator(current)) {
			return this.locks
				.withAdministrators(() -> patchRemovingAnAdministrator(current, plan, form, leaves, admin));
		}
		return patch(current, plan, form, leaves, admin);
	}

	/**
	 * A save that takes away an active administrator's role or active state: refused if
	 * no other active administrator exists; checked again after the patch, and undone if
	 * a change elsewhere (another replica, Kratos directly) left no active administrator
	 * meanwhile.
	 */
	private Update patchRemovingAnAdministrator(IdentityDetail current, IdentityEdits.Plan plan, IdentityForm form,
			List<SchemaField> leaves, AdminPrincipal admin) {
		String field = plan.deactivates() ? IdentityForm.STATE : IdentityForm.ROLE;
		if (!this.identities.anotherActiveHolderOf(AdminRole.KRATOS_ROLE, current.id())) {
			form.reject(field,
					Problem.of(admin.is(current.id()) ? "identity.error.lastAdmin" : "identity.error.lastAdminOther"));
			updated(current, plan, "refused").record();
			return new Update.Invalid();
		}
		Update outcome = patch(current, plan, form, leaves, admin);
		if (outcome instanceof Update.Saved saved && !this.identities.anyActiveHolderOf(AdminRole.KRATOS_ROLE)) {
			this.identities.patch(current.id(), IdentityEdits.restoreAdministrator(saved.identity()));
			form.reject(field, Problem.of("identity.error.lastAdminRace"));
			updated(current, plan, "undone").record();
			return new Update.Undone();
		}
		return outcome;
	}

	private Update patch(IdentityDetail current, IdentityEdits.Plan plan, IdentityForm form, List<SchemaField> leaves,
			AdminPrincipal admin) {
		try {
			IdentityDetail saved = this.identities.patch(current.id(), plan.changes());
			updated(current, plan, "success").record();
			return new Update.Saved(saved, plan.changes().size(), plan.changedMeanwhile());
		}
		catch (KratosRequestRejectedException ex) {
			updated(current, plan, ex.isConflict() ? "conflict" : "rejected").record();
			if (ex.isConflict()) {
				TakenIdentifiers.reject(form, leaves, this.names.of(current.summary().schemaId()),
						(leaf) -> TakenIdentifiers.changed(plan.changes(), leaf), current.id(), this.kratos);
				return new Update.Invalid();
			}
			rejectFromKratos(form, leaves, ex);
			return new Update.Invalid();
		}
	}

	/** The outcome of a delete. */
	enum Deletion {

		DELETED, ALREADY_GONE, REFUSED_SELF, REFUSED_LAST_ADMIN

	}

	/**
	 * Deletes an identity. An active administrator is first demoted and the panel checks
	 * that an active administrator remains (else the role is given back and the delete
	 * refused), so that a delete racing with another demotion cannot leave none.
	 */
	Deletion delete(String id, AdminPrincipal admin) {
		if (admin.is(id)) {
			deleted(id, admin.label(), "refused").record();
			return Deletion.REFUSED_SELF;
		}
		return this.locks.withIdentity(id, () -> {
			IdentityDetail target;
			try {
				target = this.identities.detail(id);
			}
			catch (IdentityNotFoundException ex) {
				deleted(id, null, "gone").record();
				return Deletion.ALREADY_GONE;
			}
			if (target.hasRole(AdminRole.KRATOS_ROLE) && target.state() == IdentityState.ACTIVE) {
				return this.locks.withAdministrators(() -> deleteAdministrator(target, admin));
			}
			return deleteNow(id, this.names.label(target.summary()));
		});
	}

	private Deletion deleteAdministrator(IdentityDetail target, AdminPrincipal admin) {
		if (!this.identities.anotherActiveHolderOf(AdminRole.KRATOS_ROLE, target.id())) {
			deleted(target.id(), this.names.label(target.summary()), "refused").record();
			return Deletion.REFUSED_LAST_ADMIN;
		}
		IdentityDetail demoted = this.identities.patch(target.id(), IdentityEdits.removeAdministrator(target));
		if (!this.identities.anyActiveHolderOf(AdminRole.KRATOS_ROLE)) {
			this.identities.patch(target.id(), IdentityEdits.restoreAdministrator(demoted));
			deleted(target.id(), this.names.label(target.summary()), "undone").record();
			return Deletion.REFUSED_LAST_ADMIN;
		}
		return deleteNow(target.id(), this.names.label(target.summary()));
	}

	private Deletion deleteNow(String id, String label) {
		boolean deleted = this.kratos.deleteIdentity(id);
		deleted(id, label, deleted ? "success" : "gone").record();
		return deleted ? Deletion.DELETED : Deletion.ALREADY_GONE;
	}

	/** The outcome of activating or deactivating one identity (bulk actions). */
	enum StateChange {

		CHANGED, UNCHANGED, ALREADY_GONE, REFUSED_SELF, REFUSED_LAST_ADMIN

	}

	/**
	 * Activates or deactivates an identity, under the same protections as the edit form:
	 * never the administrator's own account, and an active administrator only while
	 * another one remains (checked again after the change and undone if a change
	 * elsewhere left none). The caller records the audit event.
	 */
	StateChange changeState(String id, IdentityState state, AdminPrincipal admin) {
		if (admin.is(id)) {
			return StateChange.REFUSED_SELF;
		}
		return this.locks.withIdentity(id, () -> {
			IdentityDetail target;
			try {
				target = this.identities.detail(id);
			}
			catch (IdentityNotFoundException ex) {
				return StateChange.ALREADY_GONE;
			}
			if (target.state() == state) {
				return StateChange.UNCHANGED;
			}
			List<IdentityChange> patch = List
				.of(IdentityChange.replace("/state", state.name().toLowerCase(java.util.Locale.ROOT)));
			if (state == IdentityState.INACTIVE && target.hasRole(AdminRole.KRATOS_ROLE)) {
				return this.locks.withAdministrators(() -> {
					if (!this.identities.anotherActiveHolderOf(AdminRole.KRATOS_ROLE, target.id())) {
						return StateChange.REFUSED_LAST_ADMIN;
					}
					IdentityDetail saved = patchState(target.id(), patch);
					if (saved == null) {
						return StateChange.ALREADY_GONE;
					}
					if (!this.identities.anyActiveHolderOf(AdminRole.KRATOS_ROLE)) {
						this.identities.patch(target.id(), IdentityEdits.restoreAdministrator(saved));
						return StateChange.REFUSED_LAST_ADMIN;
					}
					return StateChange.CHANGED;
				});
			}
			return (patchState(target.id(), patch) != null) ? StateChange.CHANGED : StateChange.ALREADY_GONE;
		});
	}

	/** The patched identity, or null when it was deleted meanwhile. */
	private IdentityDetail patchState(String id, List<IdentityChange> patch) {
		try {
			return this.identities.patch(id, patch);
		}
		catch (IdentityNotFoundException ex) {
			return null;
		}
	}

	/**
	 * Puts Kratos's refusal at the field it concerns: a schema violation at the trait
	 * Kratos names, anything else above the form. (A duplicate identifier: see
	 * {@link TakenIdentifiers}.)
	 */
	private static void rejectFromKratos(IdentityForm form, List<SchemaField> leaves,
			KratosRequestRejectedException ex) {
		Matcher pointer = TRAIT_POINTER.matcher(ex.getReason());
		if (pointer.find()) {
			String name = "traits." + pointer.group(1).replace('/', '.');
			if (leaves.stream().anyMatch((leaf) -> leaf.name().equals(name))) {
				form.reject(name, Problem.of("identity.error.kratos", ex.getReason()));
				return;
			}
		}
		form.reject(IdentityForm.FORM, Problem.of("identity.error.kratos", ex.getReason()));
	}

}

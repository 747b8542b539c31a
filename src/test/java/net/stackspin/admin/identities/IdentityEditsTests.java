package net.stackspin.admin.identities;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/** How an edit is turned into a JSON Patch or a conflict. Pure logic, no Kratos. */
class IdentityEditsTests {

	private static final List<SchemaField> FIELDS = fields();

	private static final List<SchemaField> LEAVES = SchemaField.leaves(FIELDS);

	@Test
	void onlyChangedFieldsArePatched() {
		IdentityDetail loaded = identity(Map.of("email", "a@example.org", "name", Map.of("first", "Ada")), List.of());
		IdentityEdits.Plan plan = IdentityEdits.plan(loaded, FIELDS,
				submit(loaded, Map.of("traits.name.first", "Augusta", "traits.name.last", "King")));
		assertThat(plan.conflicts()).isEmpty();
		// one add per top-level trait, built on what Kratos holds now
		assertThat(plan.changes())
			.containsExactly(IdentityChange.add("/traits/name", Map.of("first", "Augusta", "last", "King")));
	}

	@Test
	void emptiedFieldIsRemovedAndStateAndRoleAreReplaced() {
		IdentityDetail loaded = identity(Map.of("email", "a@example.org", "name", Map.of("first", "Ada")),
				List.of("admin"));
		IdentityEdits.Plan plan = IdentityEdits.plan(loaded, FIELDS,
				submit(loaded, Map.of("traits.name.first", "", "state", "INACTIVE", "role", "")));
		// the optional name object left empty goes, rather than staying as {}
		assertThat(plan.changes()).containsExactly(IdentityChange.remove("/traits/name"),
				IdentityChange.replace("/state", "inactive"), IdentityChange.add("/metadata_admin/roles", List.of()));
		assertThat(plan.deactivates()).isTrue();
		assertThat(plan.removesAdmin()).isTrue();
	}

	@Test
	void sameFieldChangedMeanwhileIsAConflictAndNothingIsPatched() {
		IdentityDetail loaded = identity(Map.of("email", "a@example.org", "name", Map.of("first", "Ada")), List.of());
		IdentityForm form = submit(loaded, Map.of("traits.name.first", "Mine", "traits.email", "b@example.org"));
		IdentityDetail now = identity(Map.of("email", "a@example.org", "name", Map.of("first", "Theirs")), List.of());
		IdentityEdits.Plan plan = IdentityEdits.plan(now, FIELDS, form);
		assertThat(plan.conflicts())
			.containsExactly(new IdentityEdits.Conflict("traits.name.first", "First name", "Ada", "Theirs", "Mine"));
		assertThat(plan.changes()).isEmpty();
	}

	@Test
	void differentFieldChangedMeanwhileIsMerged() {
		IdentityDetail loaded = identity(Map.of("email", "a@example.org", "name", Map.of("first", "Ada")), List.of());
		IdentityForm form = submit(loaded, Map.of("traits.name.first", "Mine"));
		IdentityDetail now = identity(
				Map.of("email", "a@example.org", "name", Map.of("first", "Ada", "last", "Theirs")), List.of());
		IdentityEdits.Plan plan = IdentityEdits.plan(now, FIELDS, form);
		assertThat(plan.conflicts()).isEmpty();
		assertThat(plan.changes())
			.containsExactly(IdentityChange.add("/traits/name", Map.of("first", "Mine", "last", "Theirs")));
	}

	@Test
	void nestedValueIsSetWhenItsObjectIsMissing() {
		IdentityDetail loaded = identity(Map.of("email", "a@example.org"), List.of());
		IdentityEdits.Plan plan = IdentityEdits.plan(loaded, FIELDS,
				submit(loaded, Map.of("traits.name.last", "  King  ")));
		assertThat(plan.changes()).containsExactly(IdentityChange.add("/traits/name", Map.of("last", "King")));
	}

	@Test
	void updatedAtFromTheFormTellsWhetherSomeoneElseSavedMeanwhile() {
		IdentityDetail loaded = identity(Map.of("email", "a@example.org", "name", Map.of("first", "Ada")), List.of());
		LinkedMultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		IdentityForm.of(loaded, LEAVES).original().forEach((name, value) -> {
			params.add(name, name.equals("traits.name.first") ? "Mine" : value);
			params.add(IdentityForm.ORIGINAL + name, value);
		});
		IdentityForm form = IdentityForm.read("default", params, LEAVES, true);
		assertThat(form.loadedUpdatedAt()).contains(Instant.EPOCH);

		assertThat(IdentityEdits.plan(loaded, FIELDS, form).changedMeanwhile()).isFalse();
		IdentityDetail savedByOthers = identity(Map.of("email", "a@example.org", "name", Map.of("first", "Ada")),
				List.of(), Instant.EPOCH.plusMillis(1));
		IdentityEdits.Plan plan = IdentityEdits.plan(savedByOthers, FIELDS, form);
		assertThat(plan.changedMeanwhile()).isTrue();
		assertThat(plan.changes()).containsExactly(IdentityChange.add("/traits/name", Map.of("first", "Mine")));
	}

	@Test
	void removingAnAdministratorIsRecognisedAndCanBeUndone() {
		IdentityDetail admin = identity(Map.of("email", "a@example.org"), List.of("admin"));
		IdentityEdits.Plan demotion = IdentityEdits.plan(admin, LEAVES, submit(admin, Map.of(IdentityForm.ROLE, "")));
		assertThat(demotion.removesAnAdministrator(admin)).isTrue();
		IdentityEdits.Plan rename = IdentityEdits.plan(admin, LEAVES,
				submit(admin, Map.of("traits.email", "b@example.org")));
		assertThat(rename.removesAnAdministrator(admin)).isFalse();
		IdentityDetail user = identity(Map.of("email", "u@example.org"), List.of());
		assertThat(IdentityEdits.plan(user, LEAVES, submit(user, Map.of("state", "INACTIVE")))
			.removesAnAdministrator(user)).isFalse();

		IdentityDetail demoted = identity(Map.of("email", "a@example.org"), List.of());
		assertThat(IdentityEdits.restoreAdministrator(demoted))
			.containsExactly(IdentityChange.add("/metadata_admin", Map.of("roles", List.of("admin"))));
		assertThat(IdentityEdits.restoreAdministrator(admin)).isEmpty();
	}

	@Test
	void jsonPointerKeysAreEscaped() {
		assertThat(IdentityEdits.escape("a/b~c")).isEqualTo("a~1b~0c");
	}

	private static IdentityForm submit(IdentityDetail loaded, Map<String, String> changes) {
		LinkedMultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		IdentityForm.valuesOf(loaded, LEAVES).forEach((name, value) -> {
			params.add(name, changes.getOrDefault(name, value));
			params.add(IdentityForm.ORIGINAL + name, value);
		});
		return IdentityForm.read("default", params, LEAVES, true);
	}

	private static IdentityDetail identity(Map<String, Object> traits, List<String> roles) {
		return identity(traits, roles, Instant.EPOCH);
	}

	private static IdentityDetail identity(Map<String, Object> traits, List<String> roles, Instant updatedAt) {
		IdentitySummary summary = new IdentitySummary("6f1f6a40-0d8c-4d55-9c3e-111111111111", "default", traits,
				IdentityState.ACTIVE, false, Instant.EPOCH, updatedAt);
		return new IdentityDetail(summary, null, List.of(), List.of(), List.of(), null,
				roles.isEmpty() ? null : Map.of("roles", roles), roles);
	}

	private static List<SchemaField> fields() {
		try {
			return IdentitySchemaForm.fields(IdentitySchemaFormTests.schema("kratos/identity.schema.json"));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

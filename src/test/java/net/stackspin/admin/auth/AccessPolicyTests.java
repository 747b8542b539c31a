package net.stackspin.admin.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The access table's own rules: what each role holds, the order the matcher needs, and
 * that {@code docs/access.md} is the table as it is now.
 */
class AccessPolicyTests {

	static final Path DOC = Path.of("docs/access.md");

	@Test
	void docsAccessMdIsTheTableRendered() throws IOException {
		String expected = AccessPolicy.markdown();
		String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
		if (!actual.equals(expected)) {
			fail("docs/access.md differs from AccessPolicy; replace its text with:\n\n" + expected);
		}
	}

	@Test
	void rolesHoldTheirPermissions() {
		assertThat(PanelRole.VIEWER.permissions()).containsExactly(PanelPermission.VIEW_USERS);
		assertThat(PanelRole.HELPDESK.permissions()).containsExactlyInAnyOrder(PanelPermission.VIEW_USERS,
				PanelPermission.HELP_USERS);
		assertThat(PanelRole.ADMIN.permissions()).containsExactlyInAnyOrder(PanelPermission.values());
	}

	@Test
	void theMostPowerfulPanelRoleCountsAndOtherRolesAreIgnored() {
		assertThat(PanelRole.highestOf(List.of("viewer", "billing", "admin", "helpdesk"))).contains(PanelRole.ADMIN);
		assertThat(PanelRole.highestOf(List.of("helpdesk", "viewer"))).contains(PanelRole.HELPDESK);
		assertThat(PanelRole.highestOf(List.of("billing", "Admin", "ADMIN"))).isEmpty();
		assertThat(PanelRole.of("")).isEmpty();
	}

	@Test
	void administratorsActOnAnyoneOthersOnlyOnWeakerRoles() {
		for (PanelRole target : PanelRole.values()) {
			assertThat(PanelRole.ADMIN.mayActOn(Optional.of(target))).as(target.name()).isTrue();
		}
		assertThat(PanelRole.ADMIN.mayActOn(Optional.empty())).isTrue();
		assertThat(PanelRole.HELPDESK.mayActOn(Optional.empty())).isTrue();
		assertThat(PanelRole.HELPDESK.mayActOn(Optional.of(PanelRole.VIEWER))).isTrue();
		assertThat(PanelRole.HELPDESK.mayActOn(Optional.of(PanelRole.HELPDESK))).isFalse();
		assertThat(PanelRole.HELPDESK.mayActOn(Optional.of(PanelRole.ADMIN))).isFalse();
		assertThat(PanelRole.VIEWER.mayActOn(Optional.of(PanelRole.VIEWER))).isFalse();
	}

	@Test
	void literalPathsAreMatchedBeforeTheVariablesThatWouldSwallowThem() {
		List<String> order = AccessPolicy.mostSpecificFirst()
			.stream()
			.filter((rule) -> rule.method() == HttpMethod.GET)
			.map(AccessPolicy.Rule::pattern)
			.toList();
		assertThat(order.indexOf("/identities/new")).isLessThan(order.indexOf("/identities/{id}"));
		assertThat(order.indexOf("/identities/drift")).isLessThan(order.indexOf("/identities/{id}"));
		assertThat(order)
			.hasSameSizeAs(AccessPolicy.RULES.stream().filter((rule) -> rule.method() == HttpMethod.GET).toList());
	}

	@Test
	void eachRouteAppearsOnce() {
		assertThat(AccessPolicy.RULES.stream().map(AccessPolicy.Rule::toString)).doesNotHaveDuplicates();
	}

}

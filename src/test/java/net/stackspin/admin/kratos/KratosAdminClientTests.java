package net.stackspin.admin.kratos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import net.stackspin.admin.testing.KratosIntegrationTest;
import net.stackspin.admin.testing.KratosServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter against the real Kratos of this test JVM (v1.3.1, or v26.2.0 in CI's second
 * run).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class KratosAdminClientTests extends KratosIntegrationTest {

	@Autowired
	KratosAdminClient kratos;

	@Test
	void versionWhenServerIsTheTestKratosThenItsVersion() {
		assertThat(this.kratos.version()).isEqualTo(KratosServer.VERSION);
		assertThat(this.kratos.isReady()).isTrue();
	}

	@Test
	void listIdentitiesWhenWalkingSmallPagesThenEveryIdentityAppearsExactlyOnce() {
		Set<String> created = new HashSet<>();
		for (int i = 0; i < 7; i++) {
			created.add(create(uniqueEmail("paging"), "Page", "Walker " + i).id());
		}
		List<String> seen = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			IdentityPage page = this.kratos.listIdentities(3, token);
			assertThat(page.identities()).hasSizeLessThanOrEqualTo(3);
			page.identities().forEach((identity) -> seen.add(identity.id()));
			token = page.nextPageToken().orElse(null);
			pages++;
		}
		while (token != null && pages < 10_000);
		assertThat(pages).isGreaterThanOrEqualTo(3);
		assertThat(seen).doesNotHaveDuplicates().containsAll(created);
	}

	@Test
	void listIdentitiesWhenPageIsTheLastThenNoNextToken() {
		create(uniqueEmail("last"), "Last", "Page");
		// the shared Kratos may hold any number of identities (other tests add hundreds):
		// follow the pages to the end, which must come with a page that offers no next
		// one
		IdentityPage page = this.kratos.listIdentities(KratosAdminClient.MAX_PAGE_SIZE, null);
		int pages = 1;
		while (page.hasNext() && pages < 1_000) {
			page = this.kratos.listIdentities(KratosAdminClient.MAX_PAGE_SIZE, page.nextPageToken().orElseThrow());
			pages++;
		}
		assertThat(page.identities()).isNotEmpty();
		assertThat(page.hasNext()).as("after %d pages", pages).isFalse();
		assertThat(page.nextPageToken()).isEmpty();
	}

	@Test
	void getIdentityWhenExistsThenTraitsStateAndTimes() {
		String email = uniqueEmail("get");
		IdentitySummary created = create(email, "Ada", "Lovelace");
		IdentitySummary found = this.kratos.getIdentity(created.id());
		assertThat(found.id()).isEqualTo(created.id());
		assertThat(found.email()).isEqualTo(email);
		assertThat(found.displayName()).isEqualTo("Ada Lovelace");
		assertThat(found.state()).isEqualTo(IdentityState.ACTIVE);
		assertThat(found.verified()).isFalse();
		assertThat(found.schemaId()).isEqualTo("default");
		assertThat(found.createdAt()).isNotNull();
	}

	@Test
	void getIdentityWhenUnknownThenNotFound() {
		String id = UUID.randomUUID().toString();
		assertThatThrownBy(() -> this.kratos.getIdentity(id)).isInstanceOf(IdentityNotFoundException.class)
			.hasMessageContaining(id);
	}

	@Test
	void getIdentityWhenIdIsNoUuidThenNotFoundWithoutAskingKratos() {
		assertThatThrownBy(() -> this.kratos.getIdentity("../../admin/identities"))
			.isInstanceOf(IdentityNotFoundException.class);
	}

	@Test
	void createIdentityWhenEmailTakenThenRejectedAsConflict() {
		String email = uniqueEmail("dup");
		create(email, "First", "One");
		assertThatThrownBy(() -> create(email, "Second", "One"))
			.isInstanceOfSatisfying(KratosRequestRejectedException.class, (ex) -> assertThat(ex.isConflict()).isTrue());
	}

	@Test
	void createIdentityWhenTraitsViolateSchemaThenRejectedWithReason() {
		assertThatThrownBy(() -> this.kratos.createIdentity(NewIdentity.withTraits(Map.of("email", "not-an-email"))))
			.isInstanceOfSatisfying(KratosRequestRejectedException.class, (ex) -> {
				assertThat(ex.getStatus()).isEqualTo(400);
				assertThat(ex.getReason()).isNotBlank();
			});
	}

	@Test
	void createIdentityWhenAdminRoleAndInactiveThenKeptByKratos() {
		IdentitySummary created = this.kratos.createIdentity(new NewIdentity(null,
				Map.of("email", uniqueEmail("inactive-admin")), IdentityState.INACTIVE, List.of("admin")));
		assertThat(this.kratos.getIdentity(created.id()).state()).isEqualTo(IdentityState.INACTIVE);
	}

	@Test
	void deleteIdentityWhenDeletedTwiceThenSecondReportsAlreadyGone() {
		IdentitySummary created = create(uniqueEmail("delete"), "Gone", "Soon");
		assertThat(this.kratos.deleteIdentity(created.id())).isTrue();
		assertThat(this.kratos.deleteIdentity(created.id())).isFalse();
		assertThatThrownBy(() -> this.kratos.getIdentity(created.id())).isInstanceOf(IdentityNotFoundException.class);
	}

	@Test
	void nextPageTokenWhenNoLinkHeaderThenEmpty() {
		assertThat(KratosAdminClient.nextPageToken(Map.of())).isEqualTo(Optional.empty());
	}

	private IdentitySummary create(String email, String first, String last) {
		return this.kratos.createIdentity(
				NewIdentity.withTraits(Map.of("email", email, "name", Map.of("first", first, "last", last))));
	}

}

package net.stackspin.admin.identities;

import java.util.Map;

import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.KratosUnavailableException;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.testing.AdminWebMvcTest;
import net.stackspin.admin.testing.SignedIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import net.stackspin.admin.onboarding.InvitationService;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The form and detail pages' web layer, with the Kratos adapter (our own types) mocked
 * for the failures a real Kratos cannot be made to produce on cue.
 */
@AdminWebMvcTest({ IdentityFormController.class, IdentityDetailController.class })
@Import({ IdentityManagement.class, IdentityLocks.class, SchemaFieldsCache.class, AuditTrail.class })
class IdentityFormControllerTests {

	private static final Map<String, Object> SCHEMA = Map.of("properties",
			Map.of("traits", Map.of("type", "object", "required", java.util.List.of("email"), "properties",
					Map.of("email", Map.of("type", "string", "format", "email", "title", "E-mail")))));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	KratosAdminClient kratos;

	@MockitoBean
	KratosIdentities identities;

	@MockitoBean
	KratosSchemas schemas;

	@MockitoBean
	InvitationService invitations;

	@Test
	void createWhenKratosGoesDownThen503AndTheFormKeepsWhatWasTyped() throws Exception {
		given(this.schemas.schemaIds()).willReturn(java.util.List.of("default"));
		given(this.schemas.schema("default")).willReturn(SCHEMA);
		given(this.invitations.canSendMail()).willReturn(true);
		given(this.kratos.createIdentity(any(NewIdentity.class)))
			.willThrow(new KratosUnavailableException("down", new RuntimeException()));
		this.mvc.perform(get("/identities/new").with(SignedIn.admin())).andExpect(status().isOk());
		given(this.schemas.schema("default")).willThrow(new KratosUnavailableException("down", new RuntimeException()));
		this.mvc
			.perform(post("/identities/new").param("traits.email", "typed@example.org")
				.param("sendWelcome", "true")
				.with(SignedIn.admin())
				.with(csrf()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("value=\"typed@example.org\"")))
			.andExpect(content().string(containsString("nothing was saved")))
			.andExpect(
					content().string(containsString("id=\"sendWelcome\" name=\"sendWelcome\" value=\"true\" checked")));
	}

	@Test
	void newFormWhenKratosDownAndNoSchemaKnownThen503Page() throws Exception {
		given(this.schemas.schemaIds()).willThrow(new KratosUnavailableException("down", new RuntimeException()));
		given(this.schemas.schema("other"))
			.willThrow(new KratosUnavailableException("http://secret:4434", new RuntimeException()));
		this.mvc.perform(get("/identities/new").param("schema", "other").with(SignedIn.admin()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(not(containsString("secret"))));
	}

	@Test
	void deleteWhenIdIsNotAUuidThen404AndNothingDeleted() throws Exception {
		this.mvc.perform(post("/identities/nope/delete").with(SignedIn.admin()).with(csrf()))
			.andExpect(status().isNotFound());
		then(this.kratos).should(never()).deleteIdentity(any());
	}

	@Test
	void detailWhenUnknownThen404Page() throws Exception {
		given(this.identities.detail("6f1f6a40-0d8c-4d55-9c3e-111111111111"))
			.willThrow(new IdentityNotFoundException("6f1f6a40-0d8c-4d55-9c3e-111111111111"));
		this.mvc.perform(get("/identities/6f1f6a40-0d8c-4d55-9c3e-111111111111").with(SignedIn.admin()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("User not found")));
	}

}

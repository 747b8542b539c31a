package net.stackspin.admin.identities;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.KratosUnavailableException;

import net.stackspin.admin.onboarding.Invitation;
import net.stackspin.admin.onboarding.InvitationService;
import net.stackspin.admin.onboarding.OneTimeSecret;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The create and edit forms, generated from the identity schema Kratos serves. A form
 * that fails, including because Kratos is down, comes back with everything typed.
 */
@Controller
class IdentityFormController {

	private final IdentityManagement management;

	private final SchemaFieldsCache schemaFields;

	private final KratosIdentities identities;

	private final KratosSchemas schemas;

	private final MessageSource messages;

	private final InvitationService invitations;

	private final IdentityNames names;

	private final KratosAdminClient kratosAdmin;

	IdentityFormController(IdentityManagement management, SchemaFieldsCache schemaFields, KratosIdentities identities,
			KratosSchemas schemas, MessageSource messages, InvitationService invitations, IdentityNames names,
			KratosAdminClient kratosAdmin) {
		this.invitations = invitations;
		this.names = names;
		this.kratosAdmin = kratosAdmin;
		this.schemas = schemas;
		this.management = management;
		this.schemaFields = schemaFields;
		this.identities = identities;
		this.messages = messages;
	}

	@GetMapping("/identities/new")
	String newIdentity(@RequestParam(name = "schema", defaultValue = KratosAdminClient.DEFAULT_SCHEMA_ID) String schema,
			Model model) {
		List<String> served = requireServed(schema);
		List<SchemaField> fields = this.schemaFields.fields(schema);
		return createForm(model, served, fields, IdentityForm.blank(schema, SchemaField.leaves(fields)));
	}

	/**
	 * A schema Kratos does not serve is a 404 naming it, before anything is asked about
	 * it: Kratos would also accept a base64 form of a served id, and a hostile id must
	 * not reach its URL.
	 */
	private List<String> requireServed(String schema) {
		List<String> served;
		try {
			served = this.schemas.schemaIds();
		}
		catch (KratosUnavailableException ex) {
			// the form may still come from the last schema read (SchemaFieldsCache)
			return List.of(schema);
		}
		if (!served.contains(schema)) {
			throw new UnknownSchemaException(schema, served);
		}
		return served;
	}

	/** A schema id that Kratos does not serve, and the ones it does. */
	static final class UnknownSchemaException extends RuntimeException {

		private final String schemaId;

		private final List<String> served;

		UnknownSchemaException(String schemaId, List<String> served) {
			super("no identity schema with this id");
			this.schemaId = schemaId;
			this.served = List.copyOf(served);
		}

	}

	@ExceptionHandler(UnknownSchemaException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String unknownSchema(UnknownSchemaException ex, Model model) {
		String id = ex.schemaId;
		// shown escaped, but a page need not repeat a megabyte of query string
		model.addAttribute("schemaId", (id.length() > 100) ? id.substring(0, 100) + "…" : id);
		model.addAttribute("schemaIds", ex.served);
		return "identities/unknown-schema";
	}

	@PostMapping("/identities/new")
	String create(@RequestParam MultiValueMap<String, String> params, @AuthenticationPrincipal AdminPrincipal admin,
			Model model, RedirectAttributes redirect, HttpServletResponse response) {
		String schema = params.getFirst("schema");
		schema = (schema == null || schema.isBlank()) ? KratosAdminClient.DEFAULT_SCHEMA_ID : schema;
		List<String> served = requireServed(schema);
		List<SchemaField> fields = this.schemaFields.fields(schema);
		IdentityForm form = IdentityForm.read(schema, params, SchemaField.leaves(fields), false);
		try {
			var created = this.management.create(form, fields, admin);
			if (created.isPresent()) {
				IdentitySummary identity = created.get();
				redirect.addFlashAttribute("message", text("identity.flash.created", this.names.label(identity)));
				return welcome(identity, form, redirect);
			}
		}
		catch (KratosUnavailableException ex) {
			form.reject(IdentityForm.FORM, Problem.of("identity.error.unavailable"));
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		}
		return createForm(model, served, fields, form);
	}

	/**
	 * The welcome e-mail the admin asked for. Without SMTP nothing is sent: the message
	 * offers the invitation link on the Access &amp; recovery tab, where it is shown
	 * once. The user exists either way: a failed invitation is reported, never undone.
	 */
	private String welcome(IdentitySummary identity, IdentityForm form, RedirectAttributes redirect) {
		if (identity.email() == null || identity.email().isBlank()) {
			return "redirect:/identities/" + identity.id();
		}
		String label = this.names.label(identity);
		if (!this.invitations.canSendMail()) {
			redirect.addFlashAttribute("message", text("identity.flash.createdNoSmtp", label));
			return "redirect:/identities/" + identity.id();
		}
		if (!form.isSendWelcome()) {
			return "redirect:/identities/" + identity.id();
		}
		Invitation invitation;
		try {
			invitation = this.invitations.invite(identity.id());
		}
		catch (KratosException ex) {
			redirect.addFlashAttribute("error", text("identity.flash.invitationFailed"));
			return "redirect:/identities/" + identity.id();
		}
		if (invitation.mailed()) {
			redirect.addFlashAttribute("message", text("identity.flash.createdAndInvited", label));
			return "redirect:/identities/" + identity.id();
		}
		// SMTP failed: the link was made but not sent; show it once, to hand over
		redirect.addFlashAttribute("secret", OneTimeSecret.of(invitation));
		redirect.addFlashAttribute("error", text("identity.flash.invitationNotMailed", invitation.mailProblem()));
		return "redirect:/identities/" + identity.id() + "/access";
	}

	@GetMapping("/identities/{id}/edit")
	String edit(@PathVariable String id, Model model) {
		IdentityDetail identity = this.identities.detail(id);
		List<SchemaField> fields = this.schemaFields.fields(identity.summary().schemaId());
		IdentityForm form = IdentityForm.of(identity, SchemaField.leaves(fields));
		this.management.checkStored(form, identity, fields);
		return editForm(model, identity, fields, form);
	}

	@PostMapping("/identities/{id}/edit")
	String update(@PathVariable String id, @RequestParam MultiValueMap<String, String> params,
			@AuthenticationPrincipal AdminPrincipal admin, Model model, RedirectAttributes redirect,
			HttpServletResponse response) {
		String uuid = IdentityDetailController.validUuid(id);
		// the schema of the identity Kratos holds, never the posted one: a hand-made
		// request must not write traits of another schema
		String schema;
		try {
			schema = this.kratosAdmin.getIdentity(uuid).schemaId();
		}
		catch (KratosUnavailableException ex) {
			// nothing can be written now; the posted schema only shows the input again
			String posted = params.getFirst("schema");
			posted = (posted == null || posted.isBlank()) ? KratosAdminClient.DEFAULT_SCHEMA_ID : posted;
			List<SchemaField> fields = this.schemaFields.fields(posted);
			IdentityForm form = IdentityForm.read(posted, params, SchemaField.leaves(fields), true);
			form.reject(IdentityForm.FORM, Problem.of("identity.error.unavailable"));
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			return editForm(model, null, fields, form, uuid);
		}
		List<SchemaField> fields = this.schemaFields.fields(schema);
		IdentityForm form = IdentityForm.read(schema, params, SchemaField.leaves(fields), true);
		IdentityManagement.Update outcome;
		try {
			outcome = this.management.update(uuid, form, fields, admin);
		}
		catch (KratosUnavailableException ex) {
			form.reject(IdentityForm.FORM, Problem.of("identity.error.unavailable"));
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			return editForm(model, null, fields, form, uuid);
		}
		if (outcome instanceof IdentityManagement.Update.Saved saved) {
			String message = (saved.changed() == 0) ? "identity.unchanged"
					: saved.merged() ? "identity.savedMerged" : "identity.saved";
			redirect.addFlashAttribute("message", text(message, saved.changed()));
			return "redirect:/identities/" + uuid;
		}
		if (outcome instanceof IdentityManagement.Update.Undone) {
			response.setStatus(HttpServletResponse.SC_CONFLICT);
			return editForm(model, null, fields, form, uuid);
		}
		if (outcome instanceof IdentityManagement.Update.Conflicted conflicted) {
			response.setStatus(HttpServletResponse.SC_CONFLICT);
			model.addAttribute("identity", conflicted.current());
			model.addAttribute("conflicts", conflicted.conflicts());
			return "identities/conflict";
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		return editForm(model, null, fields, form, uuid);
	}

	/**
	 * @param served the schemas to choose from (only the current one when Kratos cannot
	 * say)
	 */
	private String createForm(Model model, List<String> served, List<SchemaField> fields, IdentityForm form) {
		model.addAttribute("schemaIds", served);
		model.addAttribute("fields", fields);
		model.addAttribute("form", form);
		model.addAttribute("edit", false);
		model.addAttribute("canSendMail", this.invitations.canSendMail());
		model.addAttribute("action", "/identities/new");
		return "identities/form";
	}

	private String editForm(Model model, IdentityDetail identity, List<SchemaField> fields, IdentityForm form) {
		return editForm(model, identity, fields, form, identity.id());
	}

	private String editForm(Model model, IdentityDetail identity, List<SchemaField> fields, IdentityForm form,
			String id) {
		model.addAttribute("fields", fields);
		model.addAttribute("form", form);
		model.addAttribute("edit", true);
		model.addAttribute("identityId", id);
		model.addAttribute("action", "/identities/" + id + "/edit");
		return "identities/form";
	}

	private String text(String code, Object... args) {
		return this.messages.getMessage(code, args, LocaleContextHolder.getLocale());
	}

}

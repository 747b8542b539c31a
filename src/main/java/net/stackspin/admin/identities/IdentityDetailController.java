package net.stackspin.admin.identities;

import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.SchemaNames;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** One identity's profile page, and deleting it through a confirmation page. */
@Controller
class IdentityDetailController {

	private final KratosIdentities identities;

	private final IdentityManagement management;

	private final KratosAdminClient kratos;

	private final IdentityNames names;

	private final MessageSource messages;

	private final SchemaFieldsCache schemaFields;

	IdentityDetailController(KratosIdentities identities, IdentityManagement management, KratosAdminClient kratos,
			IdentityNames names, MessageSource messages, SchemaFieldsCache schemaFields) {
		this.schemaFields = schemaFields;
		this.identities = identities;
		this.management = management;
		this.kratos = kratos;
		this.names = names;
		this.messages = messages;
	}

	@GetMapping("/identities/{id}")
	String detail(@PathVariable String id, Model model) {
		IdentityDetail identity = this.identities.detail(id);
		model.addAttribute("identity", identity);
		addNames(model, identity);
		model.addAttribute("traits", TraitValues.display(identity.traits(), schemaFieldsOrNone(identity)));
		model.addAttribute("metadataPublic", IdentityForm.json(identity.metadataPublic()));
		model.addAttribute("metadataAdmin", IdentityForm.json(identity.metadataAdmin()));
		model.addAttribute("invitationStatus", identity.summary().invitationStatus(java.time.Instant.now()).key());
		return "identities/detail";
	}

	/**
	 * The schema's fields for showing the traits in its order with its titles; none when
	 * Kratos cannot serve the schema (the traits are then shown by path).
	 */
	private java.util.List<SchemaField> schemaFieldsOrNone(IdentityDetail identity) {
		try {
			return this.schemaFields.fields(identity.summary().schemaId());
		}
		catch (net.stackspin.admin.kratos.KratosException ex) {
			return java.util.List.of();
		}
	}

	@GetMapping("/identities/{id}/delete")
	String confirmDelete(@PathVariable String id, @AuthenticationPrincipal AdminPrincipal admin, Model model) {
		IdentityDetail identity = this.identities.detail(id);
		model.addAttribute("identity", identity);
		addNames(model, identity);
		model.addAttribute("self", admin.is(id));
		return "identities/delete";
	}

	/** The identity's label and name (see {@link SchemaNames}), for headings. */
	private void addNames(Model model, IdentityDetail identity) {
		SchemaNames naming = this.names.of(identity.summary().schemaId());
		model.addAttribute("label", naming.label(identity.summary()));
		model.addAttribute("name", naming.name(identity.summary()));
	}

	@PostMapping("/identities/{id}/delete")
	String delete(@PathVariable String id, @AuthenticationPrincipal AdminPrincipal admin, RedirectAttributes redirect) {
		// a malformed id is a 404 like on every other page, not "already gone"
		String uuid = validUuid(id);
		// named before it is gone, for the message
		String label = label(uuid);
		IdentityManagement.Deletion outcome = this.management.delete(uuid, admin);
		switch (outcome) {
			case DELETED -> redirect.addFlashAttribute("message", text("identity.deleted", label));
			case ALREADY_GONE -> redirect.addFlashAttribute("message", text("identity.alreadyGone"));
			case REFUSED_SELF -> {
				redirect.addFlashAttribute("error", text("identity.error.deleteSelf"));
				return "redirect:/identities/" + uuid;
			}
			case REFUSED_LAST_ADMIN -> {
				redirect.addFlashAttribute("error", text("identity.error.deleteLastAdmin"));
				return "redirect:/identities/" + uuid;
			}
		}
		return "redirect:/identities";
	}

	/** The label of the identity about to be deleted; its id if it is already gone. */
	private String label(String uuid) {
		try {
			return this.names.label(this.kratos.getIdentity(uuid));
		}
		catch (IdentityNotFoundException ex) {
			return uuid;
		}
	}

	private String text(String code, Object... args) {
		return this.messages.getMessage(code, args, LocaleContextHolder.getLocale());
	}

	static String validUuid(String id) {
		try {
			return java.util.UUID.fromString(id).toString();
		}
		catch (IllegalArgumentException ex) {
			throw new IdentityNotFoundException(id);
		}
	}

}

package net.stackspin.admin.identities;

import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.KratosIdentities;

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

	private final MessageSource messages;

	IdentityDetailController(KratosIdentities identities, IdentityManagement management, MessageSource messages) {
		this.identities = identities;
		this.management = management;
		this.messages = messages;
	}

	@GetMapping("/identities/{id}")
	String detail(@PathVariable String id, Model model) {
		IdentityDetail identity = this.identities.detail(id);
		model.addAttribute("identity", identity);
		model.addAttribute("traits", TraitValues.display(identity.traits()));
		model.addAttribute("metadataPublic", IdentityForm.json(identity.metadataPublic()));
		model.addAttribute("metadataAdmin", IdentityForm.json(identity.metadataAdmin()));
		return "identities/detail";
	}

	@GetMapping("/identities/{id}/delete")
	String confirmDelete(@PathVariable String id, @AuthenticationPrincipal AdminPrincipal admin, Model model) {
		model.addAttribute("identity", this.identities.detail(id));
		model.addAttribute("self", admin.is(id));
		return "identities/delete";
	}

	@PostMapping("/identities/{id}/delete")
	String delete(@PathVariable String id, @AuthenticationPrincipal AdminPrincipal admin, RedirectAttributes redirect) {
		// a malformed id is a 404 like on every other page, not "already gone"
		String uuid = validUuid(id);
		IdentityManagement.Deletion outcome = this.management.delete(uuid, admin);
		switch (outcome) {
			case DELETED -> redirect.addFlashAttribute("message", text("identity.deleted"));
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

	private String text(String code) {
		return this.messages.getMessage(code, null, LocaleContextHolder.getLocale());
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

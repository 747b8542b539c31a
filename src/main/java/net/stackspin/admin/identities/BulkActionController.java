package net.stackspin.admin.identities;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import net.stackspin.admin.auth.AdminPrincipal;
import net.stackspin.admin.onboarding.InvitationService;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Bulk actions on the users ticked on the list: the list's form posts here, a
 * confirmation page names every selected user, and its form runs the action and shows per
 * user what happened. Plain forms throughout (works with JavaScript off).
 */
@Controller
@RequestMapping("/identities/bulk")
class BulkActionController {

	private final BulkActions bulk;

	private final InvitationService invitations;

	private final MessageSource messages;

	BulkActionController(BulkActions bulk, InvitationService invitations, MessageSource messages) {
		this.bulk = bulk;
		this.invitations = invitations;
		this.messages = messages;
	}

	/** The confirmation page (nothing changes yet). */
	@PostMapping
	String confirm(@RequestParam(name = "action", required = false) String action,
			@RequestParam(name = "ids", required = false) List<String> ids, Model model, HttpServletResponse response,
			RedirectAttributes flash, Locale locale) {
		Optional<String> problem = problem(action, ids);
		if (problem.isPresent()) {
			return refused(problem.get(), model, response, flash, locale);
		}
		BulkAction chosen = BulkAction.of(action).orElseThrow();
		model.addAttribute("action", chosen.key());
		model.addAttribute("selected", this.bulk.selected(ids(ids)));
		model.addAttribute("mailMissing", chosen == BulkAction.RESEND_INVITATION && !this.invitations.canSendMail());
		return "identities/bulk-confirm";
	}

	/** Runs the action and shows per user what happened. */
	@PostMapping("/run")
	String run(@RequestParam(name = "action", required = false) String action,
			@RequestParam(name = "ids", required = false) List<String> ids,
			@AuthenticationPrincipal AdminPrincipal admin, Model model, HttpServletResponse response,
			RedirectAttributes flash, Locale locale) {
		Optional<String> problem = problem(action, ids);
		if (problem.isPresent()) {
			return refused(problem.get(), model, response, flash, locale);
		}
		BulkAction chosen = BulkAction.of(action).orElseThrow();
		List<BulkActions.Result> results = this.bulk.run(chosen, ids(ids), admin);
		model.addAttribute("action", chosen.key());
		model.addAttribute("results", results);
		model.addAttribute("succeeded", results.stream().filter(BulkActions.Result::success).count());
		// a result page answers a POST: no cache may keep it, a reload asks first
		response.setHeader("Cache-Control", "no-store");
		return "identities/bulk-result";
	}

	/**
	 * Why this selection cannot be worked on, as a message key: nothing ticked, an
	 * unknown action, too many users, or an id that is no user id (a hand-made request).
	 */
	private static Optional<String> problem(String action, List<String> ids) {
		if (action == null || BulkAction.of(action).isEmpty()) {
			return Optional.of("bulk.error.action");
		}
		if (ids == null || ids.isEmpty()) {
			return Optional.of("bulk.error.none");
		}
		Set<String> distinct = new LinkedHashSet<>(ids);
		if (distinct.size() > BulkActions.MAX_SELECTION) {
			return Optional.of("bulk.error.tooMany");
		}
		for (String id : distinct) {
			if (uuid(id).isEmpty()) {
				return Optional.of("bulk.error.id");
			}
		}
		return Optional.empty();
	}

	/**
	 * Nothing ticked goes back to the list with a message; a malformed request gets a 400
	 * page saying what is wrong.
	 */
	private String refused(String key, Model model, HttpServletResponse response, RedirectAttributes flash,
			Locale locale) {
		String text = this.messages.getMessage(key, new Object[] { BulkActions.MAX_SELECTION }, locale);
		if ("bulk.error.none".equals(key) || "bulk.error.action".equals(key)) {
			flash.addFlashAttribute("error", text);
			return "redirect:/identities";
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		model.addAttribute("problem", text);
		return "identities/bulk-refused";
	}

	/** The ids, normalised and without repeats, in the order ticked. */
	private static List<String> ids(List<String> ids) {
		Set<String> distinct = new LinkedHashSet<>();
		for (String id : ids) {
			uuid(id).ifPresent(distinct::add);
		}
		return new ArrayList<>(distinct);
	}

	private static Optional<String> uuid(String text) {
		try {
			return (text != null && text.length() == 36) ? Optional.of(UUID.fromString(text).toString())
					: Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}

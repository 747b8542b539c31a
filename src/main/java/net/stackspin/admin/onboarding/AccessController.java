package net.stackspin.admin.onboarding;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.auth.Rank;
import net.stackspin.admin.kratos.IdentityAccess;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.IdentityNotFoundException;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.KratosRecoveryFlows;
import net.stackspin.admin.kratos.KratosSessionsAdmin;
import net.stackspin.admin.kratos.RecoveryCode;
import net.stackspin.admin.kratos.RecoveryLink;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The "Access & recovery" tab of an identity: invitation, recovery links and codes,
 * Kratos's recovery e-mail, courier status, second factors and sessions. Every action is
 * a POST that redirects back here with a flash message.
 */
@Controller
@RequestMapping("/identities/{id}/access")
class AccessController {

	private final AccessPage page;

	private final InvitationService invitations;

	private final KratosAdminClient kratos;

	private final KratosCredentials credentials;

	private final KratosSessionsAdmin sessions;

	private final KratosRecoveryFlows recoveryFlows;

	private final AuditTrail audit;

	private final IdentityNames names;

	private final MessageSource messages;

	AccessController(AccessPage page, InvitationService invitations, KratosAdminClient kratos,
			KratosCredentials credentials, KratosSessionsAdmin sessions, KratosRecoveryFlows recoveryFlows,
			AuditTrail audit, IdentityNames names, MessageSource messages) {
		this.page = page;
		this.invitations = invitations;
		this.kratos = kratos;
		this.credentials = credentials;
		this.sessions = sessions;
		this.recoveryFlows = recoveryFlows;
		this.audit = audit;
		this.names = names;
		this.messages = messages;
	}

	@GetMapping
	String show(@PathVariable String id, Model model, HttpServletResponse response) {
		// a freshly created link or code is on this page: no cache may keep it
		response.setHeader("Cache-Control", "no-store");
		AccessPage.View view = this.page.load(id);
		model.addAttribute("view", view);
		// the same rule the actions check: no buttons that would only be refused
		model.addAttribute("canAct", Rank.signedInUserMayActOn(view.access().roles()));
		model.addAttribute("targetRole",
				PanelRole.highestOf(view.access().roles()).map(PanelRole::kratosName).orElse(null));
		model.addAttribute("lifetimes", Lifetime.CHOICES);
		model.addAttribute("defaultLifetime", Lifetime.DEFAULT);
		model.addAttribute("canSendMail", this.invitations.canSendMail());
		return "onboarding/access";
	}

	@PostMapping("/invitation")
	String resendInvitation(@PathVariable String id, RedirectAttributes flash, Locale locale) {
		IdentityAccess access = actingOn("identity.invite", id);
		if (access.hasPassword()) {
			record("identity.invite", id, access, "refused");
			flash.addFlashAttribute("error", text("access.invitation.hasPassword", locale));
			return back(id);
		}
		Invitation invitation = this.invitations.invite(id);
		if (invitation.mailed()) {
			flash.addFlashAttribute("message", text("access.invitation.sent", locale, invitation.recipient()));
		}
		else {
			flash.addFlashAttribute("secret", OneTimeSecret.of(invitation));
			if (invitation.mailProblem() != null) {
				flash.addFlashAttribute("error",
						text("access.invitation.mailFailed", locale, invitation.mailProblem()));
			}
			else {
				flash.addFlashAttribute("message", text("access.invitation.noMail", locale));
			}
		}
		return back(id);
	}

	@PostMapping("/recovery-link")
	String createRecoveryLink(@PathVariable String id, @RequestParam(required = false) String lifetime,
			RedirectAttributes flash, Locale locale) {
		String label = label(actingOn("identity.recovery_link", id));
		Optional<Duration> duration = Lifetime.parse(lifetime);
		if (duration.isEmpty()) {
			recordLabelled("identity.recovery_link", id, label, "invalid");
			flash.addFlashAttribute("error", text("access.lifetime.invalid", locale));
			return back(id);
		}
		RecoveryLink link = this.kratos.createRecoveryLink(id, duration.get());
		recordLabelled("identity.recovery_link", id, label, "success");
		flash.addFlashAttribute("secret", new OneTimeSecret("link", link.url(), null, link.expiresAt()));
		return back(id);
	}

	@PostMapping("/recovery-code")
	String createRecoveryCode(@PathVariable String id, @RequestParam(required = false) String lifetime,
			RedirectAttributes flash, Locale locale) {
		String label = label(actingOn("identity.recovery_code", id));
		Optional<Duration> duration = Lifetime.parse(lifetime);
		if (duration.isEmpty()) {
			recordLabelled("identity.recovery_code", id, label, "invalid");
			flash.addFlashAttribute("error", text("access.lifetime.invalid", locale));
			return back(id);
		}
		RecoveryCode code = this.credentials.createRecoveryCode(id, duration.get());
		recordLabelled("identity.recovery_code", id, label, "success");
		flash.addFlashAttribute("secret", new OneTimeSecret("code", code.code(), code.url(), code.expiresAt()));
		return back(id);
	}

	@PostMapping("/recovery-email")
	String sendRecoveryEmail(@PathVariable String id, RedirectAttributes flash, Locale locale) {
		IdentityAccess access = actingOn("identity.recovery_email", id);
		Optional<String> address = AccessPage.addresses(access).stream().findFirst();
		if (address.isEmpty()) {
			record("identity.recovery_email", id, access, "refused");
			flash.addFlashAttribute("error", text("access.recoveryEmail.noAddress", locale));
			return back(id);
		}
		this.recoveryFlows.sendRecoveryEmail(address.get());
		record("identity.recovery_email", id, access, "success");
		flash.addFlashAttribute("message", text("access.recoveryEmail.sent", locale, address.get()));
		return back(id);
	}

	@GetMapping("/second-factors/{type}/reset")
	String confirmReset(@PathVariable String id, @PathVariable String type, Model model) {
		if (!IdentityAccess.SECOND_FACTORS.contains(type)) {
			return back(id);
		}
		model.addAttribute("access", actingOn("identity.reset_second_factor", id));
		model.addAttribute("type", type);
		return "onboarding/confirm-reset";
	}

	@PostMapping("/second-factors/{type}/reset")
	String resetSecondFactor(@PathVariable String id, @PathVariable String type, RedirectAttributes flash,
			Locale locale) {
		String label = label(actingOn("identity.reset_second_factor", id));
		if (!IdentityAccess.SECOND_FACTORS.contains(type)) {
			recordLabelled("identity.reset_second_factor", id, label, "refused");
			flash.addFlashAttribute("error", text("access.factor.firstFactor", locale));
			return back(id);
		}
		boolean removed = this.credentials.removeSecondFactor(id, type);
		// the type is one of SECOND_FACTORS here, never free text
		this.audit.event("identity.reset_second_factor")
			.target(id, label)
			.value("factor", type)
			.outcome(removed ? "success" : "absent")
			.record();
		String name = text("access.factor." + type, locale);
		flash.addFlashAttribute("message",
				removed ? text("access.factor.removed", locale, name) : text("access.factor.absent", locale, name));
		return back(id);
	}

	@PostMapping("/sessions/{sessionId}/revoke")
	String revokeSession(@PathVariable String id, @PathVariable String sessionId, RedirectAttributes flash,
			Locale locale) {
		String label = label(actingOn("identity.revoke_session", id));
		boolean revoked = this.sessions.revoke(id, sessionId);
		recordLabelled("identity.revoke_session", id, label, revoked ? "success" : "absent");
		flash.addFlashAttribute(revoked ? "message" : "error",
				text(revoked ? "access.sessions.revoked" : "access.sessions.unknown", locale));
		return back(id);
	}

	@PostMapping("/sessions/revoke")
	String revokeAllSessions(@PathVariable String id, RedirectAttributes flash, Locale locale) {
		// a deleted identity is refused, not "had none"
		IdentityAccess access = actingOn("identity.revoke_sessions", id);
		boolean revoked = this.sessions.revokeAll(id);
		record("identity.revoke_sessions", id, access, revoked ? "success" : "absent");
		flash.addFlashAttribute("message",
				text(revoked ? "access.sessions.allRevoked" : "access.sessions.noneToRevoke", locale));
		return back(id);
	}

	/**
	 * An action on someone who holds a panel role at least as strong as the actor's: a
	 * 403 page that says why, and an audit event of the refusal (the actor's POST is what
	 * the trail should show, also when a button was hand-made).
	 */
	@ExceptionHandler(Outranked.class)
	ModelAndView outranked(Outranked ex, HttpServletResponse response) {
		this.audit.event(ex.action)
			.target(ex.access.identity().id(), label(ex.access))
			.value("reason", "rank")
			.outcome("refused")
			.record();
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		ModelAndView page = new ModelAndView("error/outranked");
		page.addObject("identityId", ex.access.identity().id());
		page.addObject("targetLabel", label(ex.access));
		page.addObject("targetRole", PanelRole.highestOf(ex.access.roles()).map(PanelRole::kratosName).orElse(""));
		return page;
	}

	/**
	 * A page of a deleted identity is "not found"; an action on one is refused with a
	 * message on the list.
	 */
	@ExceptionHandler(IdentityNotFoundException.class)
	String identityGone(IdentityNotFoundException ex, HttpServletRequest request, HttpServletResponse response,
			Locale locale) {
		if ("POST".equals(request.getMethod())) {
			record("identity.access", ex.getIdentityId(), null, "not_found");
			RequestContextUtils.getOutputFlashMap(request).put("error", text("access.identityGone", locale));
			return "redirect:/identities";
		}
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		return "error/identity-not-found";
	}

	private static String back(String id) {
		return "redirect:/identities/" + uuid(id) + "/access";
	}

	/** Only a UUID goes into a redirect; anything else is no identity. */
	private static String uuid(String id) {
		try {
			return java.util.UUID.fromString(id).toString();
		}
		catch (IllegalArgumentException ex) {
			throw new IdentityNotFoundException(id);
		}
	}

	/**
	 * Records an action on identity {@code id}: labelled when the action loaded the
	 * identity anyway (no extra Kratos call only to name it).
	 */
	private void record(String action, String id, IdentityAccess access, String outcome) {
		recordLabelled(action, id, (access != null) ? this.names.label(access.identity()) : null, outcome);
	}

	private void recordLabelled(String action, String id, String label, String outcome) {
		this.audit.event(action).target(id, label).outcome(outcome).record();
	}

	/**
	 * The identity an action is about, read before the action (one GET to Kratos; a user
	 * who is gone stops it with the usual 404), and refused ({@link Outranked}) when it
	 * holds a panel role the signed-in user may not act on (the rank rule,
	 * {@link net.stackspin.admin.auth.PanelRole#mayActOn}). It also names the user in the
	 * audit trail: the answers of the recovery and session endpoints name nobody.
	 */
	private IdentityAccess actingOn(String action, String id) {
		IdentityAccess access = this.credentials.identityAccess(id);
		if (!Rank.signedInUserMayActOn(access.roles())) {
			throw new Outranked(action, access);
		}
		return access;
	}

	private String label(IdentityAccess access) {
		return this.names.label(access.identity());
	}

	/** An action refused by the rank rule. */
	static final class Outranked extends RuntimeException {

		private final String action;

		private final transient IdentityAccess access;

		Outranked(String action, IdentityAccess access) {
			super(action + " refused: the user holds a panel role at least as strong as the actor's", null, false,
					false);
			this.action = action;
			this.access = access;
		}

	}

	private String text(String key, Locale locale, Object... args) {
		return this.messages.getMessage(key, args, locale);
	}

}

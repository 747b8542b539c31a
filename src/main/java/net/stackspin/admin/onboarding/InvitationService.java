package net.stackspin.admin.onboarding;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.ArrayList;
import java.util.List;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentityAccess;
import net.stackspin.admin.kratos.IdentityChange;
import net.stackspin.admin.kratos.IdentityDetail;
import net.stackspin.admin.kratos.InvitationNote;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosCredentials;
import net.stackspin.admin.kratos.RecoveryLink;
import net.stackspin.admin.kratos.SchemaNames;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * Welcome e-mails: a Kratos recovery link through which a new user sets a password, sent
 * through the panel's own SMTP server ({@code spring.mail.*}). Without SMTP, or when the
 * server refuses, the administrator gets the link to hand over instead.
 *
 * <p>
 * For the create form: show the "send welcome e-mail" checkbox (checked by default) only
 * when {@link #canSendMail()}. After creating the identity, call {@link #invite(String)}
 * when the box was checked, or always when mail cannot be sent (the administrator then
 * gets the link). If {@link Invitation#linkToCopy()}, redirect to
 * {@code /identities/{id}/access} with the flash attribute {@code secret} set to
 * {@link OneTimeSecret#of(Invitation)}: that tab shows it once with a copy button; add
 * {@link Invitation#mailProblem()} as the flash {@code error} when it is set.
 */
@Service
public class InvitationService {

	/** Where the last invitation is noted in the identity's {@code metadata_admin}. */
	public static final String METADATA_KEY = InvitationNote.METADATA_KEY;

	private static final Logger log = LoggerFactory.getLogger(InvitationService.class);

	private final KratosAdminClient kratos;

	private final IdentityNames names;

	private final KratosCredentials credentials;

	private final ObjectProvider<JavaMailSender> mail;

	private final OnboardingProperties properties;

	private final MessageSource messages;

	private final SpringTemplateEngine templates;

	private final KratosIdentities identities;

	private final AuditTrail audit;

	InvitationService(KratosAdminClient kratos, KratosCredentials credentials, ObjectProvider<JavaMailSender> mail,
			OnboardingProperties properties, MessageSource messages, IdentityNames names, KratosIdentities identities,
			AuditTrail audit) {
		this.identities = identities;
		this.audit = audit;
		this.names = names;
		this.kratos = kratos;
		this.credentials = credentials;
		this.mail = mail;
		this.properties = properties;
		this.messages = messages;
		this.templates = mailTemplates(messages);
	}

	/**
	 * Whether SMTP is configured ({@code spring.mail.host}), so invitations are mailed.
	 */
	public boolean canSendMail() {
		return mailSender() != null;
	}

	/**
	 * The SMTP sender, or null without {@code spring.mail.host}. The bean alone does not
	 * say: the image is AOT-processed with a host so that the bean exists whatever is
	 * configured at run time (docs/architecture.md, "Start-up").
	 */
	private JavaMailSender mailSender() {
		JavaMailSender sender = this.mail.getIfAvailable();
		boolean noHost = sender instanceof JavaMailSenderImpl impl && !StringUtils.hasText(impl.getHost());
		return noHost ? null : sender;
	}

	/**
	 * Creates a link to set a password, valid for
	 * {@code stackspin.onboarding.invitation-lifetime}, and e-mails it to the identity's
	 * address when SMTP is configured. Notes when and until when in
	 * {@code metadata_admin.invitation} (never the link), but only once the e-mail went
	 * out or the link was handed to the administrator: a failed send changes nothing.
	 */
	public Invitation invite(String identityId) {
		IdentityAccess access = this.credentials.identityAccess(identityId);
		Invitation invitation = send(identityId, access);
		// recorded here, whether the welcome on create or a resend asked for it
		this.audit.event("identity.invite")
			.target(identityId, this.names.label(access.identity()))
			.outcome(invitation.mailed() ? "success" : (invitation.mailProblem() != null) ? "mail_failed" : "link")
			.record();
		return invitation;
	}

	private Invitation send(String identityId, IdentityAccess access) {
		String recipient = access.identity().email();
		Locale locale = this.properties.locale();
		RecoveryLink link = this.kratos.createRecoveryLink(identityId, this.properties.invitationLifetime());
		JavaMailSender sender = mailSender();
		if (sender == null || recipient.isBlank()) {
			note(access, link, "link", null);
			return new Invitation(recipient, false, link.url(), link.expiresAt(), null);
		}
		try {
			// named as on every page: the name-like trait, and the identifier to sign in
			// with
			SchemaNames naming = this.names.of(access.identity().schemaId());
			sender.send(message(sender, recipient, naming.name(access.identity()), naming.label(access.identity()),
					link, locale));
		}
		catch (MailException | MessagingException ex) {
			// the reason, never the message (it holds the link)
			log.warn("Welcome e-mail for identity {} not sent: {}", identityId,
					rootCause(ex).getClass().getSimpleName());
			return new Invitation(recipient, false, link.url(), link.expiresAt(), mailProblem(ex));
		}
		note(access, link, "email", recipient);
		return new Invitation(recipient, true, null, link.expiresAt(), null);
	}

	/**
	 * The last invitation noted for the identity: when it was sent, until when its link
	 * works, whether it was accepted; null when none was sent.
	 */
	public static InvitationNote lastInvitation(IdentityAccess access) {
		return InvitationNote.of(access.metadataAdmin());
	}

	/**
	 * Notes the invitation, keeping the recovery flows of the recent earlier links (so
	 * that an older, still valid link is recognised too). The flow id is no credential:
	 * the link's token is, and it is never stored.
	 */
	private void note(IdentityAccess access, RecoveryLink link, String delivery, String mailedTo) {
		InvitationNote note = InvitationNote.sent(lastInvitation(access), Instant.now(), link.expiresAt(), delivery,
				recoveryFlowId(link.url()), mailedTo);
		this.credentials.putAdminMetadata(access.identity().id(), METADATA_KEY, note.toMetadata());
	}

	/** The {@code flow} parameter of Kratos's recovery link, or null. */
	static String recoveryFlowId(String link) {
		try {
			String query = java.net.URI.create(link).getRawQuery();
			if (query != null) {
				for (String pair : query.split("&")) {
					if (pair.startsWith("flow=")) {
						return java.util.UUID.fromString(pair.substring(5)).toString();
					}
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// not Kratos's link format: the invitation cannot be recognised when used
		}
		return null;
	}

	/**
	 * Called when the end user's settings page shows a flow that a recovery link started:
	 * if that link is one of the panel's invitations to this identity, the invitation is
	 * accepted (with the time) and, when the panel e-mailed that link, the address it was
	 * mailed to is marked verified, because following it proves that address: only that
	 * one (noted when the link was sent), and only while the identity still has it as a
	 * verifiable address. Whatever {@code email} the identity has by now (an invitee can
	 * change it through Kratos's settings before opening this page) is never verified by
	 * it (issue 24). Links an administrator was shown (recovery links, or invitations
	 * handed over without e-mail) and links noted without their address verify nothing.
	 * At most once: an accepted note is left alone, so showing the page again changes
	 * nothing.
	 * @return whether the invitation was accepted now
	 */
	public boolean acceptIfInvited(String identityId, String recoveryFlowId) {
		if (identityId == null || recoveryFlowId == null) {
			return false;
		}
		IdentityDetail identity = this.identities.detail(identityId);
		InvitationNote note = InvitationNote.of(identity.metadataAdmin());
		if (note == null || note.accepted()) {
			return false;
		}
		java.util.Optional<InvitationNote.Flow> link = note.flow(recoveryFlowId);
		if (link.isEmpty()) {
			return false;
		}
		Instant now = Instant.now();
		List<IdentityChange> changes = new ArrayList<>();
		changes.add(IdentityChange.add("/metadata_admin/" + METADATA_KEY + "/accepted_at", now.toString()));
		List<String> changed = new ArrayList<>(List.of("invitation.accepted_at"));
		String invited = link.get().address();
		if (link.get().mailed() && invited != null) {
			List<IdentityDetail.Address> addresses = identity.verifiableAddresses();
			for (int i = 0; i < addresses.size(); i++) {
				IdentityDetail.Address address = addresses.get(i);
				if (!address.verified() && address.value().equalsIgnoreCase(invited)) {
					changes.add(IdentityChange.replace("/verifiable_addresses/" + i + "/verified", true));
					changes.add(IdentityChange.replace("/verifiable_addresses/" + i + "/status", "completed"));
					changes.add(IdentityChange.add("/verifiable_addresses/" + i + "/verified_at", now.toString()));
					changed.add("verifiable_addresses.verified");
				}
			}
		}
		this.identities.patch(identityId, changes);
		String label = this.names
			.of(java.util.Objects.requireNonNullElse(identity.summary().schemaId(),
					KratosAdminClient.DEFAULT_SCHEMA_ID))
			.label(identity.summary());
		// the invited user acted, not a panel user
		this.audit.event("identity.invitation_accepted")
			.actor(identityId, label, null)
			.target(identityId, label)
			.changed(changed)
			.value("delivery", link.get().delivery())
			.record();
		return true;
	}

	private MimeMessage message(JavaMailSender sender, String recipient, String name, String account, RecoveryLink link,
			Locale locale) throws MessagingException {
		Context context = new Context(locale);
		context.setVariable("name", name);
		context.setVariable("account", account);
		context.setVariable("link", link.url());
		context.setVariable("validUntil", link.expiresAt());
		MimeMessage message = sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		helper.setFrom(this.properties.mailFrom());
		helper.setTo(recipient);
		helper.setSubject(this.messages.getMessage("mail.invitation.subject", null, locale));
		helper.setText(this.templates.process("invitation.txt", context),
				this.templates.process("invitation.html", context));
		return message;
	}

	private static SpringTemplateEngine mailTemplates(MessageSource messages) {
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.addTemplateResolver(resolver(".html", TemplateMode.HTML, 1));
		engine.addTemplateResolver(resolver(".txt", TemplateMode.TEXT, 2));
		engine.setTemplateEngineMessageSource(messages);
		return engine;
	}

	private static ClassLoaderTemplateResolver resolver(String suffix, TemplateMode mode, int order) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/onboarding/mail/");
		resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setOrder(order);
		resolver.setCheckExistence(true);
		return resolver;
	}

	/**
	 * Why the SMTP server did not take the e-mail, in words for the administrator (no
	 * class names: the details are in the log).
	 */
	private String mailProblem(Exception ex) {
		String code = "mail.problem.refused";
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				code = "mail.problem.noAnswer";
				break;
			}
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException) {
				code = "mail.problem.unreachable";
				break;
			}
			if (cause instanceof AuthenticationFailedException || cause instanceof MailAuthenticationException) {
				code = "mail.problem.authentication";
				break;
			}
		}
		return this.messages.getMessage(code, null, LocaleContextHolder.getLocale());
	}

	private static Throwable rootCause(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

}

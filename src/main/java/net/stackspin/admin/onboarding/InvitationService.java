package net.stackspin.admin.onboarding;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentityAccess;
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
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

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
	public static final String METADATA_KEY = "invitation";

	private static final Logger log = LoggerFactory.getLogger(InvitationService.class);

	private final KratosAdminClient kratos;

	private final IdentityNames names;

	private final KratosCredentials credentials;

	private final ObjectProvider<JavaMailSender> mail;

	private final OnboardingProperties properties;

	private final MessageSource messages;

	private final SpringTemplateEngine templates;

	private final AuditTrail audit;

	InvitationService(KratosAdminClient kratos, KratosCredentials credentials, ObjectProvider<JavaMailSender> mail,
			OnboardingProperties properties, MessageSource messages, IdentityNames names, AuditTrail audit) {
		this.names = names;
		this.audit = audit;
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
		return this.mail.getIfAvailable() != null;
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
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null || recipient.isBlank()) {
			note(identityId, link, "link");
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
		note(identityId, link, "email");
		return new Invitation(recipient, true, null, link.expiresAt(), null);
	}

	/**
	 * The last invitation noted for the identity: when it was sent and until when its
	 * link works.
	 */
	public static InvitationNote lastInvitation(IdentityAccess access) {
		if (access.metadataAdmin().get(METADATA_KEY) instanceof Map<?, ?> note) {
			return new InvitationNote(instant(note.get("sent_at")), instant(note.get("valid_until")),
					String.valueOf(note.get("delivery")));
		}
		return null;
	}

	/** What {@code metadata_admin.invitation} says. */
	public record InvitationNote(Instant sentAt, Instant validUntil, String delivery) {

		public boolean expired() {
			return this.validUntil != null && this.validUntil.isBefore(Instant.now());
		}

		public boolean mailed() {
			return "email".equals(this.delivery);
		}

	}

	private void note(String identityId, RecoveryLink link, String delivery) {
		Map<String, Object> note = new LinkedHashMap<>();
		note.put("sent_at", Instant.now().toString());
		note.put("valid_until", link.expiresAt().toString());
		note.put("delivery", delivery);
		this.credentials.putAdminMetadata(identityId, METADATA_KEY, note);
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

	private static Instant instant(Object value) {
		try {
			return (value != null) ? Instant.parse(value.toString()) : null;
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
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

package net.stackspin.admin.identities;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import net.stackspin.admin.kratos.IdentityNames;
import jakarta.servlet.http.HttpServletResponse;
import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.InvitationNote;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.SchemaNames;
import net.stackspin.admin.kratos.KratosRequestRejectedException;

import net.stackspin.admin.language.PageTimes;
import net.stackspin.admin.language.UiProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The list of identities, one Kratos keyset page per request, and the search box: a UUID
 * opens that identity, an identifier is looked up exactly, a fragment by prefix. Never
 * scans pages.
 */
@Controller
class IdentityController {

	static final int DEFAULT_PAGE_SIZE = 25;

	private final KratosAdminClient kratos;

	private final KratosIdentities identities;

	private final IdentityNames names;

	private final MessageSource messages;

	private final ZoneId timeZone;

	private final InvitationFilter invitations;

	/**
	 * The rows' words and date format per language: the same for every page, so looked up
	 * once per language rather than ten message lookups per page.
	 */
	private final Map<Locale, IdentityRowsHtml.Labels> labels = new java.util.concurrent.ConcurrentHashMap<>();

	IdentityController(KratosAdminClient kratos, KratosIdentities identities, IdentityNames names,
			MessageSource messages, ObjectProvider<UiProperties> ui) {
		this.invitations = new InvitationFilter(kratos, java.time.Clock.systemUTC());
		this.kratos = kratos;
		this.identities = identities;
		this.names = names;
		this.messages = messages;
		UiProperties properties = ui.getIfAvailable();
		this.timeZone = (properties != null) ? properties.timeZone() : ZoneId.systemDefault();
	}

	@GetMapping("/")
	String home() {
		return "redirect:/identities";
	}

	@GetMapping("/identities")
	String list(@RequestParam(name = "size", required = false) Integer size,
			@RequestParam(name = "page", required = false) String pageToken,
			@RequestParam(name = "q", required = false) String query,
			@RequestParam(name = "select", required = false) String select,
			@RequestParam(name = "invitation", required = false) String invitation, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		Optional<InvitationNote.Status> filter = java.util.Arrays.stream(InvitationNote.Status.values())
			.filter((status) -> status.key().equals(invitation))
			.findFirst();
		model.addAttribute("invitationFilter", filter.map(InvitationNote.Status::key).orElse(null));
		model.addAttribute("invitationStatuses", InvitationNote.Status.values());
		model.addAttribute("allSelected", "all".equals(select));
		model.addAttribute("selectAllUrl", thisPage(request, true));
		model.addAttribute("selectNoneUrl", thisPage(request, false));
		int pageSize = PageSizes.normalize(size);
		model.addAttribute("pageSize", pageSize);
		model.addAttribute("pageSizes", PageSizes.ALLOWED);
		String q = (query != null) ? query.strip() : "";
		if (!q.isEmpty()) {
			Optional<String> uuid = uuid(q);
			if (uuid.isPresent()) {
				return "redirect:/identities/" + uuid.get();
			}
			model.addAttribute("q", q);
			List<IdentitySummary> found = search(q, pageSize);
			if (filter.isPresent()) {
				found = this.invitations.filter(found, filter.get());
			}
			IdentityPage results = new IdentityPage(found, Optional.empty());
			model.addAttribute("page", results);
			addRows(model, results, request);
			model.addAttribute("firstPage", true);
			return "identities/list";
		}
		IdentityPage page;
		try {
			if (filter.isPresent()) {
				InvitationFilter.Page filtered = this.invitations.page(filter.get(), pageSize, pageToken);
				page = filtered.page();
				model.addAttribute("scanLimitReached", filtered.limitReached());
				model.addAttribute("scanned", filtered.scanned());
			}
			else {
				page = this.kratos.listIdentities(pageSize, pageToken);
			}
		}
		catch (KratosRequestRejectedException ex) {
			// an invented or outdated page token: Kratos refuses it (400)
			if (pageToken == null || pageToken.isBlank()) {
				throw ex;
			}
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return "error/bad-page-link";
		}
		model.addAttribute("page", page);
		addRows(model, page, request);
		model.addAttribute("firstPage", pageToken == null || pageToken.isBlank());
		return "identities/list";
	}

	/**
	 * The rows and their columns. Each identity is named by its schema's rule (cached
	 * schemas, no Kratos call per row); the first column is titled after the identifier
	 * when every schema on the page agrees on it, and a name column appears when some
	 * schema on the page has a name-like trait.
	 */
	private void addRows(Model model, IdentityPage page, HttpServletRequest request) {
		boolean multiSchema = multiSchema(page);
		Locale locale = LocaleContextHolder.getLocale();
		// the pages speak en or nl; the bound only guards against a locale resolver that
		// lets others through
		IdentityRowsHtml.Labels labels = (this.labels.size() < 16) ? this.labels.computeIfAbsent(locale, this::labels)
				: this.labels.getOrDefault(locale, labels(locale));
		Map<String, SchemaNames> schemas = new LinkedHashMap<>();
		List<IdentityRowsHtml.Row> rows = page.identities().stream().map((identity) -> {
			SchemaNames naming = schemas.computeIfAbsent(
					Objects.requireNonNullElse(identity.schemaId(), KratosAdminClient.DEFAULT_SCHEMA_ID),
					this.names::of);
			return new IdentityRowsHtml.Row(identity, naming.label(identity), naming.name(identity));
		}).toList();
		boolean nameColumn = schemas.values().stream().anyMatch((naming) -> !naming.name().isEmpty());
		model.addAttribute("multiSchema", multiSchema);
		model.addAttribute("nameColumn", nameColumn);
		model.addAttribute("labelTitle", agreed(schemas.values().stream().map(SchemaNames::identifierTitle).toList())
			.orElseGet(() -> this.messages.getMessage("identities.column.label", null, locale)));
		model.addAttribute("nameTitle",
				agreed(schemas.values()
					.stream()
					.filter((naming) -> !naming.name().isEmpty())
					.map(SchemaNames::nameTitle)
					.toList()).orElseGet(() -> this.messages.getMessage("identity.name", null, locale)));
		// checkboxes for the bulk actions, for those who may use them
		boolean selectable = hasAuthority(net.stackspin.admin.auth.PanelPermission.MANAGE_USERS.authority());
		model.addAttribute("selectable", selectable);
		IdentityRowsHtml.Selection selection = new IdentityRowsHtml.Selection(selectable,
				Boolean.TRUE.equals(model.getAttribute("allSelected")),
				this.messages.getMessage("bulk.select.one", null, locale));
		model.addAttribute("rowsHtml", IdentityRowsHtml.render(rows, request.getContextPath() + "/identities/",
				nameColumn, multiSchema, labels, selection));
	}

	private IdentityRowsHtml.Labels labels(Locale locale) {
		return new IdentityRowsHtml.Labels(this.messages.getMessage("identity.state.ACTIVE", null, locale),
				this.messages.getMessage("identity.state.INACTIVE", null, locale),
				this.messages.getMessage("common.yes", null, locale),
				this.messages.getMessage("common.no", null, locale), PageTimes.formatter(locale, this.timeZone),
				invitationWords(locale));
	}

	private Map<InvitationNote.Status, String> invitationWords(Locale locale) {
		Map<InvitationNote.Status, String> words = new java.util.EnumMap<>(InvitationNote.Status.class);
		for (InvitationNote.Status status : InvitationNote.Status.values()) {
			words.put(status, this.messages.getMessage("invitation.status." + status.key(), null, locale));
		}
		return words;
	}

	/**
	 * This page's link with every box ticked or none (select all without JavaScript);
	 * relative, with the request's own parameters.
	 */
	private static String thisPage(HttpServletRequest request, boolean selectAll) {
		org.springframework.web.util.UriComponentsBuilder link = org.springframework.web.util.UriComponentsBuilder
			.fromPath("/identities");
		request.getParameterMap().forEach((name, values) -> {
			if (!"select".equals(name)) {
				for (String value : values) {
					link.queryParam(name, value);
				}
			}
		});
		if (selectAll) {
			link.queryParam("select", "all");
		}
		return link.encode().build().toUriString();
	}

	private static boolean hasAuthority(String authority) {
		org.springframework.security.core.Authentication authentication = org.springframework.security.core.context.SecurityContextHolder
			.getContext()
			.getAuthentication();
		return authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((granted) -> authority.equals(granted.getAuthority()));
	}

	/** The one title all these schemas give, if they give one and the same. */
	private static Optional<String> agreed(List<String> titles) {
		if (titles.isEmpty() || titles.stream().anyMatch(Objects::isNull)) {
			return Optional.empty();
		}
		return (titles.stream().distinct().count() == 1) ? Optional.of(titles.get(0)) : Optional.empty();
	}

	/**
	 * An exact identifier match first (one indexed lookup); only when there is none, a
	 * prefix search.
	 */
	private List<IdentitySummary> search(String q, int limit) {
		Optional<IdentitySummary> exact = this.kratos.findByIdentifier(q);
		if (exact.isPresent()) {
			return List.of(exact.get());
		}
		return this.identities.searchByPrefix(q, limit);
	}

	/**
	 * Whether the schema column is worth showing: some identity on the page does not use
	 * the default schema.
	 */
	private static boolean multiSchema(IdentityPage page) {
		return page.identities()
			.stream()
			.anyMatch((identity) -> !KratosAdminClient.DEFAULT_SCHEMA_ID.equals(identity.schemaId()));
	}

	private static Optional<String> uuid(String text) {
		if (text.length() != 36) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(text).toString());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}

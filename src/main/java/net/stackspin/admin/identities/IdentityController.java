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

	IdentityController(KratosAdminClient kratos, KratosIdentities identities, IdentityNames names,
			MessageSource messages, ObjectProvider<UiProperties> ui) {
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
			@RequestParam(name = "q", required = false) String query, Model model, HttpServletRequest request,
			HttpServletResponse response) {
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
			IdentityPage results = new IdentityPage(search(q, pageSize), Optional.empty());
			model.addAttribute("page", results);
			addRows(model, results, request);
			model.addAttribute("firstPage", true);
			return "identities/list";
		}
		IdentityPage page;
		try {
			page = this.kratos.listIdentities(pageSize, pageToken);
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
		IdentityRowsHtml.Labels labels = new IdentityRowsHtml.Labels(
				this.messages.getMessage("identity.state.ACTIVE", null, locale),
				this.messages.getMessage("identity.state.INACTIVE", null, locale),
				this.messages.getMessage("common.yes", null, locale),
				this.messages.getMessage("common.no", null, locale), PageTimes.formatter(locale, this.timeZone));
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
		model.addAttribute("rowsHtml", IdentityRowsHtml.render(rows, request.getContextPath() + "/identities/",
				nameColumn, multiSchema, labels));
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

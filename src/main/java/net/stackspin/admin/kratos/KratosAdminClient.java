package net.stackspin.admin.kratos;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.ApiResponse;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.api.MetadataApi;
import sh.ory.kratos.model.CreateIdentityBody;
import sh.ory.kratos.model.Identity;
import sh.ory.kratos.model.VerifiableIdentityAddress;

/**
 * The panel's view of Kratos's admin API. Speaks the records of this package; the
 * generated types and HTTP stay inside.
 */
public class KratosAdminClient {

	/** Kratos caps keyset pages at 1000 (ory/x keysetpagination). */
	public static final int MAX_PAGE_SIZE = 1000;

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");

	private final IdentityApi identities;

	private final MetadataApi adminMetadata;

	private final KratosCalls calls;

	KratosAdminClient(KratosClients clients, MeterRegistry meters) {
		this.identities = new IdentityApi(clients.admin());
		this.adminMetadata = new MetadataApi(clients.admin());
		this.calls = new KratosCalls(meters);
	}

	/**
	 * One page of identities in Kratos's keyset order.
	 * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
	 * @param pageToken the token from the previous page, or {@code null} for the first
	 * page
	 */
	public IdentityPage listIdentities(int pageSize, String pageToken) {
		if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("page size must be between 1 and " + MAX_PAGE_SIZE);
		}
		String token = (pageToken == null || pageToken.isBlank()) ? null : pageToken;
		ApiResponse<List<Identity>> response = this.calls.run("list_identities", () -> this.identities
			.listIdentitiesWithHttpInfo(null, null, (long) pageSize, token, null, null, null, null, null, null));
		List<IdentitySummary> page = response.getData().stream().map(KratosAdminClient::summary).toList();
		return new IdentityPage(page, nextPageToken(response.getHeaders()));
	}

	/** The identity with this id; {@link IdentityNotFoundException} if there is none. */
	public IdentitySummary getIdentity(String id) {
		String uuid = requireUuid(id);
		try {
			return summary(this.calls.run("get_identity", () -> this.identities.getIdentity(uuid, null)));
		}
		catch (KratosRequestRejectedException ex) {
			throw notFoundOr(uuid, ex);
		}
	}

	/**
	 * Creates an identity; a duplicate identifier is a
	 * {@link KratosRequestRejectedException} (409).
	 */
	public IdentitySummary createIdentity(NewIdentity identity) {
		CreateIdentityBody body = new CreateIdentityBody().traits(identity.traits())
			.state(CreateIdentityBody.StateEnum.fromValue(identity.state().name().toLowerCase(java.util.Locale.ROOT)));
		if (identity.schemaId() != null) {
			body.schemaId(identity.schemaId());
		}
		else {
			body.schemaId("default");
		}
		if (!identity.adminRoles().isEmpty()) {
			body.metadataAdmin(Map.of("roles", identity.adminRoles()));
		}
		return summary(this.calls.run("create_identity", () -> this.identities.createIdentity(body)));
	}

	/**
	 * Deletes an identity.
	 * @return {@code false} if it was already gone
	 */
	public boolean deleteIdentity(String id) {
		String uuid = requireUuid(id);
		try {
			this.calls.run("delete_identity", () -> {
				this.identities.deleteIdentity(uuid);
				return null;
			});
			return true;
		}
		catch (KratosRequestRejectedException ex) {
			if (ex.getStatus() == 404) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Whether Kratos's admin API reports itself ready (database reachable, migrations
	 * applied).
	 */
	public boolean isReady() {
		try {
			this.calls.run("health_ready", this.adminMetadata::isReady);
			return true;
		}
		catch (KratosException ex) {
			return false;
		}
	}

	/** The version Kratos reports, e.g. {@code v1.3.1}. */
	public String version() {
		return this.calls.run("version", this.adminMetadata::getVersion).getVersion();
	}

	static String requireUuid(String id) {
		try {
			return UUID.fromString(id).toString();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new IdentityNotFoundException(String.valueOf(id));
		}
	}

	private static KratosException notFoundOr(String id, KratosRequestRejectedException ex) {
		return (ex.getStatus() == 404) ? new IdentityNotFoundException(id) : ex;
	}

	/** The {@code page_token} of the {@code rel="next"} link, if Kratos sent one. */
	static Optional<String> nextPageToken(Map<String, List<String>> headers) {
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			if (!"link".equalsIgnoreCase(header.getKey())) {
				continue;
			}
			for (String value : header.getValue()) {
				Matcher next = NEXT_LINK.matcher(value);
				if (next.find()) {
					return queryParameter(next.group(1), "page_token");
				}
			}
		}
		return Optional.empty();
	}

	private static Optional<String> queryParameter(String url, String name) {
		String query = URI.create(url).getRawQuery();
		if (query == null) {
			return Optional.empty();
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).equals(name)) {
				String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				return value.isEmpty() ? Optional.empty() : Optional.of(value);
			}
		}
		return Optional.empty();
	}

	static IdentitySummary summary(Identity identity) {
		boolean verified = identity.getVerifiableAddresses() != null
				&& identity.getVerifiableAddresses().stream().anyMatch(VerifiableIdentityAddress::getVerified);
		IdentityState state = (identity.getState() == Identity.StateEnum.INACTIVE) ? IdentityState.INACTIVE
				: IdentityState.ACTIVE;
		return new IdentitySummary(identity.getId(), identity.getSchemaId(), traits(identity.getTraits()), state,
				verified, instant(identity.getCreatedAt()), instant(identity.getUpdatedAt()));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> traits(Object traits) {
		if (traits instanceof Map<?, ?> map) {
			return new LinkedHashMap<>((Map<String, Object>) map);
		}
		return Map.of();
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

}

package net.stackspin.admin.kratos;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import sh.ory.kratos.model.CreateRecoveryLinkForIdentityBody;
import sh.ory.kratos.model.IdentityWithCredentials;
import sh.ory.kratos.model.IdentityWithCredentialsPassword;
import sh.ory.kratos.model.IdentityWithCredentialsPasswordConfig;
import sh.ory.kratos.model.JsonPatch;
import sh.ory.kratos.model.RecoveryLinkForIdentity;
import sh.ory.kratos.model.Identity;
import sh.ory.kratos.model.VerifiableIdentityAddress;

/**
 * The panel's view of Kratos's admin API. Speaks the records of this package; the
 * generated types and HTTP stay inside.
 */
public class KratosAdminClient {

	/** Kratos caps keyset pages at 1000 (ory/x keysetpagination). */
	public static final int MAX_PAGE_SIZE = 1000;

	/**
	 * The Kratos releases the panel is tested against (docs/kratos-versions.md), named on
	 * the "unexpected answer" page.
	 */
	public static final List<String> TESTED_VERSIONS = List.of("v1.3.1", "v26.2.0");

	/** The schema id Kratos's own configuration uses by default. */
	public static final String DEFAULT_SCHEMA_ID = "default";

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");

	private final IdentityApi identities;

	private final MetadataApi adminMetadata;

	private final MetadataApi probeMetadata;

	private final KratosCalls calls;

	private final KratosJson json;

	KratosAdminClient(KratosClients clients, MeterRegistry meters) {
		this.identities = new IdentityApi(clients.admin());
		this.json = new KratosJson(clients.admin());
		this.adminMetadata = new MetadataApi(clients.admin());
		this.probeMetadata = new MetadataApi(clients.adminForProbes());
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
		Map<String, String> query = new LinkedHashMap<>();
		query.put("page_size", Integer.toString(pageSize));
		if (pageToken != null && !pageToken.isBlank()) {
			query.put("page_token", pageToken);
		}
		KratosJson.Identities answer = list("list_identities", query);
		return new IdentityPage(answer.identities(), nextPageToken(answer.headers()));
	}

	/**
	 * {@code GET /admin/identities} read with Jackson straight into the panel's records:
	 * the generated client's Gson models parse each identity twice (tree, then object),
	 * which was a quarter of the list page's CPU time.
	 */
	KratosJson.Identities list(String operation, Map<String, String> query) {
		return this.calls.run(operation, () -> this.json.getIdentities("admin/identities", query));
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
		CreateIdentityBody body = createBody(identity);
		return summary(this.calls.run("create_identity", () -> this.identities.createIdentity(body)));
	}

	private static CreateIdentityBody createBody(NewIdentity identity) {
		CreateIdentityBody body = new CreateIdentityBody().traits(identity.traits())
			.schemaId((identity.schemaId() != null) ? identity.schemaId() : DEFAULT_SCHEMA_ID)
			.state(CreateIdentityBody.StateEnum.fromValue(identity.state().name().toLowerCase(Locale.ROOT)));
		if (!identity.adminRoles().isEmpty()) {
			body.metadataAdmin(Map.of("roles", identity.adminRoles()));
		}
		return body;
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
	 * applied), within a second: a Kratos slower than that is not ready for a probe.
	 */
	public boolean isReady() {
		try {
			this.calls.run("health_ready", this.probeMetadata::isReady);
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

	/**
	 * The identity and its {@code metadata_admin.roles} from one call;
	 * {@link IdentityNotFoundException} if there is none.
	 */
	public IdentityWithRoles getIdentityWithRoles(String id) {
		String uuid = requireUuid(id);
		try {
			Identity identity = this.calls.run("get_identity", () -> this.identities.getIdentity(uuid, null));
			return new IdentityWithRoles(summary(identity), roles(identity.getMetadataAdmin()));
		}
		catch (KratosRequestRejectedException ex) {
			throw notFoundOr(uuid, ex);
		}
	}

	/**
	 * The roles in the identity's {@code metadata_admin.roles}; empty when it has none.
	 */
	public List<String> adminRoles(String identityId) {
		String uuid = requireUuid(identityId);
		try {
			Identity identity = this.calls.run("get_identity", () -> this.identities.getIdentity(uuid, null));
			return roles(identity.getMetadataAdmin());
		}
		catch (KratosRequestRejectedException ex) {
			throw notFoundOr(uuid, ex);
		}
	}

	/**
	 * The identity whose credentials identifier (the e-mail) is exactly this one, if any.
	 */
	public Optional<IdentitySummary> findByIdentifier(String identifier) {
		return list("find_identity", Map.of("page_size", "1", "credentials_identifier", identifier)).identities()
			.stream()
			.findFirst();
	}

	/**
	 * Makes {@code role} the only one of {@code exclusive} in
	 * {@code metadata_admin.roles} (e.g. one panel role), keeping every other entry and
	 * the rest of {@code metadata_admin}.
	 * @return {@code false} if the roles were already so
	 */
	public boolean setExclusiveRole(String identityId, String role, Collection<String> exclusive) {
		String uuid = requireUuid(identityId);
		try {
			Identity identity = this.calls.run("get_identity", () -> this.identities.getIdentity(uuid, null));
			List<String> before = roles(identity.getMetadataAdmin());
			List<String> after = new ArrayList<>(before);
			after.removeAll(exclusive);
			after.add(role);
			if (before.size() == after.size() && before.containsAll(after)) {
				return false;
			}
			JsonPatch patch = (identity.getMetadataAdmin() instanceof Map<?, ?>)
					? new JsonPatch().op("add").path("/metadata_admin/roles").value(after)
					: new JsonPatch().op("add").path("/metadata_admin").value(Map.of("roles", after));
			this.calls.run("patch_identity", () -> this.identities.patchIdentity(uuid, List.of(patch)));
			return true;
		}
		catch (KratosRequestRejectedException ex) {
			throw notFoundOr(uuid, ex);
		}
	}

	/**
	 * Adds a role to {@code metadata_admin.roles}, keeping whatever else is there.
	 * @return {@code false} if the identity already had it
	 */
	public boolean grantRole(String identityId, String role) {
		String uuid = requireUuid(identityId);
		try {
			Identity identity = this.calls.run("get_identity", () -> this.identities.getIdentity(uuid, null));
			List<String> roles = roles(identity.getMetadataAdmin());
			if (roles.contains(role)) {
				return false;
			}
			JsonPatch patch;
			if (!(identity.getMetadataAdmin() instanceof Map<?, ?> metadata)) {
				patch = new JsonPatch().op("add").path("/metadata_admin").value(Map.of("roles", List.of(role)));
			}
			else if (!(metadata.get("roles") instanceof List<?>)) {
				patch = new JsonPatch().op("add").path("/metadata_admin/roles").value(List.of(role));
			}
			else {
				patch = new JsonPatch().op("add").path("/metadata_admin/roles/-").value(role);
			}
			this.calls.run("patch_identity", () -> this.identities.patchIdentity(uuid, List.of(patch)));
			return true;
		}
		catch (KratosRequestRejectedException ex) {
			throw notFoundOr(uuid, ex);
		}
	}

	/**
	 * Removes a role from {@code metadata_admin.roles}.
	 * @return {@code false} if the identity did not have it
	 */
	public boolean revokeRole(String identityId, String role) {
		String uuid = requireUuid(identityId);
		try {
			Identity identity = this.calls.run("get_identity", () -> this.identities.getIdentity(uuid, null));
			List<String> roles = roles(identity.getMetadataAdmin());
			if (!roles.contains(role)) {
				return false;
			}
			List<String> remaining = roles.stream().filter((r) -> !r.equals(role)).toList();
			JsonPatch patch = new JsonPatch().op("replace").path("/metadata_admin/roles").value(remaining);
			this.calls.run("patch_identity", () -> this.identities.patchIdentity(uuid, List.of(patch)));
			return true;
		}
		catch (KratosRequestRejectedException ex) {
			throw notFoundOr(uuid, ex);
		}
	}

	/**
	 * Creates an identity that can sign in with this password right away (tests,
	 * imports).
	 */
	public IdentitySummary createIdentityWithPassword(NewIdentity identity, String password) {
		CreateIdentityBody body = createBody(identity)
			.credentials(new IdentityWithCredentials().password(new IdentityWithCredentialsPassword()
				.config(new IdentityWithCredentialsPasswordConfig().password(password))));
		return summary(this.calls.run("create_identity", () -> this.identities.createIdentity(body)));
	}

	/**
	 * A one-time link through which the identity's owner sets a password (Kratos's
	 * recovery link). The link is a credential: show it to whom it is for, never log it.
	 */
	public RecoveryLink createRecoveryLink(String identityId, Duration lifetime) {
		String uuid = requireUuid(identityId);
		CreateRecoveryLinkForIdentityBody body = new CreateRecoveryLinkForIdentityBody().identityId(uuid)
			.expiresIn(lifetime.toSeconds() + "s");
		try {
			RecoveryLinkForIdentity link = this.calls.run("create_recovery_link",
					() -> this.identities.createRecoveryLinkForIdentity(null, body));
			return new RecoveryLink(link.getRecoveryLink(), instant(link.getExpiresAt()));
		}
		catch (KratosRequestRejectedException ex) {
			if (ex.getStatus() == 400 && ex.getReason().contains("does not exist")) {
				throw new IdentityNotFoundException(uuid);
			}
			throw notFoundOr(uuid, ex);
		}
	}

	/** Ends every session of the identity; none to end is no error. */
	public void revokeSessions(String identityId) {
		String uuid = requireUuid(identityId);
		try {
			this.calls.run("delete_identity_sessions", () -> {
				this.identities.deleteIdentitySessions(uuid);
				return null;
			});
		}
		catch (KratosRequestRejectedException ex) {
			if (ex.getStatus() != 404) {
				throw ex;
			}
		}
	}

	/** Activates or deactivates an identity. */
	public void setState(String identityId, IdentityState state) {
		String uuid = requireUuid(identityId);
		JsonPatch patch = new JsonPatch().op("replace").path("/state").value(state.name().toLowerCase(Locale.ROOT));
		try {
			this.calls.run("patch_identity", () -> this.identities.patchIdentity(uuid, List.of(patch)));
		}
		catch (KratosRequestRejectedException ex) {
			throw notFoundOr(uuid, ex);
		}
	}

	static List<String> roles(Object metadataAdmin) {
		if (metadataAdmin instanceof Map<?, ?> metadata && metadata.get("roles") instanceof List<?> roles) {
			return roles.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		return List.of();
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
				verified, instant(identity.getCreatedAt()), instant(identity.getUpdatedAt()),
				InvitationNote.of(identity.getMetadataAdmin()));
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

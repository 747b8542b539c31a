package net.stackspin.admin.kratos;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import sh.ory.kratos.ApiResponse;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.CreateIdentityBody;
import sh.ory.kratos.model.Identity;
import sh.ory.kratos.model.IdentityWithCredentials;
import sh.ory.kratos.model.IdentityWithCredentialsPassword;
import sh.ory.kratos.model.IdentityWithCredentialsPasswordConfig;
import sh.ory.kratos.model.VerifiableIdentityAddress;
import sh.ory.kratos.model.IdentityPatch;
import sh.ory.kratos.model.IdentityPatchResponse;
import sh.ory.kratos.model.JsonPatch;
import sh.ory.kratos.model.PatchIdentitiesBody;

/**
 * The identity calls of the management pages that {@link KratosAdminClient} does not
 * make: the full detail of one identity, JSON Patch, prefix search, finding another
 * administrator, and batch creation (seeding, imports).
 */
public class KratosIdentities {

	/**
	 * Kratos's limit on entries per batch request ({@code BatchPatchIdentitiesLimit}):
	 * 1,000 in v26.2.0 (v1.3.1 took 2,000), so the lower one, which both accept.
	 */
	public static final int MAX_BATCH = 1000;

	private static final long SCAN_PAGE_SIZE = 500;

	/** Ids per {@code ?ids=} lookup: keeps the URL short. */
	static final int IDS_PER_LOOKUP = 200;

	private final IdentityApi identities;

	/** Batch creation, with the longer read timeout it needs. */
	private final IdentityApi batches;

	private final KratosCalls calls;

	private final KratosJson json;

	KratosIdentities(KratosClients clients, MeterRegistry meters) {
		this.identities = new IdentityApi(clients.admin());
		this.batches = new IdentityApi(clients.adminForBatches());
		this.json = new KratosJson(clients.admin());
		this.calls = new KratosCalls(meters);
	}

	/** The identity with this id, in full; {@link IdentityNotFoundException} if none. */
	public IdentityDetail detail(String id) {
		String uuid = KratosAdminClient.requireUuid(id);
		try {
			// with the password's config: an invited identity has the credential but no
			// hash, and is not shown as signing in with a password (as the Access tab
			// says)
			return detail(this.calls.run("get_identity", () -> this.identities.getIdentity(uuid, List.of("password"))));
		}
		catch (KratosRequestRejectedException ex) {
			throw (ex.getStatus() == 404) ? new IdentityNotFoundException(uuid) : ex;
		}
	}

	/**
	 * Applies the changes in one JSON Patch request. Schema violations and duplicates are
	 * {@link KratosRequestRejectedException}s (400, 409).
	 */
	public IdentityDetail patch(String id, List<IdentityChange> changes) {
		String uuid = KratosAdminClient.requireUuid(id);
		List<JsonPatch> patch = changes.stream()
			.map((change) -> new JsonPatch().op(change.op().name().toLowerCase(Locale.ROOT))
				.path(change.path())
				.value(change.value()))
			.toList();
		try {
			return detail(this.calls.run("patch_identity", () -> this.identities.patchIdentity(uuid, patch)));
		}
		catch (KratosRequestRejectedException ex) {
			throw (ex.getStatus() == 404) ? new IdentityNotFoundException(uuid) : ex;
		}
	}

	/**
	 * Identities whose credential identifier (e-mail) starts with {@code prefix}
	 * (Kratos's experimental {@code preview_credentials_identifier_similar}, a prefix
	 * match in v1.3.1), at most {@code limit}.
	 */
	public List<IdentitySummary> searchByPrefix(String prefix, int limit) {
		Map<String, String> query = Map.of("page_size", Integer.toString(limit),
				"preview_credentials_identifier_similar", prefix);
		return this.calls.run("search_identities", () -> this.json.getIdentities("admin/identities", query))
			.identities();
	}

	/**
	 * The identities with these ids that exist, in Kratos's order, in one request
	 * ({@code ?ids=}); ids that are no UUID are left out.
	 * @param ids at most {@value KratosAdminClient#MAX_PAGE_SIZE}
	 */
	public List<IdentitySummary> byIds(java.util.Collection<String> ids) {
		List<String> uuids = new ArrayList<>();
		for (String id : ids) {
			try {
				uuids.add(KratosAdminClient.requireUuid(id));
			}
			catch (IdentityNotFoundException ex) {
				// not an identity: nothing to find
			}
		}
		if (uuids.isEmpty()) {
			return List.of();
		}
		if (uuids.size() > KratosAdminClient.MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("at most " + KratosAdminClient.MAX_PAGE_SIZE + " ids");
		}
		Map<String, Object> query = Map.of("ids", uuids, "page_size", Integer.toString(uuids.size()));
		return this.calls.run("find_identities", () -> this.json.getIdentities("admin/identities", query)).identities();
	}

	/**
	 * One keyset page of identities with what an export needs (metadata_admin's roles and
	 * invitation note; never credentials).
	 * @param filter extra query parameters: {@code ids}, {@code credentials_identifier}
	 * or {@code preview_credentials_identifier_similar}, or none
	 */
	public ExportPage exportPage(int pageSize, String pageToken, Map<String, String> filter) {
		Map<String, String> query = new java.util.LinkedHashMap<>(filter);
		query.put("page_size", Integer.toString(pageSize));
		if (pageToken != null && !pageToken.isBlank()) {
			query.put("page_token", pageToken);
		}
		KratosJson.Answer answer = this.calls.run("export_identities",
				() -> this.json.get("admin/identities", query, Map.of()));
		List<ExportedIdentity> page = new ArrayList<>();
		for (tools.jackson.databind.JsonNode identity : answer.body()) {
			page.add(exported(identity));
		}
		return new ExportPage(page, KratosAdminClient.nextPageToken(answer.headers()));
	}

	private static ExportedIdentity exported(tools.jackson.databind.JsonNode identity) {
		tools.jackson.databind.JsonNode traits = identity.path("traits");
		int addresses = 0;
		int verified = 0;
		for (tools.jackson.databind.JsonNode address : identity.path("verifiable_addresses")) {
			addresses++;
			if (address.path("verified").asBoolean(false)) {
				verified++;
			}
		}
		tools.jackson.databind.JsonNode metadata = identity.path("metadata_admin");
		List<String> roles = new ArrayList<>();
		for (tools.jackson.databind.JsonNode role : metadata.path("roles")) {
			if (role.isString()) {
				roles.add(role.asString());
			}
		}
		tools.jackson.databind.JsonNode invitation = metadata.path("invitation");
		Instant validUntil;
		try {
			validUntil = KratosJson.instant(invitation, "valid_until");
		}
		catch (RuntimeException ex) {
			// a note edited by hand: exported as "pending" without an end
			validUntil = null;
		}
		IdentitySummary summary = KratosJson.summary(identity);
		return new ExportedIdentity(summary, traits.isObject() ? traits : KratosJson.JSON.createObjectNode(), addresses,
				verified, roles, validUntil, invitation.isObject());
	}

	/**
	 * Whether an active identity other than {@code exceptId} has {@code role}. Pages
	 * through identities until it finds one; only used before an administrator demotes or
	 * deactivates themselves, which is rare.
	 */
	public boolean anotherActiveHolderOf(String role, String exceptId) {
		return activeHolderOf(role, exceptId);
	}

	/**
	 * Whether any active identity has {@code role}: the check after a change that may
	 * have taken away the last administrator.
	 */
	public boolean anyActiveHolderOf(String role) {
		return activeHolderOf(role, null);
	}

	private boolean activeHolderOf(String role, String exceptId) {
		String token = null;
		do {
			String pageToken = token;
			ApiResponse<List<Identity>> page = this.calls.run("list_identities", () -> this.identities
				.listIdentitiesWithHttpInfo(null, null, SCAN_PAGE_SIZE, pageToken, null, null, null, null, null, null));
			for (Identity identity : page.getData()) {
				if (!identity.getId().equalsIgnoreCase(exceptId) && identity.getState() != Identity.StateEnum.INACTIVE
						&& KratosAdminClient.roles(identity.getMetadataAdmin()).contains(role)) {
					return true;
				}
			}
			token = KratosAdminClient.nextPageToken(page.getHeaders()).orElse(null);
		}
		while (token != null);
		return false;
	}

	/**
	 * Creates up to {@value #MAX_BATCH} identities in one request.
	 * @return the ids created, in order; entries Kratos refused (e.g. duplicates) are
	 * left out
	 */
	public List<String> createBatch(List<NewIdentity> batch) {
		if (batch.size() > MAX_BATCH) {
			throw new IllegalArgumentException("at most " + MAX_BATCH + " identities per batch");
		}
		PatchIdentitiesBody body = new PatchIdentitiesBody();
		for (NewIdentity identity : batch) {
			CreateIdentityBody create = new CreateIdentityBody().traits(identity.traits())
				.schemaId(Optional.ofNullable(identity.schemaId()).orElse(KratosAdminClient.DEFAULT_SCHEMA_ID))
				.state(CreateIdentityBody.StateEnum.fromValue(identity.state().name().toLowerCase(Locale.ROOT)));
			body.addIdentitiesItem(new IdentityPatch().create(create));
		}
		// the batch client's longer read timeout: hundreds of identities take Kratos
		// seconds
		List<IdentityPatchResponse> results = this.calls
			.run("batch_create_identities", () -> this.batches.batchPatchIdentities(body))
			.getIdentities();
		List<String> ids = new ArrayList<>();
		if (results != null) {
			for (IdentityPatchResponse result : results) {
				if (result.getAction() == IdentityPatchResponse.ActionEnum.CREATE && result.getIdentity() != null) {
					ids.add(result.getIdentity());
				}
			}
		}
		return ids;
	}

	/**
	 * Creates up to {@value #MAX_BATCH} identities in one request, with password hashes
	 * and verified addresses where given. The answer has one row per entry, in order. In
	 * Kratos v1.3.1 a conflicting entry rolls back the whole batch while the other rows
	 * still read "created": check the ids with {@link #existingIds} before reporting
	 * them.
	 */
	public List<BatchRow> importBatch(List<ImportedIdentity> batch) {
		if (batch.size() > MAX_BATCH) {
			throw new IllegalArgumentException("at most " + MAX_BATCH + " identities per batch");
		}
		PatchIdentitiesBody body = new PatchIdentitiesBody();
		List<String> patchIds = new ArrayList<>(batch.size());
		for (ImportedIdentity imported : batch) {
			NewIdentity identity = imported.identity();
			CreateIdentityBody create = new CreateIdentityBody().traits(identity.traits())
				.schemaId(Optional.ofNullable(identity.schemaId()).orElse(KratosAdminClient.DEFAULT_SCHEMA_ID))
				.state(CreateIdentityBody.StateEnum.fromValue(identity.state().name().toLowerCase(Locale.ROOT)));
			if (!identity.adminRoles().isEmpty()) {
				create.metadataAdmin(Map.of("roles", identity.adminRoles()));
			}
			if (imported.passwordHash() != null) {
				create.credentials(new IdentityWithCredentials().password(new IdentityWithCredentialsPassword()
					.config(new IdentityWithCredentialsPasswordConfig().hashedPassword(imported.passwordHash()))));
			}
			for (String address : imported.verifiedAddresses()) {
				create.addVerifiableAddressesItem(new VerifiableIdentityAddress().value(address)
					.via(VerifiableIdentityAddress.ViaEnum.EMAIL)
					.verified(true)
					.status("completed"));
			}
			String patchId = UUID.randomUUID().toString();
			patchIds.add(patchId);
			body.addIdentitiesItem(new IdentityPatch().patchId(patchId).create(create));
		}
		List<IdentityPatchResponse> results = this.calls
			.run("batch_create_identities", () -> this.batches.batchPatchIdentities(body))
			.getIdentities();
		Map<String, BatchRow> byPatchId = new java.util.HashMap<>();
		if (results != null) {
			for (IdentityPatchResponse result : results) {
				byPatchId.put(result.getPatchId(), row(result));
			}
		}
		List<BatchRow> rows = new ArrayList<>(batch.size());
		for (String patchId : patchIds) {
			rows.add(byPatchId.getOrDefault(patchId, new BatchRow(null, 500, "no answer for this entry")));
		}
		return rows;
	}

	private static BatchRow row(IdentityPatchResponse result) {
		if (result.getAction() == IdentityPatchResponse.ActionEnum.CREATE && result.getIdentity() != null) {
			return new BatchRow(result.getIdentity(), 0, null);
		}
		int status = 400;
		String reason = "refused";
		if (result.getError() instanceof Map<?, ?> error) {
			if (error.get("code") instanceof Number code) {
				status = code.intValue();
			}
			Object text = (error.get("reason") != null) ? error.get("reason") : error.get("message");
			if (text != null) {
				reason = text.toString();
			}
		}
		return new BatchRow(null, status, reason);
	}

	/**
	 * Which of these identity ids Kratos holds ({@code GET /admin/identities?ids=...},
	 * {@value #IDS_PER_LOOKUP} at a time).
	 */
	public java.util.Set<String> existingIds(java.util.Collection<String> ids) {
		java.util.Set<String> existing = new java.util.HashSet<>();
		List<String> all = new ArrayList<>(ids);
		for (int from = 0; from < all.size(); from += IDS_PER_LOOKUP) {
			List<String> slice = all.subList(from, Math.min(all.size(), from + IDS_PER_LOOKUP));
			List<Identity> found = this.calls.run("find_identities_by_id", () -> this.identities.listIdentities(null,
					null, (long) slice.size(), null, null, slice, null, null, null, null));
			for (Identity identity : found) {
				existing.add(identity.getId());
			}
		}
		return existing;
	}

	static IdentityDetail detail(Identity identity) {
		List<IdentityDetail.Address> verifiable = (identity.getVerifiableAddresses() != null)
				? identity.getVerifiableAddresses()
					.stream()
					.map((a) -> new IdentityDetail.Address(a.getValue(), String.valueOf(a.getVia()),
							Boolean.TRUE.equals(a.getVerified())))
					.toList()
				: List.of();
		List<IdentityDetail.Address> recovery = (identity.getRecoveryAddresses() != null)
				? identity.getRecoveryAddresses()
					.stream()
					.map((a) -> new IdentityDetail.Address(a.getValue(), String.valueOf(a.getVia()), false))
					.toList()
				: List.of();
		List<String> credentials = (identity.getCredentials() != null) ? identity.getCredentials()
			.entrySet()
			.stream()
			.filter((entry) -> !"password".equals(entry.getKey()) || passwordSet(entry.getValue().getConfig()))
			.map(Map.Entry::getKey)
			.sorted()
			.toList() : List.of();
		return new IdentityDetail(KratosAdminClient.summary(identity), instant(identity.getStateChangedAt()),
				verifiable, recovery, credentials, identity.getMetadataPublic(), identity.getMetadataAdmin(),
				KratosAdminClient.roles(identity.getMetadataAdmin()));
	}

	/**
	 * Whether a password credential's config holds a hash (or defers to the migration
	 * hook): what {@link KratosCredentials#identityAccess} calls set. Without the config
	 * (read without {@code include_credential}) nothing says otherwise.
	 */
	static boolean passwordSet(Object config) {
		if (!(config instanceof Map<?, ?> values)) {
			return true;
		}
		Object hash = values.get("hashed_password");
		return (hash instanceof String text && !text.isEmpty())
				|| Boolean.TRUE.equals(values.get("use_password_migration_hook"));
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

}

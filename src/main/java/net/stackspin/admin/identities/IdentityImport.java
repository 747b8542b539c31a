package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.auth.PanelRole;
import net.stackspin.admin.kratos.BatchRow;
import net.stackspin.admin.kratos.IdentityState;
import net.stackspin.admin.kratos.IdentitySummary;
import net.stackspin.admin.kratos.ImportedIdentity;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosException;
import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.KratosSchemas;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.kratos.SchemaNames;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.onboarding.Invitation;
import net.stackspin.admin.onboarding.InvitationService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Imports users from a CSV or JSON Lines file ({@link ImportFile}), as a dry run or for
 * real, {@link ImportProperties#batchSize()} rows at a time so memory holds one batch:
 * <ol>
 * <li>every row is typed ({@link TraitValues}) and checked against its schema
 * ({@link TraitValidator}, as the forms do), its state, role, {@code verified} and
 * password hash ({@link PasswordHashes}) too;</li>
 * <li>a sign-in identifier an earlier row of the file has is an error;</li>
 * <li>each identifier is looked up in Kratos (exact {@code credentials_identifier}, a
 * bounded number at once): a row whose user exists is skipped, so a second run of the
 * same file creates nothing;</li>
 * <li>for real, only the rows left are sent with Kratos's batch request, then every id
 * Kratos answered is looked up ({@code ?ids=}): in v1.3.1 one conflicting entry rolls the
 * whole batch back while the others still read "created". Rows not stored are sent once
 * more without the refused ones; a row is reported created only once Kratos has it.</li>
 * </ol>
 * No state is kept between requests: a commit reads the file again and checks it again.
 */
@Component
public class IdentityImport {

	/** Whether anything is written to Kratos. */
	public enum Mode {

		DRY_RUN, COMMIT

	}

	/** What happened (or, in a dry run, would happen) to a row. */
	public enum Outcome {

		/** Dry run: would be created. */
		CREATE,
		/** Created and found in Kratos afterwards. */
		CREATED,
		/** A user with this identifier exists: left alone. */
		SKIP,
		/** The row is wrong: nothing sent. */
		ERROR,
		/** Sent, but Kratos refused or did not store it. */
		FAILED;

		public String text() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The result of one row.
	 *
	 * @param line where the row is in the file
	 * @param identifier the row's sign-in identifier (e-mail, username), or empty
	 * @param outcome what happened
	 * @param id the user's id: the one created, or the one that already has the
	 * identifier
	 * @param field the column (trait path, {@code state}, ...) a problem concerns, or
	 * empty
	 * @param problem why the row was not created, or null
	 * @param invitation whether the welcome e-mail went out ({@code sent},
	 * {@code failed}), or empty when none was asked for
	 */
	public record RowResult(int line, String identifier, Outcome outcome, String id, String field, Problem problem,
			String invitation) {

		RowResult withInvitation(String outcome) {
			return new RowResult(this.line, this.identifier, this.outcome, this.id, this.field, this.problem, outcome);
		}

	}

	/** Counts of one run. */
	public record Totals(int rows, Map<Outcome, Integer> outcomes, int invited, int invitationsFailed) {

		public int count(Outcome outcome) {
			return this.outcomes.getOrDefault(outcome, 0);
		}

		/** Whether no row was an error or failed. */
		public boolean allFine() {
			return count(Outcome.ERROR) == 0 && count(Outcome.FAILED) == 0 && this.invitationsFailed == 0;
		}

	}

	/** Told about each row, and after each batch. */
	public interface Listener {

		void row(RowResult result);

		/** After each batch: rows handled so far and the counts. */
		default void batchDone(Totals soFar) {
		}

	}

	/** Opens the file, once per pass. */
	@FunctionalInterface
	public interface Source {

		InputStream open() throws IOException;

	}

	private final KratosAdminClient kratos;

	private final KratosIdentities identities;

	private final KratosSchemas schemas;

	private final SchemaFieldsCache fields;

	private final IdentityNames names;

	private final InvitationService invitations;

	private final ImportProperties properties;

	private final MessageSource messages;

	private final AuditTrail audit;

	IdentityImport(KratosAdminClient kratos, KratosIdentities identities, KratosSchemas schemas,
			SchemaFieldsCache fields, IdentityNames names, InvitationService invitations, ImportProperties properties,
			MessageSource messages, AuditTrail audit) {
		this.audit = audit;
		this.kratos = kratos;
		this.identities = identities;
		this.schemas = schemas;
		this.fields = fields;
		this.names = names;
		this.invitations = invitations;
		this.properties = properties;
		this.messages = messages;
	}

	public ImportProperties properties() {
		return this.properties;
	}

	/** Whether welcome e-mails can be sent (SMTP configured). */
	public boolean canInvite() {
		return this.invitations.canSendMail();
	}

	/**
	 * Checks (and with {@link Mode#COMMIT} imports) the file. The whole file is read once
	 * ({@link #readAll}) before anything is asked or sent, so a file over the limits or
	 * unreadable is refused with nothing created.
	 * @throws ImportFile.Refused when the file as a whole cannot be imported
	 * @throws KratosException when Kratos cannot be asked (rows already reported stay as
	 * reported)
	 */
	public Totals run(Source source, Mode mode, boolean invite, Listener listener) {
		return run(source, mode, invite, null, listener);
	}

	/**
	 * As {@link #run(Source, Mode, boolean, Listener)}, with the dry run's verdicts: a
	 * commit looks up only the rows the hint names (to confirm them and report the
	 * holder), and sends the others without a lookup; Kratos's answer and the
	 * {@code ?ids=} check catch what changed since. Up to
	 * {@link ImportProperties#parallelBatches()} batch requests are in flight while the
	 * next rows are checked; the listener still hears of every row in file order, from
	 * the calling thread only.
	 * @param hint the dry run's verdicts for this file, or null to look every row up
	 */
	public Totals run(Source source, Mode mode, boolean invite, DryRunHint hint, Listener listener) {
		if (invite && !canInvite()) {
			throw new ImportFile.Refused(Problem.of("import.error.noMail"));
		}
		readAll(source);
		Run run = new Run(mode, invite, (mode == Mode.COMMIT) ? hint : null, listener);
		ExecutorService lookups = Executors.newFixedThreadPool(this.properties.lookupParallelism(),
				threads("import-lookup-"));
		ExecutorService senders = (mode == Mode.COMMIT)
				? Executors.newFixedThreadPool(this.properties.parallelBatches(), threads("import-batch-")) : null;
		try (ImportFile.Rows rows = open(source)) {
			List<ImportFile.Row> batch = new ArrayList<>(this.properties.batchSize());
			while (rows.hasNext()) {
				batch.add(rows.next());
				if (batch.size() == this.properties.batchSize()) {
					run.batch(batch, lookups, senders);
					batch = new ArrayList<>(this.properties.batchSize());
				}
			}
			if (!batch.isEmpty()) {
				run.batch(batch, lookups, senders);
			}
			run.drain();
		}
		catch (KratosException ex) {
			// what the batches already in flight created is real: reported before the
			// failure is
			run.settle();
			throw ex;
		}
		finally {
			// on any failure nothing keeps running: queued batches are dropped, running
			// ones interrupted
			lookups.shutdownNow();
			if (senders != null) {
				senders.shutdownNow();
			}
		}
		return run.totals();
	}

	/**
	 * Named (thread dumps), and daemon threads: a command's JVM does not wait for a
	 * request that was cut off.
	 */
	private static ThreadFactory threads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * Reads the whole file without asking Kratos anything: a file over the limits, not
	 * text or not CSV is refused before any row is checked or sent.
	 * @return the encoding the file is read in: UTF-8, or Windows-1252 for a text file
	 * that is not UTF-8 (which the preview says)
	 * @throws ImportFile.Refused when the file as a whole cannot be imported
	 */
	public Charset readAll(Source source) {
		try (ImportFile.Rows rows = open(source)) {
			while (rows.hasNext()) {
				rows.next();
			}
			return rows.charset();
		}
	}

	private ImportFile.Rows open(Source source) {
		try {
			return ImportFile.open(source, this.properties.maxFileSize().toBytes(), this.properties.maxRows());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The text of a problem in this language (identities bundle). */
	public String message(Problem problem, Locale locale) {
		if (problem == null) {
			return "";
		}
		try {
			return this.messages.getMessage(problem.code(), problem.arguments(), locale);
		}
		catch (NoSuchMessageException ex) {
			return problem.code();
		}
	}

	/** A batch's rows decided before sending, and what sending them gives. */
	private record Sent(List<RowResult> checked, Future<List<RowResult>> created) {
	}

	/** A row that passed every check: what would be sent. */
	private record Candidate(int line, String identifier, List<String> identifiers, ImportedIdentity identity) {
	}

	/** What one schema needs for checking rows, read once per run. */
	private record SchemaInfo(List<SchemaField> fields, Map<String, SchemaField> leaves, Map<String, Object> schema,
			List<String> identifierPaths, List<String> verificationPaths) {
	}

	/** One run through a file. */
	private final class Run {

		private final Mode mode;

		private final boolean invite;

		private final Listener listener;

		/** Identifier (lower case) to the line that has it. */
		private final Map<String, Integer> seen = new HashMap<>();

		private final Map<String, Optional<SchemaInfo>> schemaInfo = new HashMap<>();

		private Set<String> served;

		private final Map<Outcome, Integer> outcomes = new LinkedHashMap<>();

		private int rows;

		private int invited;

		private int invitationsFailed;

		private long nextInvitation;

		private final DryRunHint hint;

		/** Batches sent and not yet reported, oldest first. */
		private final Deque<Sent> inFlight = new ArrayDeque<>();

		/**
		 * What a created row granted, by line: filled by the sender threads, audited by
		 * the calling thread (the one with the request and the signed-in user).
		 */
		private final Map<Integer, ImportedIdentity> consequential = new ConcurrentHashMap<>();

		Run(Mode mode, boolean invite, DryRunHint hint, Listener listener) {
			this.mode = mode;
			this.invite = invite;
			this.hint = hint;
			this.listener = listener;
		}

		Totals totals() {
			return new Totals(this.rows, Map.copyOf(this.outcomes), this.invited, this.invitationsFailed);
		}

		/**
		 * Checks the rows, looks up those that may exist and sends the rest, once fewer
		 * than the configured number of batches are in flight; reports every batch
		 * finished by then.
		 */
		void batch(List<ImportFile.Row> batch, ExecutorService lookups, ExecutorService senders) {
			List<RowResult> results = new ArrayList<>(batch.size());
			List<Candidate> candidates = new ArrayList<>();
			for (ImportFile.Row row : batch) {
				Object checked = check(row);
				if (checked instanceof RowResult error) {
					results.add(error);
				}
				else {
					candidates.add((Candidate) checked);
				}
			}
			// with the dry run's verdicts only the rows it found existing are asked
			// about: the others were free then, and Kratos refuses any taken since
			List<Candidate> toAsk = (this.hint == null) ? candidates
					: candidates.stream().filter((candidate) -> this.hint.names(candidate.line())).toList();
			Map<String, String> existing = existing(toAsk, lookups);
			List<Candidate> toCreate = new ArrayList<>();
			for (Candidate candidate : candidates) {
				String holder = candidate.identifiers()
					.stream()
					.map(existing::get)
					.filter((id) -> id != null)
					.findFirst()
					.orElse(null);
				if (holder != null) {
					results.add(new RowResult(candidate.line(), candidate.identifier(), Outcome.SKIP, holder, "",
							Problem.of("import.skip.exists"), ""));
				}
				else if (this.mode == Mode.DRY_RUN) {
					results
						.add(new RowResult(candidate.line(), candidate.identifier(), Outcome.CREATE, "", "", null, ""));
				}
				else {
					toCreate.add(candidate);
				}
			}
			while (this.inFlight.size() >= IdentityImport.this.properties.parallelBatches()) {
				reportOldest();
			}
			Future<List<RowResult>> created = toCreate.isEmpty() ? CompletableFuture.completedFuture(List.of())
					: senders.submit(() -> create(toCreate));
			this.inFlight.add(new Sent(results, created));
			while (!this.inFlight.isEmpty() && this.inFlight.peek().created().isDone()) {
				reportOldest();
			}
		}

		/** Waits for every batch in flight and reports it. */
		void drain() {
			while (!this.inFlight.isEmpty()) {
				reportOldest();
			}
		}

		/**
		 * When the run stops early: awaits and reports every batch still in flight (what
		 * they created is real); their own failures are dropped, the one that stopped the
		 * run is reported.
		 */
		void settle() {
			while (!this.inFlight.isEmpty()) {
				try {
					reportOldest();
				}
				catch (KratosException ex) {
					// the failure that stopped the run is the one reported
				}
			}
		}

		/**
		 * Waits for the oldest batch in flight and tells the listener its rows in line
		 * order; throws what failed it (the run then {@link #settle() settles} the
		 * batches sent after it).
		 */
		private void reportOldest() {
			Sent oldest = this.inFlight.poll();
			try {
				report(oldest.checked(), oldest.created().get());
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new IllegalStateException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while importing", ex);
			}
		}

		private void report(List<RowResult> checked, List<RowResult> created) {
			List<RowResult> results = new ArrayList<>(checked.size() + created.size());
			results.addAll(checked);
			results.addAll(created);
			results.sort(Comparator.comparingInt(RowResult::line));
			for (RowResult result : results) {
				RowResult reported = result;
				if (this.invite && result.outcome() == Outcome.CREATED) {
					reported = result.withInvitation(invite(result.id()));
				}
				if (result.outcome() == Outcome.CREATED) {
					audit(result, this.consequential.remove(result.line()));
				}
				this.rows++;
				this.outcomes.merge(reported.outcome(), 1, Integer::sum);
				this.listener.row(reported);
			}
			this.listener.batchDone(totals());
		}

		/**
		 * One {@code identity.create} event (issue 24) for a created row that grants a
		 * panel role, sets a password hash or marks an address verified: the trail must
		 * name who can sign in with what, beyond the import's counts. Plain rows are in
		 * the counts only.
		 */
		private void audit(RowResult created, ImportedIdentity identity) {
			if (identity == null) {
				return;
			}
			List<String> roles = identity.identity().adminRoles();
			String role = PanelRole.highestOf(roles).map(PanelRole::kratosName).orElse(IdentityEdits.NO_ROLE);
			boolean hash = identity.passwordHash() != null;
			boolean verified = !identity.verifiedAddresses().isEmpty();
			if (roles.isEmpty() && !hash && !verified) {
				return;
			}
			AuditTrail.Event event = IdentityImport.this.audit.event("identity.create");
			if (org.springframework.security.core.context.SecurityContextHolder.getContext()
				.getAuthentication() == null) {
				event.actor(null, "command-line", null);
			}
			event.target(created.id(), created.identifier().isEmpty() ? null : created.identifier())
				.value("via", "import")
				.value(IdentityForm.ROLE, role)
				.value("password_hash", hash ? "yes" : "no")
				.value("verified", verified ? "yes" : "no")
				.outcome("success")
				.record();
		}

		/**
		 * Sends the rows, then keeps as created only what Kratos holds afterwards; rows
		 * rolled back with a refused one are sent once more without it. A row refused as
		 * taken (someone created that user since it was checked, or the dry run's verdict
		 * was not asked again) is looked up and reported skipped with the holder. Runs on
		 * a sender thread: touches nothing of the run but Kratos.
		 */
		private List<RowResult> create(List<Candidate> candidates) {
			List<RowResult> results = new ArrayList<>();
			List<Candidate> pending = candidates;
			for (int attempt = 1; attempt <= 2 && !pending.isEmpty(); attempt++) {
				List<BatchRow> answers = IdentityImport.this.identities
					.importBatch(pending.stream().map(Candidate::identity).toList());
				List<String> ids = answers.stream().filter(BatchRow::created).map(BatchRow::id).toList();
				Set<String> stored = ids.isEmpty() ? Set.of() : IdentityImport.this.identities.existingIds(ids);
				List<Candidate> again = new ArrayList<>();
				for (int i = 0; i < pending.size(); i++) {
					Candidate candidate = pending.get(i);
					BatchRow answer = answers.get(i);
					if (answer.created() && stored.contains(answer.id())) {
						this.consequential.put(candidate.line(), candidate.identity());
						results.add(new RowResult(candidate.line(), candidate.identifier(), Outcome.CREATED,
								answer.id(), "", null, ""));
					}
					else if (answer.created() && attempt == 1) {
						again.add(candidate);
					}
					else if (answer.created()) {
						results.add(failed(candidate, Problem.of("import.failed.notStored")));
					}
					else if (answer.status() == 409) {
						results.add(taken(candidate));
					}
					else {
						results.add(failed(candidate, Problem.of("import.failed.refused", answer.reason())));
					}
				}
				pending = again;
			}
			return results;
		}

		/**
		 * A row Kratos refused as taken: skipped with its holder, if Kratos names one.
		 */
		private RowResult taken(Candidate candidate) {
			for (String identifier : candidate.identifiers()) {
				Optional<IdentitySummary> holder = IdentityImport.this.kratos.findByIdentifier(identifier);
				if (holder.isPresent()) {
					return new RowResult(candidate.line(), candidate.identifier(), Outcome.SKIP, holder.get().id(), "",
							Problem.of("import.skip.existsSince"), "");
				}
			}
			return failed(candidate, Problem.of("import.failed.conflict"));
		}

		private RowResult failed(Candidate candidate, Problem problem) {
			return new RowResult(candidate.line(), candidate.identifier(), Outcome.FAILED, "", "", problem, "");
		}

		/** Sends the welcome e-mail, no faster than the configured rate. */
		private String invite(String id) {
			long gap = 1_000_000_000L / IdentityImport.this.properties.invitationsPerSecond();
			long wait = this.nextInvitation - System.nanoTime();
			if (wait > 0) {
				try {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.nextInvitation = System.nanoTime() + gap;
			try {
				Invitation invitation = IdentityImport.this.invitations.invite(id);
				if (invitation.mailed()) {
					this.invited++;
					return "sent";
				}
			}
			catch (KratosException ex) {
				// counted as failed below: the user exists, the invitation can be resent
			}
			this.invitationsFailed++;
			return "failed";
		}

		/**
		 * The holders of the candidates' identifiers: exact lookups, at most the
		 * configured number at once.
		 */
		private Map<String, String> existing(List<Candidate> candidates, ExecutorService lookups) {
			Set<String> wanted = new LinkedHashSet<>();
			candidates.forEach((candidate) -> wanted.addAll(candidate.identifiers()));
			Map<String, Future<Optional<IdentitySummary>>> futures = new LinkedHashMap<>();
			for (String identifier : wanted) {
				futures.put(identifier, lookups.submit(() -> IdentityImport.this.kratos.findByIdentifier(identifier)));
			}
			Map<String, String> holders = new ConcurrentHashMap<>();
			for (Map.Entry<String, Future<Optional<IdentitySummary>>> entry : futures.entrySet()) {
				try {
					entry.getValue().get().ifPresent((holder) -> holders.put(entry.getKey(), holder.id()));
				}
				catch (ExecutionException ex) {
					futures.values().forEach((future) -> future.cancel(true));
					if (ex.getCause() instanceof RuntimeException runtime) {
						throw runtime;
					}
					throw new IllegalStateException(ex.getCause());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while looking identifiers up", ex);
				}
			}
			return holders;
		}

		/** A {@link Candidate}, or the {@link RowResult} of a row that is wrong. */
		private Object check(ImportFile.Row row) {
			if (row.problem() != null) {
				return error(row, "", "", row.problem());
			}
			String schemaId = (row.schemaId() != null) ? row.schemaId() : KratosAdminClient.DEFAULT_SCHEMA_ID;
			Optional<SchemaInfo> known = schema(schemaId);
			if (known.isEmpty()) {
				return error(row, "", "schema", Problem.of("import.error.schema", schemaId));
			}
			SchemaInfo info = known.get();
			ObjectNode traits;
			if (row.cells().isEmpty() && row.traits() != null && row.traits().isObject()) {
				// JSON Lines: the traits as they are
				traits = ((ObjectNode) row.traits()).deepCopy();
			}
			else {
				Map<String, String> values = new LinkedHashMap<>();
				Set<String> asJson = new HashSet<>();
				for (Map.Entry<String, String> cell : row.cells().entrySet()) {
					SchemaField leaf = info.leaves().get(cell.getKey());
					if (leaf == null) {
						if (!cell.getValue().isBlank()) {
							return error(row, "", cell.getKey(), Problem.of("import.error.notInSchema", schemaId));
						}
						continue;
					}
					String text = cell.getValue().strip();
					if (leaf.kind() == SchemaField.Kind.LIST && text.startsWith("[")) {
						// the export writes lists as JSON
						asJson.add(leaf.name());
					}
					values.put(leaf.name(), cell.getValue());
				}
				Map<String, Problem> typing = new LinkedHashMap<>();
				traits = TraitValues.traits(values, asJson, info.fields(), typing);
				if (!typing.isEmpty()) {
					var first = typing.entrySet().iterator().next();
					return error(row, "", field(first.getKey()), first.getValue());
				}
				if (row.traits() != null) {
					// the export's traits_json: traits no column holds
					for (Map.Entry<String, JsonNode> extra : row.traits().properties()) {
						if (!traits.has(extra.getKey())) {
							traits.set(extra.getKey(), extra.getValue());
						}
					}
				}
			}
			traits.properties().removeIf((entry) -> entry.getValue().isNull());
			String identifier = identifiers(traits, info).stream().findFirst().orElse("");
			Map<String, Problem> invalid = TraitValues.validate(info.schema(), traits, info.fields());
			if (!invalid.isEmpty()) {
				var first = invalid.entrySet().iterator().next();
				return error(row, identifier, field(first.getKey()), first.getValue());
			}
			IdentityState state;
			switch (row.state().toLowerCase(Locale.ROOT)) {
				case "", "active" -> state = IdentityState.ACTIVE;
				case "inactive" -> state = IdentityState.INACTIVE;
				default -> {
					return error(row, identifier, "state", Problem.of("import.error.state"));
				}
			}
			Boolean verified = bool(row.verified());
			if (verified == null) {
				return error(row, identifier, "verified", Problem.of("import.error.verified"));
			}
			List<String> roles = List.of();
			if (!row.role().isEmpty()) {
				Optional<PanelRole> role = PanelRole.of(row.role().toLowerCase(Locale.ROOT));
				if (role.isEmpty()) {
					return error(row, identifier, "role", Problem.of("import.error.role"));
				}
				roles = List.of(role.get().kratosName());
			}
			String hash = row.passwordHash().isEmpty() ? null : row.passwordHash();
			if (hash != null) {
				Optional<Problem> problem = PasswordHashes.problem(hash);
				if (problem.isPresent()) {
					return error(row, identifier, "password_hash", problem.get());
				}
			}
			List<String> addresses = List.of();
			if (verified) {
				addresses = values(traits, info.verificationPaths());
				if (addresses.isEmpty()) {
					return error(row, identifier, "verified", Problem.of("import.error.noAddress"));
				}
			}
			List<String> identifiers = identifiers(traits, info);
			for (String value : identifiers) {
				Integer earlier = this.seen.get(value);
				if (earlier != null) {
					return error(row, identifier, "", Problem.of("import.error.duplicateInFile", earlier.toString()));
				}
			}
			identifiers.forEach((value) -> this.seen.put(value, row.line()));
			@SuppressWarnings("unchecked")
			Map<String, Object> plain = (Map<String, Object>) TraitJson.plain(traits);
			NewIdentity identity = new NewIdentity(schemaId, plain, state, roles);
			return new Candidate(row.line(), identifier, identifiers, new ImportedIdentity(identity, hash, addresses));
		}

		private RowResult error(ImportFile.Row row, String identifier, String field, Problem problem) {
			return new RowResult(row.line(), identifier, Outcome.ERROR, "", field, problem, "");
		}

		private Optional<SchemaInfo> schema(String schemaId) {
			if (this.served == null) {
				this.served = new HashSet<>(IdentityImport.this.schemas.schemaIds());
			}
			if (!this.served.contains(schemaId)) {
				return Optional.empty();
			}
			return this.schemaInfo.computeIfAbsent(schemaId, (id) -> {
				List<SchemaField> schemaFields = IdentityImport.this.fields.fields(id);
				Map<String, SchemaField> leaves = new LinkedHashMap<>();
				SchemaField.leaves(schemaFields).forEach((leaf) -> leaves.put(leaf.path(), leaf));
				SchemaNames naming = IdentityImport.this.names.of(id);
				List<String> identifierPaths = leaves.values()
					.stream()
					.filter((leaf) -> leaf.identifier() || naming.isIdentifier(leaf.path()))
					.map(SchemaField::path)
					.toList();
				Map<String, Object> schema = IdentityImport.this.fields.schema(id);
				return Optional.of(new SchemaInfo(schemaFields, leaves, schema, identifierPaths,
						verificationPaths(TraitJson.tree(schema))));
			});
		}

	}

	/** A form field name ({@code traits.email}) as the column it came from. */
	private static String field(String name) {
		if (IdentityForm.FORM.equals(name)) {
			return "";
		}
		return name.startsWith("traits.") ? name.substring("traits.".length()) : name;
	}

	private static Boolean bool(String text) {
		if (text.isBlank()) {
			return false;
		}
		if (ImportFile.isTrue(text)) {
			return true;
		}
		return switch (text.strip().toLowerCase(Locale.ROOT)) {
			case "false", "no", "0", "nee", "onwaar", "n" -> false;
			default -> null;
		};
	}

	/** The sign-in identifiers of these traits, lower case, as Kratos compares them. */
	private static List<String> identifiers(ObjectNode traits, SchemaInfo info) {
		return values(traits, info.identifierPaths());
	}

	private static List<String> values(ObjectNode traits, List<String> paths) {
		List<String> values = new ArrayList<>();
		for (String path : paths) {
			JsonNode value = TraitValues.lookup(traits, path);
			if (value == null) {
				continue;
			}
			if (value.isString() && !value.asString().isBlank()) {
				values.add(value.asString().strip().toLowerCase(Locale.ROOT));
			}
			else if (value.isArray()) {
				for (JsonNode item : value.values()) {
					if (item.isString() && !item.asString().isBlank()) {
						values.add(item.asString().strip().toLowerCase(Locale.ROOT));
					}
				}
			}
		}
		return values;
	}

	/**
	 * The trait paths Kratos verifies by e-mail ({@code ory.sh/kratos.verification.via:
	 * email}), following nested objects.
	 */
	static List<String> verificationPaths(JsonNode schema) {
		List<String> paths = new ArrayList<>();
		collect(schema.path("properties").path("traits"), "", schema, paths);
		return paths;
	}

	private static void collect(JsonNode node, String prefix, JsonNode root, List<String> paths) {
		JsonNode resolved = node;
		if (resolved.path("$ref").isString() && resolved.path("$ref").asString().startsWith("#")) {
			resolved = root.at(resolved.path("$ref").asString().substring(1));
		}
		for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
			String path = prefix + property.getKey();
			JsonNode value = property.getValue();
			JsonNode verification = value.path("ory.sh/kratos").path("verification");
			JsonNode items = value.path("items").path("ory.sh/kratos").path("verification");
			if ("email".equals(verification.path("via").asString(""))
					|| "email".equals(items.path("via").asString(""))) {
				paths.add(path);
			}
			if (value.path("properties").isObject()) {
				collect(value, path + ".", root, paths);
			}
		}
	}

}

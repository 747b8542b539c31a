package net.stackspin.admin.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail in a database (PostgreSQL, or H2 in PostgreSQL mode): written in
 * batches by {@link DatabaseAuditSink}, read newest first and keyset-paged by (time, id)
 * for the Activity page and the History tab, purged by age. Its schema comes from the
 * Flyway migrations in {@code db/audit}, applied on first use (and retried on the next
 * use while the database is down), never at start-up: a database that is down must not
 * stop the panel.
 */
public class AuditStore {

	/** How many events a page shows at most. */
	public static final int MAX_PAGE_SIZE = 200;

	private static final Pattern CURSOR = Pattern.compile("(-?\\d{1,19})\\.(\\d{1,19})");

	private static final TypeReference<List<String>> FIELD_NAMES = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
	};

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	private final TransactionTemplate transaction;

	private volatile boolean migrated;

	public AuditStore(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/** One stored event and its row id (the tie-breaker of the keyset). */
	public record StoredEvent(long id, AuditEvent event) {
	}

	/**
	 * What to show; {@code null} or blank means "any".
	 *
	 * @param actor the actor's id (exact) or part of their label (any case)
	 * @param target the target's id (exact) or part of its label (any case)
	 * @param action an action or the start of one ({@code identity.recovery})
	 * @param from events at or after this instant
	 * @param until events before this instant
	 */
	public record Filter(String actor, String target, String action, Instant from, Instant until) {

		public static Filter ofTarget(String targetId) {
			return new Filter(null, targetId, null, null, null);
		}

	}

	/**
	 * One page, newest first.
	 *
	 * @param events the events of this page
	 * @param next the cursor of the next (older) page, or {@code null} on the last page
	 */
	public record Page(List<StoredEvent> events, String next) {
	}

	/**
	 * A page cursor taken from a URL was not one this store makes.
	 */
	public static class InvalidCursorException extends IllegalArgumentException {

		InvalidCursorException() {
			super("not a page cursor");
		}

	}

	/**
	 * After a failed write: no connection of the outage is reused (the pool hands out new
	 * ones, checked), and no transaction of this thread stays bound to a dead connection.
	 */
	void forgetConnections() {
		// the database that answers next may be another one (restored, replaced, or one
		// that
		// lost its last commits in a crash): check its schema again before writing
		this.migrated = false;
		TransactionSynchronizationManager.unbindResourceIfPossible(this.dataSource);
		if (this.dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
			pool.getHikariPoolMXBean().softEvictConnections();
		}
	}

	/** Applies the migrations unless done; throws while the database is down. */
	void migrate() {
		if (this.migrated) {
			return;
		}
		synchronized (this) {
			if (!this.migrated) {
				Flyway.configure()
					.dataSource(this.dataSource)
					.locations("classpath:db/audit")
					.table("audit_schema_history")
					.load()
					.migrate();
				this.migrated = true;
			}
		}
	}

	/**
	 * Stores these events in one transaction: all or none, so a retry after a failure
	 * writes none twice.
	 */
	void insert(List<AuditEvent> events) {
		migrate();
		this.transaction.executeWithoutResult((status) -> events.forEach(this::insert));
	}

	private void insert(AuditEvent event) {
		this.jdbc.sql("""
				INSERT INTO audit_event (occurred_at, action, outcome, actor_id, actor_label, actor_role,
				    target_id, target_label, changed_fields, event_values, event_counts, client_address, request_id)
				VALUES (:time, :action, :outcome, :actorId, :actorLabel, :actorRole, :targetId, :targetLabel,
				    :changed, :values, :counts, :address, :requestId)""")
			.param("time", offset(event.time().truncatedTo(ChronoUnit.MICROS)))
			.param("action", cut(event.action(), 100))
			.param("outcome", cut(event.outcome(), 40))
			.param("actorId", (event.actor() != null) ? cut(event.actor().id(), 64) : null)
			.param("actorLabel", (event.actor() != null) ? cut(event.actor().label(), 400) : null)
			.param("actorRole", (event.actor() != null) ? cut(event.actor().role(), 20) : null)
			.param("targetId", (event.target() != null) ? cut(event.target().id(), 64) : null)
			.param("targetLabel", (event.target() != null) ? cut(event.target().label(), 400) : null)
			.param("changed", this.json.writeValueAsString(event.changedFields()))
			.param("values", this.json.writeValueAsString(event.values()))
			.param("counts", this.json.writeValueAsString(event.counts()))
			.param("address", cut(event.clientAddress(), 64))
			.param("requestId", cut(event.requestId(), 64))
			.update();
	}

	/**
	 * The events matching {@code filter}, newest first, after {@code cursor} (a
	 * {@link Page#next()} value, or {@code null} for the first page).
	 * @throws InvalidCursorException for a cursor this store did not make
	 */
	public Page page(Filter filter, String cursor, int size) {
		int limit = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
		StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (cursor != null && !cursor.isBlank()) {
			Matcher matcher = CURSOR.matcher(cursor);
			if (!matcher.matches()) {
				throw new InvalidCursorException();
			}
			Instant time;
			long id;
			try {
				long micros = Long.parseLong(matcher.group(1));
				time = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
				id = Long.parseLong(matcher.group(2));
			}
			catch (ArithmeticException | java.time.DateTimeException | NumberFormatException ex) {
				throw new InvalidCursorException();
			}
			sql.append(" AND (occurred_at < :cursorTime OR (occurred_at = :cursorTime AND id < :cursorId))");
			params.put("cursorTime", offset(time));
			params.put("cursorId", id);
		}
		who(sql, params, "actor", filter.actor());
		who(sql, params, "target", filter.target());
		if (present(filter.action())) {
			sql.append(" AND action LIKE :action ESCAPE '\\'");
			params.put("action", likeEscaped(filter.action().strip().toLowerCase(Locale.ROOT)) + "%");
		}
		if (filter.from() != null) {
			sql.append(" AND occurred_at >= :from");
			params.put("from", offset(filter.from()));
		}
		if (filter.until() != null) {
			sql.append(" AND occurred_at < :until");
			params.put("until", offset(filter.until()));
		}
		sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ").append(limit + 1);
		migrate();
		List<StoredEvent> rows = this.jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
			Instant time = rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
			AuditEvent.Actor actor = new AuditEvent.Actor(rs.getString("actor_id"), rs.getString("actor_label"),
					rs.getString("actor_role"));
			String targetId = rs.getString("target_id");
			String targetLabel = rs.getString("target_label");
			AuditEvent.Target target = (targetId != null || targetLabel != null)
					? new AuditEvent.Target(targetId, targetLabel) : null;
			return new StoredEvent(rs.getLong("id"),
					new AuditEvent(time, actor, rs.getString("action"), target, rs.getString("outcome"),
							this.json.readValue(rs.getString("changed_fields"), FIELD_NAMES),
							this.json.readValue(rs.getString("event_values"), VALUES),
							this.json.readValue(rs.getString("event_counts"), COUNTS), rs.getString("client_address"),
							rs.getString("request_id")));
		}).list();
		if (rows.size() <= limit) {
			return new Page(rows, null);
		}
		List<StoredEvent> page = new ArrayList<>(rows.subList(0, limit));
		StoredEvent last = page.get(limit - 1);
		return new Page(page, cursorOf(last));
	}

	/** Deletes the events that happened before {@code cutoff}; returns how many. */
	public int purgeBefore(Instant cutoff) {
		migrate();
		return this.jdbc.sql("DELETE FROM audit_event WHERE occurred_at < :cutoff")
			.param("cutoff", offset(cutoff))
			.update();
	}

	/**
	 * Throws unless the database answers and the table the store writes is in place.
	 * Reads {@code audit_event} (created unquoted, so found under its folded name on
	 * PostgreSQL and H2 alike), not Flyway's history table: Flyway quotes that name, and
	 * H2 folds an unquoted reference to upper case, so counting it reported DOWN for ever
	 * on H2.
	 */
	void ping() {
		migrate();
		this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE id < 0").query(Long.class).single();
	}

	static String cursorOf(StoredEvent event) {
		Instant time = event.event().time();
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
		return micros + "." + event.id();
	}

	/** An actor or target: its id when the text is one, else part of its label. */
	private static void who(StringBuilder sql, Map<String, Object> params, String column, String text) {
		if (!present(text)) {
			return;
		}
		String value = text.strip();
		if (isUuid(value)) {
			sql.append(" AND ").append(column).append("_id = :").append(column);
			params.put(column, value.toLowerCase(Locale.ROOT));
		}
		else {
			sql.append(" AND LOWER(").append(column).append("_label) LIKE :").append(column).append(" ESCAPE '\\'");
			params.put(column, "%" + likeEscaped(value.toLowerCase(Locale.ROOT)) + "%");
		}
	}

	private static boolean isUuid(String text) {
		try {
			return UUID.fromString(text).toString().equalsIgnoreCase(text);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static boolean present(String text) {
		return text != null && !text.isBlank();
	}

	private static OffsetDateTime offset(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

}

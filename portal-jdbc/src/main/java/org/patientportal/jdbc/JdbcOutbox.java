package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.patientportal.model.AccountId;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.Outbox;

/**
 * {@link Outbox} on the {@code outbox} table; the payload is kept in one text column exactly as
 * the writer serialised it, so an entry is one row and one round trip.
 *
 * <p>Claims: on PostgreSQL one statement selects the due rows {@code FOR UPDATE SKIP LOCKED} and
 * updates them. H2 2.3 accepts {@code SKIP LOCKED} but, with {@code ORDER BY} and {@code LIMIT},
 * locks every row its filter matched, not just the rows returned; so on H2 the due rows are read
 * without a lock, then locked by id with {@code SKIP LOCKED} (rechecking that they are still due),
 * page after page until {@code limit} are held or none is left. A claim counts the attempt
 * ({@code attempts + 1}); the outcome writes do not count it again.
 *
 * <p>Outcomes of a batch are written as one JDBC batch ({@link #markAllDelivered}: one round trip
 * on PostgreSQL). Retention deletes at most a bounded number of rows per statement, oldest first,
 * on an index of {@code completed_at} (V10).
 */
final class JdbcOutbox implements Outbox {
    private static final String COLUMNS = "id, kind, patient_id, account_id, payload, correlation_key, created_at,"
            + " deliver_after, status, attempts, next_attempt_at, claimed_by, claim_expires_at, last_error,"
            + " completed_at, version";
    private static final String INSERT =
            "INSERT INTO outbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CANCEL_PENDING = "UPDATE outbox SET status = 'CANCELLED', completed_at = ?,"
            + " claimed_by = NULL, claim_expires_at = NULL, version = version + 1"
            + " WHERE correlation_key = ? AND status IN ('PENDING', 'CLAIMED')";
    private static final String DUE =
            "((status = 'PENDING' AND next_attempt_at <= ?) OR (status = 'CLAIMED' AND claim_expires_at <= ?))";
    private static final String CLAIM_PG = "UPDATE outbox o SET status = 'CLAIMED', claimed_by = ?,"
            + " claim_expires_at = ?, attempts = o.attempts + 1, version = o.version + 1"
            + " FROM (SELECT id FROM outbox WHERE " + DUE + " ORDER BY next_attempt_at, id LIMIT ?"
            + " FOR UPDATE SKIP LOCKED) due WHERE o.id = due.id RETURNING "
            + Arrays.stream(COLUMNS.split(", ")).map(column -> "o." + column).collect(Collectors.joining(", "));
    private static final String IS_CLAIMED = " WHERE id = ? AND status = 'CLAIMED' AND claimed_by = ?";
    private static final String LAPSED_AT_BOUND = "status = 'CLAIMED' AND claim_expires_at <= ? AND attempts >= ?";
    private static final String DEAD_LAPSED_PG = "UPDATE outbox o SET status = 'DEAD', last_error = ?,"
            + " completed_at = ?, claimed_by = NULL, claim_expires_at = NULL, version = o.version + 1"
            + " FROM (SELECT id FROM outbox WHERE " + LAPSED_AT_BOUND + " ORDER BY claim_expires_at, id LIMIT ?"
            + " FOR UPDATE SKIP LOCKED) lapsed WHERE o.id = lapsed.id RETURNING "
            + Arrays.stream(COLUMNS.split(", ")).map(column -> "o." + column).collect(Collectors.joining(", "));
    private static final String MARK_DELIVERED = "UPDATE outbox SET status = 'DELIVERED', completed_at = ?,"
            + " version = version + 1" + IS_CLAIMED;
    /** Largest number of rows one retention statement deletes. */
    static final int MAX_PURGE = 10_000;
    private static final Comparator<OutboxEntry> DUE_ORDER = Comparator.comparing(OutboxEntry::nextAttemptAt)
            .thenComparing(e -> e.id().value(), Uuids.UNSIGNED_ORDER);

    private final JdbcTransaction tx;
    /** Ids of the entries this transaction enqueued: a second one is refused at once. */
    private final Set<OutboxEntryId> enqueued = new HashSet<>();

    JdbcOutbox(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void enqueue(OutboxEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (!enqueued.add(entry.id())) {
            // written behind, so the database cannot tell yet; the transaction stays usable, as it did
            throw new DuplicateKeyException("Could not enqueue outbox entry: the id is taken");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        tx.defer("enqueue outbox entry", sql, p -> p.uuid(entry.id().value()).text(entry.kind())
                .uuid(entry.patientId() == null ? null : entry.patientId().value())
                .uuid(entry.accountId() == null ? null : entry.accountId().value()).text(entry.payload())
                .text(entry.correlationKey()).instant(entry.createdAt()).instant(entry.deliverAfter())
                .text(entry.status()).integer(entry.attempts()).instant(entry.nextAttemptAt())
                .text(entry.claimedBy()).instant(entry.claimExpiresAt()).text(entry.lastError())
                .instant(entry.completedAt()).bigint(entry.version()),
                "Could not enqueue outbox entry: the id is taken");
    }

    @Override
    public Optional<OutboxEntry> find(OutboxEntryId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find outbox entry", "SELECT " + COLUMNS + " FROM outbox WHERE id = ?",
                p -> p.uuid(id.value()), JdbcOutbox::map);
    }

    @Override
    public List<OutboxEntry> claimDue(Instant now, int limit, String claimToken, Instant claimExpiresAt) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(claimExpiresAt, "claimExpiresAt");
        Sql.pageLimit(limit);
        List<OutboxEntry> claimed = tx.postgres()
                ? tx.query("claim outbox entries", CLAIM_PG,
                        p -> p.text(claimToken).instant(claimExpiresAt).instant(now).instant(now).integer(limit),
                        JdbcOutbox::map)
                : claimOnH2(now, limit, claimToken, claimExpiresAt);
        List<OutboxEntry> sorted = new ArrayList<>(claimed);
        sorted.sort(DUE_ORDER);
        return sorted;
    }

    private List<OutboxEntry> claimOnH2(Instant now, int limit, String claimToken, Instant claimExpiresAt) {
        List<UUID> held = new ArrayList<>();
        Instant afterDue = null;
        UUID afterId = null;
        while (held.size() < limit) {
            int want = limit - held.size();
            Instant lastDue = afterDue;
            UUID lastId = afterId;
            // Candidates in due order, after the last page seen (rows others hold show up as due here).
            List<Object[]> page = lastId == null
                    ? tx.query("claim outbox entries", "SELECT id, next_attempt_at FROM outbox WHERE " + DUE
                            + " ORDER BY next_attempt_at, id LIMIT ?",
                            p -> p.instant(now).instant(now).integer(want), JdbcOutbox::candidate)
                    : tx.query("claim outbox entries", "SELECT id, next_attempt_at FROM outbox WHERE " + DUE
                            + " AND (next_attempt_at > ? OR (next_attempt_at = ? AND id > ?))"
                            + " ORDER BY next_attempt_at, id LIMIT ?",
                            p -> p.instant(now).instant(now).instant(lastDue).instant(lastDue).uuid(lastId)
                                    .integer(want), JdbcOutbox::candidate);
            if (page.isEmpty()) {
                break;
            }
            afterId = (UUID) page.get(page.size() - 1)[0];
            afterDue = (Instant) page.get(page.size() - 1)[1];
            List<UUID> ids = page.stream().map(row -> (UUID) row[0]).toList();
            // Lock the ones still due that no one else holds: by id, so only these rows are locked.
            held.addAll(tx.query("claim outbox entries", "SELECT id FROM outbox WHERE "
                            + Sql.anyId("id", tx.postgres(), ids.size()) + " AND " + DUE + " FOR UPDATE SKIP LOCKED",
                    p -> p.uuids(ids).instant(now).instant(now), row -> Sql.uuid(row, "id")));
            if (page.size() < want) {
                break;
            }
        }
        if (held.isEmpty()) {
            return List.of();
        }
        return updateHeld("claim outbox entries", "status = 'CLAIMED', claimed_by = ?, claim_expires_at = ?,"
                + " attempts = attempts + 1, version = version + 1", p -> p.text(claimToken).instant(claimExpiresAt), held);
    }

    /** H2: sets {@code assignments} (bound by {@code values}) on the rows {@code held} locks, and reads them back. */
    private List<OutboxEntry> updateHeld(String action, String assignments, Sql.Binder values, List<UUID> held) {
        String ids = Sql.anyId("id", tx.postgres(), held.size());
        tx.update(action, "UPDATE outbox SET " + assignments + " WHERE " + ids, p -> {
            values.bind(p);
            p.uuids(held);
        });
        return tx.query(action, "SELECT " + COLUMNS + " FROM outbox WHERE " + ids, p -> p.uuids(held), JdbcOutbox::map);
    }

    @Override
    public boolean markDelivered(OutboxEntryId id, String claimToken, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(at, "at");
        return tx.update("mark outbox entry delivered", MARK_DELIVERED,
                p -> p.instant(at).uuid(id.value()).text(claimToken)) == 1;
    }

    @Override
    public Set<OutboxEntryId> markAllDelivered(Collection<OutboxEntryId> ids, String claimToken, Instant at) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(at, "at");
        List<OutboxEntryId> list = List.copyOf(new LinkedHashSet<>(ids));
        if (list.isEmpty()) {
            return Set.of();
        }
        List<Sql.Binder> binders = new ArrayList<>(list.size());
        for (OutboxEntryId id : list) {
            binders.add(p -> p.instant(at).uuid(id.value()).text(claimToken));
        }
        int[] counts = tx.batch("mark outbox entries delivered", MARK_DELIVERED, binders);
        Set<OutboxEntryId> marked = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (counts[i] == 1) {
                marked.add(list.get(i));
            }
        }
        return Collections.unmodifiableSet(marked);
    }

    @Override
    public boolean markFailed(OutboxEntryId id, String claimToken, String error, Instant nextAttemptAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        return tx.update("mark outbox entry failed", "UPDATE outbox SET status = 'PENDING',"
                        + " last_error = ?, next_attempt_at = ?, claimed_by = NULL, claim_expires_at = NULL,"
                        + " version = version + 1" + IS_CLAIMED,
                p -> p.text(error).instant(nextAttemptAt).uuid(id.value()).text(claimToken)) == 1;
    }

    @Override
    public boolean markDead(OutboxEntryId id, String claimToken, String error, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(at, "at");
        return tx.update("mark outbox entry dead", "UPDATE outbox SET status = 'DEAD',"
                        + " last_error = ?, completed_at = ?, claimed_by = NULL, claim_expires_at = NULL,"
                        + " version = version + 1" + IS_CLAIMED,
                p -> p.text(error).instant(at).uuid(id.value()).text(claimToken)) == 1;
    }

    @Override
    public boolean requeue(OutboxEntryId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tx.update("requeue outbox entry", "UPDATE outbox SET status = 'PENDING', attempts = 0,"
                        + " next_attempt_at = ?, completed_at = NULL, version = version + 1"
                        + " WHERE id = ? AND status = 'DEAD'",
                p -> p.instant(at).uuid(id.value())) == 1;
    }

    @Override
    public int cancelPending(String correlationKey, Instant at) {
        Objects.requireNonNull(correlationKey, "correlationKey");
        Objects.requireNonNull(at, "at");
        return tx.update("cancel outbox entries", CANCEL_PENDING, p -> p.instant(at).text(correlationKey));
    }

    @Override
    public void cancelPendingBehind(String correlationKey, Instant at) {
        Objects.requireNonNull(correlationKey, "correlationKey");
        Objects.requireNonNull(at, "at");
        tx.defer("cancel outbox entries", CANCEL_PENDING, p -> p.instant(at).text(correlationKey), null);
    }

    @Override
    public List<OutboxEntry> deadLetterLapsed(Instant now, int maxAttempts, String error, int limit) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(error, "error");
        Sql.pageLimit(limit);
        if (tx.postgres()) {
            return tx.query("dead-letter lapsed outbox claims", DEAD_LAPSED_PG,
                    p -> p.text(error).instant(now).instant(now).integer(maxAttempts).integer(limit), JdbcOutbox::map);
        }
        // H2: candidates without a lock, then locked by id (still lapsed at the bound), as claimOnH2 does
        List<UUID> candidates = tx.query("dead-letter lapsed outbox claims", "SELECT id FROM outbox WHERE "
                        + LAPSED_AT_BOUND + " ORDER BY claim_expires_at, id LIMIT ?",
                p -> p.instant(now).integer(maxAttempts).integer(limit), row -> Sql.uuid(row, "id"));
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<UUID> held = tx.query("dead-letter lapsed outbox claims", "SELECT id FROM outbox WHERE "
                        + Sql.anyId("id", tx.postgres(), candidates.size()) + " AND " + LAPSED_AT_BOUND
                        + " FOR UPDATE SKIP LOCKED",
                p -> p.uuids(candidates).instant(now).integer(maxAttempts), row -> Sql.uuid(row, "id"));
        if (held.isEmpty()) {
            return List.of();
        }
        return updateHeld("dead-letter lapsed outbox claims", "status = 'DEAD', last_error = ?, completed_at = ?,"
                + " claimed_by = NULL, claim_expires_at = NULL, version = version + 1", p -> p.text(error).instant(now), held);
    }

    @Override
    public int purgeCompleted(Instant completedBefore, int limit) {
        Objects.requireNonNull(completedBefore, "completedBefore");
        purgeLimit(limit);
        return tx.update("purge completed outbox entries", "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
                        + " WHERE status IN ('DELIVERED', 'CANCELLED') AND completed_at < ?"
                        + " ORDER BY completed_at LIMIT ?)",
                p -> p.instant(completedBefore).integer(limit));
    }

    /** Checks a retention batch size: 1 to {@value #MAX_PURGE}. */
    static void purgeLimit(int limit) {
        if (limit < 1 || limit > MAX_PURGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PURGE);
        }
    }

    @Override
    public List<OutboxEntry> dead(OutboxEntryId after, int limit) {
        Sql.pageLimit(limit);
        if (after == null) {
            return tx.query("list dead outbox entries", "SELECT " + COLUMNS
                            + " FROM outbox WHERE status = 'DEAD' ORDER BY id LIMIT ?",
                    p -> p.integer(limit), JdbcOutbox::map);
        }
        return tx.query("list dead outbox entries", "SELECT " + COLUMNS
                        + " FROM outbox WHERE status = 'DEAD' AND id > ? ORDER BY id LIMIT ?",
                p -> p.uuid(after.value()).integer(limit), JdbcOutbox::map);
    }

    @Override
    public Map<OutboxStatus, Long> countByStatus() {
        Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
        for (OutboxStatus status : OutboxStatus.values()) {
            counts.put(status, 0L);
        }
        // One statement, one scan of the status column (index-only on outbox_due_idx where it can).
        tx.query("count outbox entries", "SELECT status, COUNT(*) AS entries FROM outbox GROUP BY status", p -> { },
                row -> Map.entry(Sql.enumValue(row, "status", OutboxStatus.class), row.getLong("entries")))
                .forEach(count -> counts.put(count.getKey(), count.getValue()));
        return Collections.unmodifiableMap(counts);
    }

    private static Object[] candidate(ResultSet row) throws SQLException {
        return new Object[] {Sql.uuid(row, "id"), Sql.instant(row, "next_attempt_at")};
    }

    private static OutboxEntry map(ResultSet row) throws SQLException {
        UUID patient = Sql.uuid(row, "patient_id");
        UUID account = Sql.uuid(row, "account_id");
        return new OutboxEntry(new OutboxEntryId(Sql.uuid(row, "id")), row.getString("kind"),
                patient == null ? null : new PatientId(patient), account == null ? null : new AccountId(account),
                row.getString("payload"), row.getString("correlation_key"), Sql.instant(row, "created_at"),
                Sql.instant(row, "deliver_after"), Sql.enumValue(row, "status", OutboxStatus.class),
                row.getInt("attempts"), Sql.instant(row, "next_attempt_at"), row.getString("claimed_by"),
                Sql.instant(row, "claim_expires_at"), row.getString("last_error"), Sql.instant(row, "completed_at"),
                row.getLong("version"));
    }
}

package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.EntrySource;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntry;
import org.patientportal.model.HistoryEntryId;
import org.patientportal.model.PatientId;
import org.patientportal.model.StartCursor;
import org.patientportal.spi.storage.HealthHistory;

/**
 * {@link HealthHistory} on the {@code history_entries} table: upserts as
 * {@link JdbcPrescriptions} does (one batch of conditional upserts keyed by (patient, category,
 * source id)); pages read {@code history_entries_page_idx} newest first with a row-value keyset
 * bound; a review is one conditional UPDATE ({@code status = 'PENDING_REVIEW'}).
 */
final class JdbcHealthHistory implements HealthHistory {
    private static final String COLUMNS = "id, patient_id, category, source, source_id, source_version, code, name,"
            + " detail, entry_value, unit, effective_at, status, recorded_at, reviewed_at, reviewed_by, review_reason";
    private static final String SET = " source = %1$s.source, code = %1$s.code, name = %1$s.name,"
            + " detail = %1$s.detail, entry_value = %1$s.entry_value, unit = %1$s.unit,"
            + " effective_at = %1$s.effective_at, status = %1$s.status, recorded_at = %1$s.recorded_at,"
            + " reviewed_at = %1$s.reviewed_at, reviewed_by = %1$s.reviewed_by,"
            + " review_reason = %1$s.review_reason, source_version = %1$s.source_version";
    private static final String POSTGRES_UPSERT = "INSERT INTO history_entries (" + COLUMNS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (patient_id, category, source_id) DO UPDATE SET" + String.format(SET, "EXCLUDED")
            + " WHERE history_entries.source_version < EXCLUDED.source_version";
    private static final String H2_UPSERT = "MERGE INTO history_entries t USING (VALUES (CAST(? AS UUID),"
            + " CAST(? AS UUID), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT),"
            + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
            + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP(6) WITH TIME ZONE),"
            + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE), CAST(? AS VARCHAR), CAST(? AS VARCHAR))) s (" + COLUMNS + ")"
            + " ON t.patient_id = s.patient_id AND t.category = s.category AND t.source_id = s.source_id"
            + " WHEN MATCHED AND t.source_version < s.source_version THEN UPDATE SET" + String.format(SET, "s")
            + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.id, s.patient_id, s.category, s.source,"
            + " s.source_id, s.source_version, s.code, s.name, s.detail, s.entry_value, s.unit, s.effective_at,"
            + " s.status, s.recorded_at, s.reviewed_at, s.reviewed_by, s.review_reason)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM history_entries";

    private final JdbcTransaction tx;

    JdbcHealthHistory(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public List<Boolean> upsertAll(List<HistoryEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        List<Sql.Binder> binders = new ArrayList<>(entries.size());
        for (HistoryEntry e : entries) {
            Objects.requireNonNull(e, "entry");
            binders.add(p -> p.uuid(e.id().value()).uuid(e.patientId().value()).text(e.category()).text(e.source())
                    .text(e.sourceId()).bigint(e.sourceVersion()).text(e.code()).text(e.name()).text(e.detail())
                    .text(e.value()).text(e.unit()).instant(e.effectiveAt()).text(e.status()).instant(e.recordedAt())
                    .instant(e.reviewedAt()).text(e.reviewedBy()).text(e.reviewReason()));
        }
        return JdbcPrescriptions.upsertBatch(tx, "import history entries", tx.postgres() ? POSTGRES_UPSERT : H2_UPSERT,
                binders);
    }

    @Override
    public Optional<HistoryEntry> find(HistoryEntryId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find history entry", SELECT + " WHERE id = ?", p -> p.uuid(id.value()),
                JdbcHealthHistory::map);
    }

    @Override
    public Optional<HistoryEntry> review(HistoryEntryId id, EntryStatus outcome, Instant at, String by,
                                         String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        if (outcome != EntryStatus.ACCEPTED && outcome != EntryStatus.DECLINED) {
            throw new IllegalArgumentException("a review accepts or declines");
        }
        return tx.updateReturning("review history entry", "UPDATE history_entries SET status = ?, reviewed_at = ?,"
                        + " reviewed_by = ?, review_reason = ? WHERE id = ? AND status = 'PENDING_REVIEW'", COLUMNS,
                p -> p.text(outcome).instant(at).text(by).text(reason).uuid(id.value()), JdbcHealthHistory::map,
                () -> find(id));
    }

    @Override
    public List<HistoryEntry> page(PatientId patient, HistoryCategory category, StartCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(category, "category");
        Sql.pageLimit(limit);
        String sql = pageSql(tx.postgres(), after != null, limit);
        return tx.query("list history entries", sql, p -> {
            p.uuid(patient.value()).text(category);
            if (after != null) {
                p.instant(after.start()).uuid(after.id());
            }
        }, JdbcHealthHistory::map);
    }

    /**
     * {@link #page}'s statement. On PostgreSQL the patient and the cursor come through InitPlans
     * ({@code (SELECT CAST(? AS uuid))}) and the limit is written in ({@link Sql#limit}): a plan
     * made for the values at hand then estimates what the cached generic plan does, so the server
     * keeps the generic plan instead of planning every read again. With the values bound plainly, at
     * 10^6 rows one of the two page statements was planned at every read (pg_stat_statements: 6,001
     * plans in 6,000 calls, 0.070 ms a call against 0.017; portal-benchmarks PageCost).
     */
    static String pageSql(boolean postgres, boolean cursor, int limit) {
        return SELECT + (postgres ? " WHERE patient_id = (SELECT CAST(? AS uuid))" : " WHERE patient_id = ?")
                + " AND category = ? AND status <> 'ENTERED_IN_ERROR'"
                + (!cursor ? "" : postgres
                        ? " AND (effective_at, id) < ((SELECT CAST(? AS timestamptz)), (SELECT CAST(? AS uuid)))"
                        : " AND (effective_at, id) < (?, ?)")
                + " ORDER BY effective_at DESC, id DESC" + Sql.limit(limit);
    }

    private static HistoryEntry map(ResultSet row) throws SQLException {
        return new HistoryEntry(new HistoryEntryId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                Sql.enumValue(row, "category", HistoryCategory.class), Sql.enumValue(row, "source", EntrySource.class),
                row.getString("source_id"), row.getLong("source_version"), row.getString("code"),
                row.getString("name"), row.getString("detail"), row.getString("entry_value"), row.getString("unit"),
                Sql.instant(row, "effective_at"), Sql.enumValue(row, "status", EntryStatus.class),
                Sql.instant(row, "recorded_at"), Sql.instant(row, "reviewed_at"), row.getString("reviewed_by"),
                row.getString("review_reason"));
    }
}

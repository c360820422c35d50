package org.patientportal.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultComponent;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultReleaseDelay;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;
import org.patientportal.model.ResultTrendPoint;
import org.patientportal.model.ResultVersion;
import org.patientportal.model.StartCursor;
import org.patientportal.model.TestResult;
import org.patientportal.model.TrendCursor;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.TestResults;

/**
 * {@link TestResults} on {@code test_results} (one row per patient and source id, with the current
 * version's number, resulted instant and status), {@code test_result_versions} and
 * {@code test_result_components}.
 *
 * <ul>
 *   <li>{@code insertIfAbsent}: on PostgreSQL one {@code INSERT ... ON CONFLICT DO NOTHING} that the
 *       unique (patient_id, source_id) key arbitrates (a concurrent insert of the same source id
 *       waits, then does nothing); on H2 the patient's row is locked first, so imports of one patient
 *       queue, then the source id is looked up and the row inserted.</li>
 *   <li>{@code advance}: one conditional {@code UPDATE ... WHERE id = ? AND source_version < ?}.
 *       PostgreSQL re-evaluates the condition on the latest row after waiting for a concurrent
 *       writer's lock, so an older version never wins; H2 locks the row ({@code FOR UPDATE}) first.
 *       The new version and its components are then inserted, the components as one JDBC batch.</li>
 *   <li>Pages read {@code test_results_visible_idx} / {@code test_results_patient_idx} (keyset on
 *       (resulted_at, id), newest first) and the series {@code test_result_components_trend_idx};
 *       visibility is tested in the statement at read time (RS-6).</li>
 *   <li>{@code putReleaseDelay}: one insert-or-update on {@code result_release_delays}' key
 *       ({@code ON CONFLICT (patient_id) DO UPDATE} on PostgreSQL; on H2 {@code MERGE ... KEY} after
 *       locking the patient's row, so concurrent first settings queue).</li>
 * </ul>
 */
final class JdbcTestResults implements TestResults {
    private static final String HEAD_COLUMNS = "id, patient_id, source_id, source_version, resulted_at, status,"
            + " version_count, imported_at, release_at, hold_reason, held_by, held_at, comment, comment_by,"
            + " commented_at, read_at, release_notified, version";
    private static final String INSERT_HEAD = "INSERT INTO test_results (" + HEAD_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String VERSION_COLUMNS = "result_id, source_version, patient_id, kind, order_code, order_name,"
            + " ordering_provider, collected_at, resulted_at, status, report_text, received_at";
    private static final String INSERT_VERSION = "INSERT INTO test_result_versions (" + VERSION_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String COMPONENT_COLUMNS = "result_id, source_version, position, patient_id, collected_at,"
            + " code, name, numeric_value, unit, text_value, coded_value, range_low, range_high, range_text, flag";
    private static final String INSERT_COMPONENT = "INSERT INTO test_result_components (" + COMPONENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String C_COLUMNS = "c.result_id, c.source_version, c.position, c.patient_id,"
            + " c.collected_at, c.code, c.name, c.numeric_value, c.unit, c.text_value, c.coded_value, c.range_low,"
            + " c.range_high, c.range_text, c.flag";
    private static final String SELECT = "SELECT r.id, r.patient_id, r.source_id, r.version_count, r.imported_at,"
            + " r.release_at, r.hold_reason, r.held_by, r.held_at, r.comment, r.comment_by, r.commented_at,"
            + " r.read_at, r.release_notified, r.version, v.source_version, v.kind, v.order_code, v.order_name,"
            + " v.ordering_provider, v.collected_at, v.resulted_at, v.status, v.report_text, v.received_at"
            + " FROM test_results r JOIN test_result_versions v ON v.result_id = r.id"
            + " AND v.source_version = r.source_version";
    private static final String VISIBLE = " AND r.hold_reason IS NULL AND r.status <> 'ENTERED_IN_ERROR'"
            + " AND r.release_at <= ?";
    private static final String ADVANCE = "UPDATE test_results SET source_version = ?, resulted_at = ?, status = ?,"
            + " version_count = version_count + 1, read_at = ?, release_notified = ?, version = version + 1"
            + " WHERE id = ? AND source_version < ?";
    private static final String UPDATE = "UPDATE test_results SET release_at = ?, hold_reason = ?, held_by = ?,"
            + " held_at = ?, comment = ?, comment_by = ?, commented_at = ?, read_at = ?, release_notified = ?,"
            + " version = version + 1 WHERE id = ? AND version = ?";

    private static final String DELAY_COLUMNS = "patient_id, days, updated_at, updated_by";

    private final JdbcTransaction tx;

    JdbcTestResults(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public boolean insertIfAbsent(TestResult result) {
        Objects.requireNonNull(result, "result");
        if (result.version() != 0 || result.versionCount() != 1) {
            throw new IllegalArgumentException("a new result has version 0 and one version");
        }
        ResultVersion first = result.current();
        Sql.Binder head = p -> p.uuid(result.id().value()).uuid(result.patientId().value()).text(result.sourceId())
                .bigint(first.sourceVersion()).instant(first.resultedAt()).text(first.status()).integer(1)
                .instant(result.importedAt()).instant(result.releaseAt()).text(result.holdReason())
                .text(result.heldBy()).instant(result.heldAt()).text(result.comment()).text(result.commentBy())
                .instant(result.commentedAt()).instant(result.readAt()).bool(result.releaseNotified()).bigint(0);
        if (tx.postgres()) {
            if (tx.update("import test result", INSERT_HEAD + " ON CONFLICT DO NOTHING", head) == 0) {
                requireNewId(result.id());
                return false;
            }
        } else {
            tx.query("import test result", "SELECT id FROM patients WHERE id = ? FOR UPDATE",
                    p -> p.uuid(result.patientId().value()), row -> Sql.uuid(row, "id"));
            if (findBySource(result.patientId(), result.sourceId()).isPresent()) {
                return false;
            }
            requireNewId(result.id());
            tx.update("import test result", INSERT_HEAD, head);
        }
        insertVersion(result.patientId(), first);
        return true;
    }

    private void requireNewId(ResultId id) {
        if (!tx.query("import test result", "SELECT id FROM test_results WHERE id = ?", p -> p.uuid(id.value()),
                row -> Sql.uuid(row, "id")).isEmpty()) {
            throw new DuplicateKeyException("Could not import test result: the id is taken");
        }
    }

    private void insertVersion(PatientId patient, ResultVersion version) {
        tx.update("import test result", INSERT_VERSION, p -> p.uuid(version.resultId().value())
                .bigint(version.sourceVersion()).uuid(patient.value()).text(version.kind()).text(version.orderCode())
                .text(version.orderName()).text(version.orderingProvider()).instant(version.collectedAt())
                .instant(version.resultedAt()).text(version.status()).text(version.reportText())
                .instant(version.receivedAt()));
        List<ResultComponent> components = version.components();
        if (components.isEmpty()) {
            return;
        }
        List<Sql.Binder> rows = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            int position = i;
            ResultComponent c = components.get(i);
            rows.add(p -> p.uuid(version.resultId().value()).bigint(version.sourceVersion()).integer(position)
                    .uuid(patient.value()).instant(version.collectedAt()).text(c.code()).text(c.name())
                    .text(decimal(c.numericValue())).text(c.unit()).text(c.textValue()).text(c.codedValue())
                    .text(decimal(c.rangeLow())).text(decimal(c.rangeHigh())).text(c.rangeText()).text(c.flag()));
        }
        tx.batch("import test result components", INSERT_COMPONENT, rows);
    }

    @Override
    public Optional<TestResult> advance(TestResult next) {
        Objects.requireNonNull(next, "next");
        ResultVersion version = next.current();
        if (!tx.postgres()) {
            tx.query("correct test result", "SELECT id FROM test_results WHERE id = ? FOR UPDATE",
                    p -> p.uuid(next.id().value()), row -> Sql.uuid(row, "id"));
        }
        int updated = tx.update("correct test result", ADVANCE, p -> p.bigint(version.sourceVersion())
                .instant(version.resultedAt()).text(version.status()).instant(next.readAt())
                .bool(next.releaseNotified()).uuid(next.id().value()).bigint(version.sourceVersion()));
        if (updated == 0) {
            return Optional.empty();
        }
        PatientId patient = tx.queryOne("correct test result", "SELECT patient_id FROM test_results WHERE id = ?",
                p -> p.uuid(next.id().value()), row -> new PatientId(Sql.uuid(row, "patient_id"))).orElseThrow();
        insertVersion(patient, version);
        return find(next.id());
    }

    @Override
    public TestResult update(TestResult result) {
        Objects.requireNonNull(result, "result");
        int updated = tx.update("change test result", UPDATE, p -> p.instant(result.releaseAt())
                .text(result.holdReason()).text(result.heldBy()).instant(result.heldAt()).text(result.comment())
                .text(result.commentBy()).instant(result.commentedAt()).instant(result.readAt())
                .bool(result.releaseNotified()).uuid(result.id().value()).bigint(result.version()));
        if (updated == 0) {
            throw new OptimisticLockException("Could not change test result: stale version or no such result");
        }
        return find(result.id()).orElseThrow(() -> new OptimisticLockException("Could not change test result: gone"));
    }

    @Override
    public Optional<TestResult> find(ResultId id) {
        Objects.requireNonNull(id, "id");
        return withComponents(tx.query("find test result", SELECT + " WHERE r.id = ?", p -> p.uuid(id.value()),
                JdbcTestResults::mapHead)).stream().findFirst();
    }

    @Override
    public Optional<TestResult> findBySource(PatientId patient, String sourceId) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(sourceId, "sourceId");
        return withComponents(tx.query("find test result", SELECT + " WHERE r.patient_id = ? AND r.source_id = ?",
                p -> p.uuid(patient.value()).text(sourceId), JdbcTestResults::mapHead)).stream().findFirst();
    }

    @Override
    public List<ResultVersion> versions(ResultId id) {
        Objects.requireNonNull(id, "id");
        Map<Long, List<ResultComponent>> components = new HashMap<>();
        tx.query("list test result versions", "SELECT " + COMPONENT_COLUMNS + " FROM test_result_components"
                        + " WHERE result_id = ? ORDER BY source_version, position", p -> p.uuid(id.value()), row -> {
                    components.computeIfAbsent(row.getLong("source_version"), v -> new ArrayList<>())
                            .add(component(row));
                    return null;
                });
        return tx.query("list test result versions", "SELECT " + VERSION_COLUMNS + " FROM test_result_versions"
                        + " WHERE result_id = ? ORDER BY source_version DESC", p -> p.uuid(id.value()),
                row -> version(row, components.getOrDefault(row.getLong("source_version"), List.of())));
    }

    @Override
    public List<TestResult> visible(PatientId patient, Instant now, StartCursor after, int limit) {
        Objects.requireNonNull(now, "now");
        return page("list visible test results", patient, now, after, limit);
    }

    @Override
    public List<TestResult> all(PatientId patient, StartCursor after, int limit) {
        return page("list test results", patient, null, after, limit);
    }

    private List<TestResult> page(String action, PatientId patient, Instant visibleAt, StartCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Sql.pageLimit(limit);
        String keyset = after == null ? ""
                : tx.postgres() ? " AND (r.resulted_at, r.id) < (?, ?)"
                : " AND r.resulted_at <= ? AND (r.resulted_at < ? OR r.resulted_at = ? AND r.id < ?)";
        String sql = SELECT + " WHERE r.patient_id = ?" + (visibleAt == null ? "" : VISIBLE) + keyset
                + " ORDER BY r.resulted_at DESC, r.id DESC" + Sql.limit(limit);
        return withComponents(tx.query(action, sql, p -> {
            p.uuid(patient.value());
            if (visibleAt != null) {
                p.instant(visibleAt);
            }
            if (after != null) {
                p.instant(after.start());
                if (!tx.postgres()) {
                    p.instant(after.start()).instant(after.start());
                }
                p.uuid(after.id());
            }
        }, JdbcTestResults::mapHead));
    }

    @Override
    public List<ResultTrendPoint> trend(PatientId patient, String code, Instant now, TrendCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(now, "now");
        Sql.pageLimit(limit);
        String keyset = after == null ? ""
                : tx.postgres() ? " AND (c.collected_at, c.result_id, c.position) > (?, ?, ?)"
                : " AND c.collected_at >= ? AND (c.collected_at > ? OR c.collected_at = ? AND (c.result_id > ?"
                        + " OR c.result_id = ? AND c.position > ?))";
        String sql = "SELECT " + C_COLUMNS + " FROM test_result_components c JOIN test_results r ON r.id = c.result_id"
                + " AND r.source_version = c.source_version"
                + " WHERE c.patient_id = ? AND c.code = ? AND c.numeric_value IS NOT NULL" + VISIBLE + keyset
                + " ORDER BY c.collected_at, c.result_id, c.position" + Sql.limit(limit);
        return tx.query("read test result trend", sql, p -> {
            p.uuid(patient.value()).text(code).instant(now);
            if (after != null) {
                if (tx.postgres()) {
                    p.instant(after.collectedAt()).uuid(after.resultId().value()).integer(after.position());
                } else {
                    p.instant(after.collectedAt()).instant(after.collectedAt()).instant(after.collectedAt())
                            .uuid(after.resultId().value()).uuid(after.resultId().value())
                            .integer(after.position());
                }
            }
        }, row -> new ResultTrendPoint(new ResultId(Sql.uuid(row, "result_id")), Sql.instant(row, "collected_at"),
                row.getInt("position"), component(row)));
    }

    /** The rows with their current versions' components, read in one more statement. */
    private List<TestResult> withComponents(List<Head> heads) {
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<ResultComponent>> byResult = new LinkedHashMap<>();
        StringBuilder in = new StringBuilder();
        for (Head head : heads) {
            byResult.put(head.id(), new ArrayList<>());
            in.append(in.length() == 0 ? "?" : ", ?");
        }
        tx.query("read test result components", "SELECT " + C_COLUMNS + " FROM test_result_components c JOIN test_results r ON r.id = c.result_id"
                        + " AND r.source_version = c.source_version WHERE c.result_id IN (" + in + ")"
                        + " ORDER BY c.result_id, c.position",
                p -> {
                    for (Head head : heads) {
                        p.uuid(head.id());
                    }
                }, row -> {
                    byResult.get(Sql.uuid(row, "result_id")).add(component(row));
                    return null;
                });
        List<TestResult> out = new ArrayList<>(heads.size());
        for (Head head : heads) {
            out.add(head.with(Collections.unmodifiableList(byResult.get(head.id()))));
        }
        return out;
    }

    /** A row read without its components yet. */
    private record Head(UUID id, PatientId patient, String sourceId, int versionCount, Instant importedAt,
                        Instant releaseAt, String holdReason, String heldBy, Instant heldAt, String comment,
                        String commentBy, Instant commentedAt, Instant readAt, boolean releaseNotified, long version,
                        long sourceVersion, ResultKind kind, String orderCode, String orderName,
                        String orderingProvider, Instant collectedAt, Instant resultedAt, ResultStatus status,
                        String reportText, Instant receivedAt) {
        TestResult with(List<ResultComponent> components) {
            ResultId resultId = new ResultId(id);
            ResultVersion current = new ResultVersion(resultId, sourceVersion, kind, orderCode, orderName,
                    orderingProvider, collectedAt, resultedAt, status, reportText, components, receivedAt);
            return new TestResult(resultId, patient, sourceId, current, versionCount, importedAt, releaseAt,
                    holdReason, heldBy, heldAt, comment, commentBy, commentedAt, readAt, releaseNotified, version);
        }
    }

    private static Head mapHead(ResultSet row) throws SQLException {
        return new Head(Sql.uuid(row, "id"), new PatientId(Sql.uuid(row, "patient_id")), row.getString("source_id"),
                row.getInt("version_count"), Sql.instant(row, "imported_at"), Sql.instant(row, "release_at"),
                row.getString("hold_reason"), row.getString("held_by"), Sql.instant(row, "held_at"),
                row.getString("comment"), row.getString("comment_by"), Sql.instant(row, "commented_at"),
                Sql.instant(row, "read_at"), row.getBoolean("release_notified"), row.getLong("version"),
                row.getLong("source_version"), Sql.enumValue(row, "kind", ResultKind.class),
                row.getString("order_code"), row.getString("order_name"), row.getString("ordering_provider"),
                Sql.instant(row, "collected_at"), Sql.instant(row, "resulted_at"),
                Sql.enumValue(row, "status", ResultStatus.class), row.getString("report_text"),
                Sql.instant(row, "received_at"));
    }

    private static ResultVersion version(ResultSet row, List<ResultComponent> components) throws SQLException {
        return new ResultVersion(new ResultId(Sql.uuid(row, "result_id")), row.getLong("source_version"),
                Sql.enumValue(row, "kind", ResultKind.class), row.getString("order_code"), row.getString("order_name"),
                row.getString("ordering_provider"), Sql.instant(row, "collected_at"), Sql.instant(row, "resulted_at"),
                Sql.enumValue(row, "status", ResultStatus.class), row.getString("report_text"), components,
                Sql.instant(row, "received_at"));
    }

    private static ResultComponent component(ResultSet row) throws SQLException {
        return new ResultComponent(row.getString("code"), row.getString("name"), decimal(row.getString("numeric_value")),
                row.getString("unit"), row.getString("text_value"), row.getString("coded_value"),
                decimal(row.getString("range_low")), decimal(row.getString("range_high")), row.getString("range_text"),
                Sql.enumValue(row, "flag", AbnormalFlag.class));
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toString();
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    @Override
    public Optional<ResultReleaseDelay> releaseDelay(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        return tx.query("read result release delay", "SELECT " + DELAY_COLUMNS
                        + " FROM result_release_delays WHERE patient_id = ?", p -> p.uuid(patient.value()),
                row -> new ResultReleaseDelay(new PatientId(Sql.uuid(row, "patient_id")), row.getInt("days"),
                        Sql.instant(row, "updated_at"), row.getString("updated_by"))).stream().findFirst();
    }

    @Override
    public void putReleaseDelay(ResultReleaseDelay delay) {
        Objects.requireNonNull(delay, "delay");
        Sql.Binder values = p -> p.uuid(delay.patientId().value()).integer(delay.days()).instant(delay.updatedAt())
                .text(delay.updatedBy());
        String sql = tx.postgres()
                ? "INSERT INTO result_release_delays (" + DELAY_COLUMNS + ") VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (patient_id) DO UPDATE SET days = EXCLUDED.days,"
                        + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by"
                : "MERGE INTO result_release_delays (" + DELAY_COLUMNS + ") KEY (patient_id) VALUES (?, ?, ?, ?)";
        if (!tx.postgres()) {
            // H2's MERGE of a new key is not atomic against a concurrent one: the patient's row lock queues them
            tx.query("set result release delay", "SELECT id FROM patients WHERE id = ? FOR UPDATE",
                    p -> p.uuid(delay.patientId().value()), row -> Sql.uuid(row, "id"));
        }
        tx.update("set result release delay", sql, values);
    }
}

package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.PatientId;
import org.patientportal.model.VisitSummary;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.VisitSummaries;

/**
 * {@link VisitSummaries} on the {@code visit_summaries} table, keyed by the appointment. The
 * diagnoses are a JSON array of [code, description] pairs in one column ({@link JsonColumns}), so
 * a save is one statement. The first save stores version 1.
 */
final class JdbcVisitSummaries implements VisitSummaries {
    private static final String COLUMNS = "appointment_id, patient_id, summary, diagnoses, recorded_at, recorded_by,"
            + " version";
    private static final String INSERT = "INSERT INTO visit_summaries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE visit_summaries SET patient_id = ?, summary = ?, diagnoses = ?,"
            + " recorded_at = ?, recorded_by = ?, version = version + 1 WHERE appointment_id = ? AND version = ?";

    private final JdbcTransaction tx;

    JdbcVisitSummaries(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public Optional<VisitSummary> find(AppointmentId appointment) {
        Objects.requireNonNull(appointment, "appointment");
        return tx.queryOne("find visit summary", "SELECT " + COLUMNS + " FROM visit_summaries WHERE appointment_id = ?",
                p -> p.uuid(appointment.value()), JdbcVisitSummaries::map);
    }

    @Override
    public VisitSummary save(VisitSummary summary) {
        Objects.requireNonNull(summary, "summary");
        List<Map.Entry<String, String>> pairs = new ArrayList<>(summary.diagnoses().size());
        for (Diagnosis diagnosis : summary.diagnoses()) {
            pairs.add(Map.entry(diagnosis.code(), diagnosis.description()));
        }
        String diagnoses = JsonColumns.writePairs(pairs);
        long version = summary.version();
        if (version == 0) {
            String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
            int rows = tx.update("add visit summary", sql, p -> p.uuid(summary.appointmentId().value())
                    .uuid(summary.patientId().value()).text(summary.summary()).text(diagnoses)
                    .instant(summary.recordedAt()).text(summary.recordedBy()).bigint(1));
            if (rows == 0) {
                throw new DuplicateKeyException("Could not add visit summary: the visit has one");
            }
        } else {
            int rows = tx.update("change visit summary", UPDATE, p -> p.uuid(summary.patientId().value())
                    .text(summary.summary()).text(diagnoses).instant(summary.recordedAt()).text(summary.recordedBy())
                    .uuid(summary.appointmentId().value()).bigint(version));
            if (rows == 0) {
                throw new OptimisticLockException("Could not change visit summary: stale version or none stored");
            }
        }
        return new VisitSummary(summary.appointmentId(), summary.patientId(), summary.summary(), summary.diagnoses(),
                Sql.micros(summary.recordedAt()), summary.recordedBy(), version + 1);
    }

    private static VisitSummary map(ResultSet row) throws SQLException {
        List<Diagnosis> diagnoses = new ArrayList<>();
        try {
            for (Map.Entry<String, String> pair : JsonColumns.readPairs(row.getString("diagnoses"))) {
                diagnoses.add(new Diagnosis(pair.getKey(), pair.getValue()));
            }
        } catch (IllegalArgumentException e) {
            throw new StorageException("Could not read visit summary: its stored diagnoses are malformed");
        }
        return new VisitSummary(new AppointmentId(Sql.uuid(row, "appointment_id")),
                new PatientId(Sql.uuid(row, "patient_id")), row.getString("summary"), diagnoses,
                Sql.instant(row, "recorded_at"), row.getString("recorded_by"), row.getLong("version"));
    }
}

package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.PatientId;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.Prescription;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.spi.storage.Prescriptions;

/**
 * {@link Prescriptions} on the {@code prescriptions} table. {@link #upsertAll} is one JDBC batch of
 * a conditional upsert per row: on PostgreSQL {@code INSERT ... ON CONFLICT (patient_id, source_id)
 * DO UPDATE ... WHERE prescriptions.source_version < EXCLUDED.source_version}, on H2
 * {@code MERGE ... USING ... WHEN MATCHED AND t.source_version < s.source_version}. Each row's
 * update count says whether it changed anything. On H2, a row whose key a concurrent import
 * inserted first fails alone as a duplicate and is run again on its own (it then matches).
 * {@link #recordFill} is one conditional UPDATE ({@code refills_remaining > 0}).
 */
final class JdbcPrescriptions implements Prescriptions {
    static final String COLUMNS = "id, patient_id, source_id, source_version, medication, medication_code, dose,"
            + " instructions, quantity, days_supply, refills_remaining, written_on, expires_on, prescriber, schedule,"
            + " pharmacy_id, last_filled_on, status, updated_at";
    private static final String SET = " medication = %1$s.medication, medication_code = %1$s.medication_code,"
            + " dose = %1$s.dose, instructions = %1$s.instructions, quantity = %1$s.quantity,"
            + " days_supply = %1$s.days_supply, refills_remaining = %1$s.refills_remaining,"
            + " written_on = %1$s.written_on, expires_on = %1$s.expires_on, prescriber = %1$s.prescriber,"
            + " schedule = %1$s.schedule, pharmacy_id = %1$s.pharmacy_id, last_filled_on = %1$s.last_filled_on,"
            + " status = %1$s.status, updated_at = %1$s.updated_at, source_version = %1$s.source_version";
    private static final String POSTGRES_UPSERT = "INSERT INTO prescriptions (" + COLUMNS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (patient_id, source_id) DO UPDATE SET" + String.format(SET, "EXCLUDED")
            + " WHERE prescriptions.source_version < EXCLUDED.source_version";
    private static final String H2_UPSERT = "MERGE INTO prescriptions t USING (VALUES (CAST(? AS UUID),"
            + " CAST(? AS UUID), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
            + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER),"
            + " CAST(? AS DATE), CAST(? AS DATE), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS UUID),"
            + " CAST(? AS DATE), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) s (" + COLUMNS + ")"
            + " ON t.patient_id = s.patient_id AND t.source_id = s.source_id"
            + " WHEN MATCHED AND t.source_version < s.source_version THEN UPDATE SET" + String.format(SET, "s")
            + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.id, s.patient_id, s.source_id,"
            + " s.source_version, s.medication, s.medication_code, s.dose, s.instructions, s.quantity, s.days_supply,"
            + " s.refills_remaining, s.written_on, s.expires_on, s.prescriber, s.schedule, s.pharmacy_id,"
            + " s.last_filled_on, s.status, s.updated_at)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM prescriptions";

    private final JdbcTransaction tx;

    JdbcPrescriptions(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public List<Boolean> upsertAll(List<Prescription> prescriptions) {
        Objects.requireNonNull(prescriptions, "prescriptions");
        List<Sql.Binder> binders = new ArrayList<>(prescriptions.size());
        for (Prescription p : prescriptions) {
            binders.add(binder(Objects.requireNonNull(p, "prescription")));
        }
        String sql = tx.postgres() ? POSTGRES_UPSERT : H2_UPSERT;
        return upsertBatch(tx, "import prescriptions", sql, binders);
    }

    /**
     * Runs a batch of conditional upserts and reads each row's count as "changed". On H2, rows that
     * failed as duplicates (a concurrent import inserted the key first) run again one by one.
     */
    static List<Boolean> upsertBatch(JdbcTransaction tx, String action, String sql, List<Sql.Binder> binders) {
        List<Boolean> changed = new ArrayList<>(binders.size());
        if (binders.isEmpty()) {
            return changed;
        }
        int[] counts = tx.batch(action, sql, binders);
        for (int i = 0; i < binders.size(); i++) {
            int count = i < counts.length ? counts[i] : Statement.EXECUTE_FAILED;
            if (count == Statement.EXECUTE_FAILED) {
                count = tx.update(action, sql, binders.get(i));
            }
            changed.add(count > 0);
        }
        return changed;
    }

    private static Sql.Binder binder(Prescription p) {
        return params -> params.uuid(p.id().value()).uuid(p.patientId().value()).text(p.sourceId())
                .bigint(p.sourceVersion()).text(p.medication()).text(p.medicationCode()).text(p.dose())
                .text(p.instructions()).integer(p.quantity()).integer(p.daysSupply()).integer(p.refillsRemaining())
                .date(p.writtenOn()).date(p.expiresOn()).text(p.prescriber()).text(p.schedule())
                .uuid(p.pharmacyId() == null ? null : p.pharmacyId().value()).date(p.lastFilledOn())
                .text(p.status()).instant(p.updatedAt());
    }

    @Override
    public Optional<Prescription> find(PrescriptionId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find prescription", SELECT + " WHERE id = ?", p -> p.uuid(id.value()),
                JdbcPrescriptions::map);
    }

    @Override
    public Optional<Prescription> findBySource(PatientId patient, String sourceId) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(sourceId, "sourceId");
        return tx.queryOne("find prescription by source", SELECT + " WHERE patient_id = ? AND source_id = ?",
                p -> p.uuid(patient.value()).text(sourceId), JdbcPrescriptions::map);
    }

    @Override
    public List<Prescription> forPatient(PatientId patient, boolean active, PrescriptionId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        PrescriptionStatus status = active ? PrescriptionStatus.ACTIVE : PrescriptionStatus.DISCONTINUED;
        return tx.pageById("list prescriptions of a patient", SELECT + " WHERE patient_id = ? AND status = ?",
                p -> p.uuid(patient.value()).text(status), after == null ? null : after.value(), limit,
                JdbcPrescriptions::map);
    }

    @Override
    public boolean recordFill(PrescriptionId id, LocalDate day) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(day, "day");
        return tx.update("record a fill", "UPDATE prescriptions SET refills_remaining = refills_remaining - 1,"
                + " last_filled_on = ? WHERE id = ? AND status = 'ACTIVE' AND refills_remaining > 0",
                p -> p.date(day).uuid(id.value())) == 1;
    }

    static Prescription map(ResultSet row) throws SQLException {
        UUID pharmacy = Sql.uuid(row, "pharmacy_id");
        return new Prescription(new PrescriptionId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                row.getString("source_id"), row.getLong("source_version"), row.getString("medication"),
                row.getString("medication_code"), row.getString("dose"), row.getString("instructions"),
                row.getInt("quantity"), row.getInt("days_supply"), row.getInt("refills_remaining"),
                Sql.date(row, "written_on"), Sql.date(row, "expires_on"), row.getString("prescriber"),
                Sql.enumValue(row, "schedule", ControlledSchedule.class),
                pharmacy == null ? null : new PharmacyId(pharmacy), Sql.date(row, "last_filled_on"),
                Sql.enumValue(row, "status", PrescriptionStatus.class), Sql.instant(row, "updated_at"));
    }
}

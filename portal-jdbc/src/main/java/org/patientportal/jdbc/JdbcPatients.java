package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.Patients;

/** {@link Patients} on the {@code patients} table. */
final class JdbcPatients implements Patients {
    private static final String COLUMNS =
            "id, mrn, given_name, family_name, birth_date, ssn4_hash, email, mobile, registered_at, version";
    /** One patient by id. */
    static final String FIND = "SELECT " + COLUMNS + " FROM patients WHERE id = ?";
    private static final String INSERT = "INSERT INTO patients (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SET = "mrn = ?, given_name = ?, family_name = ?, birth_date = ?, ssn4_hash = ?,"
            + " email = ?, mobile = ?, registered_at = ?, version = version + 1 WHERE id = ? AND version = ?";

    private final JdbcTransaction tx;

    JdbcPatients(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Patient patient) {
        Objects.requireNonNull(patient, "patient");
        if (patient.version() != 0) {
            throw new IllegalArgumentException("a new patient has version 0");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add patient", sql, p -> p.uuid(patient.id().value()).text(patient.mrn())
                .text(patient.givenName()).text(patient.familyName()).date(patient.birthDate())
                .text(patient.ssn4Hash()).text(patient.email()).text(patient.mobile())
                .instant(patient.registeredAt()).bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add patient: the id or the MRN is taken");
        }
    }

    @Override
    public Optional<Patient> find(PatientId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find patient", FIND,
                p -> p.uuid(id.value()), JdbcPatients::map);
    }

    @Override
    public List<Patient> findAll(Collection<PatientId> ids) {
        List<UUID> distinct = ids.stream().map(id -> Objects.requireNonNull(id, "id").value()).distinct().toList();
        return tx.queryAnyId("find patients", "SELECT " + COLUMNS + " FROM patients", "id", distinct,
                JdbcPatients::map);
    }

    @Override
    public Optional<Patient> findByMrn(String mrn) {
        Objects.requireNonNull(mrn, "mrn");
        return tx.queryOne("find patient by MRN", "SELECT " + COLUMNS + " FROM patients WHERE mrn = ?",
                p -> p.text(mrn), JdbcPatients::map);
    }

    @Override
    public List<Patient> findByMobile(String mobile) {
        Objects.requireNonNull(mobile, "mobile");
        return tx.query("find patient by mobile", "SELECT " + COLUMNS + " FROM patients WHERE mobile = ? ORDER BY id",
                p -> p.text(mobile), JdbcPatients::map);
    }

    @Override
    public Patient update(Patient patient) {
        Objects.requireNonNull(patient, "patient");
        Sql.Binder binder = p -> p.text(patient.mrn()).text(patient.givenName()).text(patient.familyName())
                .date(patient.birthDate()).text(patient.ssn4Hash()).text(patient.email()).text(patient.mobile())
                .instant(patient.registeredAt()).uuid(patient.id().value()).bigint(patient.version());
        Optional<Patient> updated;
        if (tx.postgres()) {
            updated = tx.queryGuarded("change patient", "UPDATE patients SET " + SET + " RETURNING " + COLUMNS,
                    binder, JdbcPatients::map).stream().findFirst();
        } else {
            // H2: update, then read the row this transaction now holds. Not FINAL TABLE (UPDATE ...):
            // in H2 2.3 a failed delta-table statement undoes earlier writes of the transaction too.
            updated = tx.update("change patient", "UPDATE patients SET " + SET, binder) == 0
                    ? Optional.empty() : find(patient.id());
        }
        return updated.orElseThrow(() ->
                new OptimisticLockException("Could not change patient: stale version or no such patient"));
    }

    @Override
    public List<Patient> page(PatientId after, int limit) {
        Sql.pageLimit(limit);
        if (after == null) {
            return tx.query("list patients", "SELECT " + COLUMNS + " FROM patients ORDER BY id" + Sql.limit(limit),
                    p -> { }, JdbcPatients::map);
        }
        return tx.query("list patients", "SELECT " + COLUMNS + " FROM patients WHERE id > ? ORDER BY id"
                + Sql.limit(limit), p -> p.uuid(after.value()), JdbcPatients::map);
    }

    static Patient map(ResultSet row) throws SQLException {
        return new Patient(new PatientId(Sql.uuid(row, "id")), row.getString("mrn"), row.getString("given_name"),
                row.getString("family_name"), Sql.date(row, "birth_date"), row.getString("ssn4_hash"),
                row.getString("email"), row.getString("mobile"), Sql.instant(row, "registered_at"),
                row.getLong("version"));
    }
}

package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pharmacy;
import org.patientportal.model.PharmacyId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.Pharmacies;

/** {@link Pharmacies} on the {@code pharmacies} and {@code preferred_pharmacies} tables. */
final class JdbcPharmacies implements Pharmacies {
    private static final String COLUMNS = "id, name, address, phone, ncpdp_id";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM pharmacies";
    private static final String ADD_PREFERRED = "INSERT INTO preferred_pharmacies (patient_id, pharmacy_id, added_at)"
            + " VALUES (?, ?, ?)";

    private final JdbcTransaction tx;

    JdbcPharmacies(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Pharmacy pharmacy) {
        Objects.requireNonNull(pharmacy, "pharmacy");
        tx.update("add pharmacy", "INSERT INTO pharmacies (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                p -> p.uuid(pharmacy.id().value()).text(pharmacy.name()).text(pharmacy.address())
                        .text(pharmacy.phone()).text(pharmacy.ncpdpId()));
    }

    @Override
    public Optional<Pharmacy> find(PharmacyId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find pharmacy", SELECT + " WHERE id = ?", p -> p.uuid(id.value()), JdbcPharmacies::map);
    }

    @Override
    public List<Pharmacy> list(PharmacyId after, int limit) {
        return tx.pageById("list pharmacies", SELECT + " WHERE 1 = 1", p -> { }, after == null ? null : after.value(),
                limit, JdbcPharmacies::map);
    }

    @Override
    public boolean addPreferred(PatientId patient, PharmacyId pharmacy, Instant at) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(pharmacy, "pharmacy");
        Objects.requireNonNull(at, "at");
        Sql.Binder binder = p -> p.uuid(patient.value()).uuid(pharmacy.value()).instant(at);
        if (tx.postgres()) {
            return tx.update("add preferred pharmacy", ADD_PREFERRED + " ON CONFLICT DO NOTHING", binder) == 1;
        }
        try {
            return tx.update("add preferred pharmacy", ADD_PREFERRED, binder) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public boolean removePreferred(PatientId patient, PharmacyId pharmacy) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(pharmacy, "pharmacy");
        return tx.update("remove preferred pharmacy",
                "DELETE FROM preferred_pharmacies WHERE patient_id = ? AND pharmacy_id = ?",
                p -> p.uuid(patient.value()).uuid(pharmacy.value())) == 1;
    }

    @Override
    public boolean isPreferred(PatientId patient, PharmacyId pharmacy) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(pharmacy, "pharmacy");
        return tx.queryOne("find preferred pharmacy",
                "SELECT 1 FROM preferred_pharmacies WHERE patient_id = ? AND pharmacy_id = ?",
                p -> p.uuid(patient.value()).uuid(pharmacy.value()), row -> Boolean.TRUE).isPresent();
    }

    @Override
    public List<Pharmacy> preferred(PatientId patient, PharmacyId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Sql.pageLimit(limit);
        String sql = "SELECT ph.id, ph.name, ph.address, ph.phone, ph.ncpdp_id FROM preferred_pharmacies pp"
                + " JOIN pharmacies ph ON ph.id = pp.pharmacy_id WHERE pp.patient_id = ?"
                + (after == null ? "" : " AND pp.pharmacy_id > ?") + " ORDER BY pp.pharmacy_id" + Sql.limit(limit);
        return tx.query("list preferred pharmacies", sql, p -> {
            p.uuid(patient.value());
            if (after != null) {
                p.uuid(after.value());
            }
        }, JdbcPharmacies::map);
    }

    private static Pharmacy map(ResultSet row) throws SQLException {
        return new Pharmacy(new PharmacyId(Sql.uuid(row, "id")), row.getString("name"), row.getString("address"),
                row.getString("phone"), row.getString("ncpdp_id"));
    }
}

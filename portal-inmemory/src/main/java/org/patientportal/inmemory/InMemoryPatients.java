package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.Patients;

/** One transaction's {@link Patients}. */
final class InMemoryPatients implements Patients {
    private static final Comparator<PatientId> ID_ORDER = (PatientId l, PatientId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /** Committed patients, unique by id and MRN, indexed by mobile number (not unique: a family may share one). */
    static final class Data {
        final Table<PatientId, Patient> table = new Table<>("patient", Patient::id, ID_ORDER);
        final Unique<PatientId, Patient, String> mrn = table.unique("mrn", Patient::mrn);
        final Map<String, NavigableSet<PatientId>> byMobile = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> {
                String newMobile = newRow.mobile();
                String oldMobile = oldRow == null ? null : oldRow.mobile();
                if (Objects.equals(oldMobile, newMobile)) {
                    return;
                }
                // Add the new entry before removing the old one; readers re-check the row anyway.
                if (newMobile != null) {
                    byMobile.computeIfAbsent(newMobile, m -> new ConcurrentSkipListSet<>(ID_ORDER)).add(newRow.id());
                }
                if (oldMobile != null) {
                    NavigableSet<PatientId> ids = byMobile.get(oldMobile);
                    if (ids != null) {
                        ids.remove(newRow.id());
                    }
                }
            });
        }
    }

    private final Data data;
    private final TableTx<PatientId, Patient> rows;

    InMemoryPatients(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(Patient patient) {
        Objects.requireNonNull(patient, "patient");
        if (patient.version() != 0) {
            throw new IllegalArgumentException("a new patient has version 0");
        }
        rows.insert(patient);
    }

    @Override
    public Optional<Patient> find(PatientId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<Patient> findByMrn(String mrn) {
        Objects.requireNonNull(mrn, "mrn");
        return rows.findBy(data.mrn, mrn);
    }

    @Override
    public List<Patient> findByMobile(String mobile) {
        Objects.requireNonNull(mobile, "mobile");
        NavigableSet<PatientId> committed = data.byMobile.get(mobile);
        return rows.select(committed == null ? List.of() : committed, p -> mobile.equals(p.mobile()));
    }

    @Override
    public Patient update(Patient patient) {
        Objects.requireNonNull(patient, "patient");
        Patient current = rows.lockAtVersion(patient.id(), patient.version(), Patient::version, "patient");
        Patient stored = patient.withVersion(current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public List<Patient> page(PatientId after, int limit) {
        TableTx.checkLimit(limit);
        return rows.page(rows.committedIdsAfter(after), after, limit, patient -> true);
    }
}

package org.patientportal.inmemory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.Patients;

/** One transaction's {@link Patients}. */
final class InMemoryPatients implements Patients {
    /** Committed patients, unique by id and MRN. */
    static final class Data {
        final Table<PatientId, Patient> table = new Table<>("patient", Patient::id, UuidOrder.by(PatientId::value));
        final Unique<PatientId, Patient, String> mrn = table.unique("mrn", Patient::mrn);
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
    public Patient update(Patient patient) {
        Objects.requireNonNull(patient, "patient");
        Patient current = rows.lockAndRead(patient.id());
        if (current == null) {
            throw new OptimisticLockException("patient not found");
        }
        if (current.version() != patient.version()) {
            throw new OptimisticLockException("patient was changed by another transaction");
        }
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

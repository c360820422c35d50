package org.patientportal.inmemory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.PatientId;
import org.patientportal.model.Prescription;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.spi.storage.Prescriptions;

/**
 * One transaction's {@link Prescriptions}. The (patient, source id) unique key is locked before it
 * is read, so concurrent upserts of one key queue and each compares versions with the latest
 * committed row; fills lock the row.
 */
final class InMemoryPrescriptions implements Prescriptions {
    /** The unique key of a prescription. */
    record SourceKey(PatientId patient, String sourceId) {
    }

    /** Committed prescriptions, unique by (patient, source id), indexed by patient in id order. */
    static final class Data {
        final Table<PrescriptionId, Prescription> table =
                new Table<>("prescription", Prescription::id, (PrescriptionId l, PrescriptionId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        final Unique<PrescriptionId, Prescription, SourceKey> source =
                table.unique("source", p -> new SourceKey(p.patientId(), p.sourceId()));
        final Map<PatientId, NavigableSet<PrescriptionId>> byPatient = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> byPatient.computeIfAbsent(newRow.patientId(),
                    p -> new ConcurrentSkipListSet<>((PrescriptionId l, PrescriptionId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()))).add(newRow.id()));
        }
    }

    private final Data data;
    private final Transaction tx;
    private final TableTx<PrescriptionId, Prescription> rows;

    InMemoryPrescriptions(Data data, Transaction tx) {
        this.data = data;
        this.tx = tx;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public List<Boolean> upsertAll(List<Prescription> prescriptions) {
        Objects.requireNonNull(prescriptions, "prescriptions");
        List<Boolean> changed = new ArrayList<>(prescriptions.size());
        for (Prescription p : prescriptions) {
            Objects.requireNonNull(p, "prescription");
            SourceKey key = new SourceKey(p.patientId(), p.sourceId());
            tx.lock(new LockKey(data.source.name, key));
            Optional<Prescription> stored = rows.findBy(data.source, key);
            if (stored.isEmpty()) {
                rows.insert(p);
                changed.add(true);
                continue;
            }
            Prescription current = rows.lockAndRead(stored.get().id());
            if (current.sourceVersion() < p.sourceVersion()) {
                rows.replace(current, p.withId(current.id()));
                changed.add(true);
            } else {
                changed.add(false);
            }
        }
        return changed;
    }

    @Override
    public Optional<Prescription> find(PrescriptionId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<Prescription> findBySource(PatientId patient, String sourceId) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(sourceId, "sourceId");
        return rows.findBy(data.source, new SourceKey(patient, sourceId));
    }

    @Override
    public List<Prescription> forPatient(PatientId patient, boolean active, PrescriptionId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        NavigableSet<PrescriptionId> ids = data.byPatient.get(patient);
        Iterable<PrescriptionId> candidates = ids == null ? Collections.emptyList()
                : after == null ? ids : ids.tailSet(after, false);
        PrescriptionStatus wanted = active ? PrescriptionStatus.ACTIVE : PrescriptionStatus.DISCONTINUED;
        return rows.page(candidates, after, limit, p -> p.patientId().equals(patient) && p.status() == wanted);
    }

    @Override
    public boolean recordFill(PrescriptionId id, LocalDate day) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(day, "day");
        Prescription current = rows.lockAndRead(id);
        if (current == null || current.status() != PrescriptionStatus.ACTIVE || current.refillsRemaining() == 0) {
            return false;
        }
        rows.replace(current, current.filled(day));
        return true;
    }
}

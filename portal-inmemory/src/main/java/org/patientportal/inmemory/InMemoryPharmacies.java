package org.patientportal.inmemory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pharmacy;
import org.patientportal.model.PharmacyId;
import org.patientportal.spi.storage.Pharmacies;

/**
 * One transaction's {@link Pharmacies}: the directory (unique by NCPDP id) and the preferred
 * pharmacies, one row per (patient, pharmacy) that a removal marks removed (tables here never
 * lose a row).
 */
final class InMemoryPharmacies implements Pharmacies {
    private static final Comparator<PharmacyId> ORDER = (PharmacyId l, PharmacyId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /** The key of a preferred pharmacy. */
    record PreferredKey(PatientId patient, PharmacyId pharmacy) {
    }

    /** A patient's preferred pharmacy, or a removed one. */
    record Preferred(PreferredKey key, Instant addedAt, boolean present) {
    }

    /** Committed directory and preferred pharmacies, the latter indexed by patient. */
    static final class Data {
        final Table<PharmacyId, Pharmacy> table = new Table<>("pharmacy", Pharmacy::id, ORDER);
        final Unique<PharmacyId, Pharmacy, String> ncpdp = table.unique("ncpdp", Pharmacy::ncpdpId);
        final Table<PreferredKey, Preferred> preferred = new Table<>("preferred_pharmacy", Preferred::key,
                Comparator.<PreferredKey, PatientId>comparing(PreferredKey::patient, (PatientId l, PatientId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()))
                        .thenComparing(PreferredKey::pharmacy, ORDER));
        final Map<PatientId, NavigableSet<PharmacyId>> byPatient = new ConcurrentHashMap<>();

        Data() {
            preferred.indexer((oldRow, newRow) -> {
                NavigableSet<PharmacyId> set = byPatient.computeIfAbsent(newRow.key().patient(),
                        p -> new ConcurrentSkipListSet<>(ORDER));
                if (newRow.present()) {
                    set.add(newRow.key().pharmacy());
                } else {
                    set.remove(newRow.key().pharmacy());
                }
            });
        }
    }

    private final Data data;
    private final TableTx<PharmacyId, Pharmacy> rows;
    private final TableTx<PreferredKey, Preferred> preferred;

    InMemoryPharmacies(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
        this.preferred = TableTx.open(data.preferred, tx);
    }

    @Override
    public void insert(Pharmacy pharmacy) {
        Objects.requireNonNull(pharmacy, "pharmacy");
        rows.insert(pharmacy);
    }

    @Override
    public Optional<Pharmacy> find(PharmacyId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public List<Pharmacy> list(PharmacyId after, int limit) {
        return rows.page(rows.committedIdsAfter(after), after, limit, p -> true);
    }

    @Override
    public boolean addPreferred(PatientId patient, PharmacyId pharmacy, Instant at) {
        Objects.requireNonNull(at, "at");
        PreferredKey key = new PreferredKey(Objects.requireNonNull(patient, "patient"),
                Objects.requireNonNull(pharmacy, "pharmacy"));
        Preferred current = preferred.lockAndRead(key);
        if (current == null) {
            preferred.insert(new Preferred(key, at, true));
            return true;
        }
        if (current.present()) {
            return false;
        }
        preferred.replace(current, new Preferred(key, at, true));
        return true;
    }

    @Override
    public boolean removePreferred(PatientId patient, PharmacyId pharmacy) {
        PreferredKey key = new PreferredKey(Objects.requireNonNull(patient, "patient"),
                Objects.requireNonNull(pharmacy, "pharmacy"));
        Preferred current = preferred.lockAndRead(key);
        if (current == null || !current.present()) {
            return false;
        }
        preferred.replace(current, new Preferred(key, current.addedAt(), false));
        return true;
    }

    @Override
    public boolean isPreferred(PatientId patient, PharmacyId pharmacy) {
        PreferredKey key = new PreferredKey(Objects.requireNonNull(patient, "patient"),
                Objects.requireNonNull(pharmacy, "pharmacy"));
        return preferred.find(key).map(Preferred::present).orElse(false);
    }

    @Override
    public List<Pharmacy> preferred(PatientId patient, PharmacyId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        NavigableSet<PharmacyId> ids = data.byPatient.get(patient);
        Iterable<PreferredKey> keys = ids == null ? Collections.emptyList()
                : () -> (after == null ? ids : ids.tailSet(after, false)).stream()
                        .map(id -> new PreferredKey(patient, id)).iterator();
        List<Preferred> page = preferred.page(keys, after == null ? null : new PreferredKey(patient, after), limit,
                p -> p.key().patient().equals(patient) && p.present());
        List<Pharmacy> out = new ArrayList<>(page.size());
        for (Preferred p : page) {
            rows.find(p.key().pharmacy()).ifPresent(out::add);
        }
        return out;
    }
}

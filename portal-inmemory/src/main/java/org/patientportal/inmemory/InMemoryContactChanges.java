package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.ContactChange;
import org.patientportal.model.ContactChangeId;
import org.patientportal.model.ContactKind;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.ContactChanges;

/** One transaction's {@link ContactChanges}: one row per patient and kind, the latest request. */
final class InMemoryContactChanges implements ContactChanges {
    /**
     * A row's key.
     *
     * @param patientId the patient
     * @param kind      email or mobile
     */
    record Key(PatientId patientId, ContactKind kind) {
    }

    private static final Comparator<Key> ORDER = Comparator
            .comparing((Key k) -> k.patientId().value(), Uuids.UNSIGNED_ORDER)
            .thenComparing(Key::kind);

    /** Committed requests by patient and kind. */
    static final class Data {
        final Table<Key, ContactChange> table =
                new Table<>("contact_changes", c -> new Key(c.patientId(), c.kind()), ORDER);
    }

    private final TableTx<Key, ContactChange> rows;

    InMemoryContactChanges(Data data, Transaction tx) {
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void put(ContactChange change) {
        Objects.requireNonNull(change, "change");
        if (change.failedAttempts() != 0 || !change.isPending()) {
            throw new IllegalArgumentException("a new request has no failed attempt and is pending");
        }
        Key key = new Key(change.patientId(), change.kind());
        ContactChange current = rows.lockAndRead(key);
        if (current == null) {
            rows.insert(change);
        } else {
            rows.replace(current, change);
        }
    }

    @Override
    public Optional<ContactChange> find(PatientId patientId, ContactKind kind) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(kind, "kind");
        return rows.find(new Key(patientId, kind));
    }

    @Override
    public int recordFailedAttempt(PatientId patientId, ContactChangeId id) {
        ContactChange current = lockById(patientId, id);
        if (current == null) {
            return -1;
        }
        int count = current.failedAttempts() + 1;
        rows.replace(current, new ContactChange(current.id(), current.patientId(), current.kind(),
                current.newAddress(), current.codeHash(), current.requestedAt(), current.expiresAt(), count,
                current.confirmedAt()));
        return count;
    }

    @Override
    public boolean confirm(PatientId patientId, ContactChangeId id, Instant at) {
        Objects.requireNonNull(at, "at");
        ContactChange current = lockById(patientId, id);
        if (current == null || !current.isPending()) {
            return false;
        }
        rows.replace(current, new ContactChange(current.id(), current.patientId(), current.kind(),
                current.newAddress(), current.codeHash(), current.requestedAt(), current.expiresAt(),
                current.failedAttempts(), at));
        return true;
    }

    /** The patient's stored request with this id, its row locked; null if there is none. */
    private ContactChange lockById(PatientId patientId, ContactChangeId id) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(id, "id");
        for (ContactKind kind : ContactKind.values()) {
            Key key = new Key(patientId, kind);
            ContactChange seen = rows.current(key);
            if (seen != null && seen.id().equals(id)) {
                ContactChange locked = rows.lockAndRead(key);
                return locked != null && locked.id().equals(id) ? locked : null;
            }
        }
        return null;
    }
}

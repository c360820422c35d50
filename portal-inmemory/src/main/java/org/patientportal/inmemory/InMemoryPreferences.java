package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.Preferences;

/** One transaction's {@link Preferences}: one row per patient, keyed by the patient's id. */
final class InMemoryPreferences implements Preferences {
    /** Committed preferences by patient. */
    static final class Data {
        final Table<PatientId, NotificationPreferences> table =
                new Table<>("notification_preferences", NotificationPreferences::patientId, (PatientId l, PatientId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
    }

    private final TableTx<PatientId, NotificationPreferences> rows;

    InMemoryPreferences(Data data, Transaction tx) {
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public Optional<NotificationPreferences> find(PatientId patientId) {
        Objects.requireNonNull(patientId, "patientId");
        return rows.find(patientId);
    }

    @Override
    public NotificationPreferences save(NotificationPreferences preferences) {
        Objects.requireNonNull(preferences, "preferences");
        if (preferences.version() == 0) {
            NotificationPreferences stored = withVersion(preferences, 1);
            rows.insert(stored); // locks the patient's row: concurrent first saves wait, then find it taken
            return stored;
        }
        NotificationPreferences current = rows.lockAndRead(preferences.patientId());
        if (current == null) {
            throw new OptimisticLockException("notification preferences not found");
        }
        if (current.version() != preferences.version()) {
            throw new OptimisticLockException("notification preferences were changed by another transaction");
        }
        NotificationPreferences stored = withVersion(preferences, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    private static NotificationPreferences withVersion(NotificationPreferences p, long version) {
        return new NotificationPreferences(p.patientId(), p.channelsByKind(), p.pushAddress(),
                p.pushAddressSelfSet(), p.smsConsentAt(), p.smsStoppedAt(), version);
    }
}

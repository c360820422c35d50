package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.spi.storage.IdempotencyRecords;

/** One transaction's {@link IdempotencyRecords}. */
final class InMemoryIdempotencyRecords implements IdempotencyRecords {
    /**
     * The primary key of an idempotency record.
     *
     * @param scope the scope
     * @param key   the caller's key
     */
    record Key(String scope, String key) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::scope).thenComparing(Key::key);

        static Key of(IdempotencyRecord record) {
            return new Key(record.scope(), record.key());
        }
    }

    /** Committed records, unique by scope and key. */
    static final class Data {
        final Table<Key, IdempotencyRecord> table = new Table<>("idempotency", Key::of, Key.ORDER);
    }

    private final TableTx<Key, IdempotencyRecord> rows;

    InMemoryIdempotencyRecords(Data data, Transaction tx) {
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public Optional<IdempotencyRecord> find(String scope, String key) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        return rows.find(new Key(scope, key));
    }

    @Override
    public void insert(IdempotencyRecord record) {
        Objects.requireNonNull(record, "record");
        rows.insert(record);
    }
}

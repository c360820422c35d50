package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Comparator;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
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
        static final Comparator<Key> ORDER = (Key l, Key r) -> {
            int byScope = l.scope().compareTo(r.scope());
            return byScope != 0 ? byScope : l.key().compareTo(r.key());
        };

        static Key of(IdempotencyRecord record) {
            return new Key(record.scope(), record.key());
        }
    }

    /**
     * A record in creation order, then by scope and key (the record itself: no copy of its key).
     *
     * @param at     when it was created
     * @param record the record
     */
    record Created(Instant at, IdempotencyRecord record) {
        static final Comparator<Created> ORDER = (Created l, Created r) -> {
            int byAt = l.at().compareTo(r.at());
            if (byAt != 0) {
                return byAt;
            }
            int byScope = l.record().scope().compareTo(r.record().scope());
            return byScope != 0 ? byScope : l.record().key().compareTo(r.record().key());
        };

        Key key() {
            return Key.of(record);
        }

        static Created of(IdempotencyRecord record) {
            return new Created(record.createdAt(), record);
        }
    }

    /** Committed records, unique by scope and key, with their creation order for retention. */
    static final class Data {
        final Table<Key, IdempotencyRecord> table = Table.unorderedIds("idempotency", Key::of, Key.ORDER);
        final NavigableSet<Created> byCreation = new ConcurrentSkipListSet<>(Created.ORDER);

        Data() {
            table.indexer((oldRow, newRow) -> {
                byCreation.add(Created.of(newRow));
                if (oldRow != null && !oldRow.createdAt().equals(newRow.createdAt())) {
                    byCreation.remove(Created.of(oldRow));
                }
            });
            table.remover(oldRow -> byCreation.remove(Created.of(oldRow)));
        }
    }

    private final Data data;

    private final TableTx<Key, IdempotencyRecord> rows;

    InMemoryIdempotencyRecords(Data data, Transaction tx) {
        this.data = data;
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

    @Override
    public int purgeCreatedBefore(Instant createdBefore, int limit) {
        Objects.requireNonNull(createdBefore, "createdBefore");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1 to 10000, was " + limit);
        }
        rows.tx().checkOpen();
        int purged = 0;
        for (Created created : data.byCreation) {
            if (purged == limit || !created.at().isBefore(createdBefore)) {
                break;
            }
            IdempotencyRecord found = rows.lockAndRead(created.key());
            if (found != null && found.createdAt().isBefore(createdBefore)) {
                rows.delete(found);
                purged++;
            }
        }
        return purged;
    }
}

package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.spi.storage.TransactionalWork;

/** Retention: purging delivered and cancelled outbox entries and old idempotency records (NT-2, IN-1). */
abstract class RetentionContracts extends KitSupport {
    @Test
    @DisplayName("purgeCompleted deletes DELIVERED and CANCELLED entries completed before the bound, oldest first, at most the limit; PENDING, CLAIMED and DEAD entries stay")
    void purgeCompleted() {
        String key = "appointment:" + UUID.randomUUID();
        List<OutboxEntry> delivered = List.of(entry(at(-50)), entry(at(-40)), entry(at(-30)), entry(at(-20)));
        OutboxEntry cancelled = entry(at(3600), key);
        OutboxEntry dead = entry(at(-10));
        OutboxEntry claimed = entry(at(-5));
        OutboxEntry pending = entry(at(7200));
        run(tx -> {
            delivered.forEach(tx.outbox()::enqueue);
            List.of(cancelled, dead, claimed, pending).forEach(tx.outbox()::enqueue);
        });
        assertThat(claims(tx -> tx.outbox().claimDue(T0, 10, "claim-a", at(600)))).hasSize(6);
        run(tx -> {
            // completed at 10, 20, 30 and 100 (after the bound); cancelled at 15; dead at 5
            assertThat(tx.outbox().markDelivered(delivered.get(0).id(), "claim-a", at(10))).isTrue();
            assertThat(tx.outbox().markDelivered(delivered.get(1).id(), "claim-a", at(20))).isTrue();
            assertThat(tx.outbox().markDelivered(delivered.get(2).id(), "claim-a", at(30))).isTrue();
            assertThat(tx.outbox().markDelivered(delivered.get(3).id(), "claim-a", at(100))).isTrue();
            assertThat(tx.outbox().markDead(dead.id(), "claim-a", "gave-up", at(5))).isTrue();
            assertThat(tx.outbox().cancelPending(key, at(15))).isEqualTo(1);
        });

        assertThat(count(tx -> tx.outbox().purgeCompleted(at(50), 2))).isEqualTo(2);
        assertThat(ids(read(tx -> present(tx.outbox()::find, delivered.get(0).id(), cancelled.id(),
                delivered.get(1).id())))).as("the oldest two went first").containsExactly(delivered.get(1).id());
        assertThat(count(tx -> tx.outbox().purgeCompleted(at(50), 10))).isEqualTo(2);
        assertThat(count(tx -> tx.outbox().purgeCompleted(at(50), 10))).isZero();
        assertThat(count(tx -> tx.outbox().purgeCompleted(at(30), 10))).as("the bound is exclusive").isZero();

        for (OutboxEntry gone : List.of(delivered.get(0), delivered.get(1), delivered.get(2), cancelled)) {
            check(tx -> assertThat(tx.outbox().find(gone.id())).isEmpty());
        }
        assertThat(read(tx -> tx.outbox().find(delivered.get(3).id())).orElseThrow().status())
                .isEqualTo(OutboxStatus.DELIVERED);
        assertThat(read(tx -> tx.outbox().find(dead.id())).orElseThrow().status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(read(tx -> tx.outbox().find(claimed.id())).orElseThrow().status()).isEqualTo(OutboxStatus.CLAIMED);
        check(tx -> assertThat(tx.outbox().find(pending.id())).contains(pending));
        check(tx -> assertThat(tx.outbox().countByStatus()).isEqualTo(counts(1, 1, 1, 1, 0)));
        check(tx -> assertThat(tx.outbox().dead(null, 10)).extracting(OutboxEntry::id).containsExactly(dead.id()));
        assertThat(count(tx -> tx.outbox().purgeCompleted(at(86_400), 10))).as("the delivered one at 100 only").isEqualTo(1);
        check(tx -> assertThat(tx.outbox().countByStatus()).isEqualTo(counts(1, 1, 0, 1, 0)));
    }

    @Test
    @DisplayName("purgeCompleted in a transaction that rolls back deletes nothing; a limit outside 1 to 10,000 is refused")
    void purgeCompletedRollbackAndLimit() {
        OutboxEntry entry = entry(at(-10));
        run(tx -> tx.outbox().enqueue(entry));
        write(tx -> tx.outbox().claimDue(T0, 1, "claim-a", at(60)));
        run(tx -> tx.outbox().markDelivered(entry.id(), "claim-a", at(1)));
        assertThatThrownBy(() -> run(tx -> {
            assertThat(tx.outbox().purgeCompleted(at(10), 10)).isEqualTo(1);
            assertThat(tx.outbox().find(entry.id())).as("gone for the purging transaction itself").isEmpty();
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        assertThat(read(tx -> tx.outbox().find(entry.id())).isPresent()).isTrue();
        assertThatThrownBy(() -> run(tx -> tx.outbox().purgeCompleted(at(10), 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run(tx -> tx.outbox().purgeCompleted(at(10), 10_001)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(count(tx -> tx.outbox().purgeCompleted(at(10), 10_000))).isEqualTo(1);
    }

    @Test
    @DisplayName("purgeCreatedBefore deletes idempotency records created before the bound, oldest first, at most the limit; a purged key can be stored again (IN-1)")
    void purgeIdempotency() {
        List<IdempotencyRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            IdempotencyRecord r = idempotency("scheduling.book:" + UUID.randomUUID(), unique("key"));
            records.add(new IdempotencyRecord(r.scope(), r.key(), r.requestHash(), r.response(), at(10L * i)));
        }
        run(tx -> records.forEach(tx.idempotencyRecords()::insert));

        assertThat(count(tx -> tx.idempotencyRecords().purgeCreatedBefore(at(30), 2))).isEqualTo(2);
        check(tx -> {
            assertThat(tx.idempotencyRecords().find(records.get(0).scope(), records.get(0).key())).isEmpty();
            assertThat(tx.idempotencyRecords().find(records.get(1).scope(), records.get(1).key())).isEmpty();
            assertThat(tx.idempotencyRecords().find(records.get(2).scope(), records.get(2).key()))
                    .contains(records.get(2));
        });
        assertThat(count(tx -> tx.idempotencyRecords().purgeCreatedBefore(at(30), 10)))
                .as("the bound is exclusive").isEqualTo(1);
        assertThat(count(tx -> tx.idempotencyRecords().purgeCreatedBefore(at(30), 10))).isZero();
        check(tx -> {
            assertThat(tx.idempotencyRecords().find(records.get(3).scope(), records.get(3).key()))
                    .contains(records.get(3));
            assertThat(tx.idempotencyRecords().find(records.get(4).scope(), records.get(4).key()))
                    .contains(records.get(4));
        });
        IdempotencyRecord again = new IdempotencyRecord(records.get(0).scope(), records.get(0).key(), "other-hash",
                "{}", at(100));
        run(tx -> tx.idempotencyRecords().insert(again));
        check(tx -> assertThat(tx.idempotencyRecords().find(again.scope(), again.key())).contains(again));
        assertThatThrownBy(() -> run(tx -> tx.idempotencyRecords().purgeCreatedBefore(at(10), 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private int count(TransactionalWork<Integer> work) {
        return write(work);
    }

    private static List<OutboxEntryId> ids(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::id).toList();
    }

    private static List<OutboxEntry> present(Function<OutboxEntryId, Optional<OutboxEntry>> find,
                                             OutboxEntryId... ids) {
        List<OutboxEntry> out = new ArrayList<>();
        for (OutboxEntryId id : ids) {
            find.apply(id).ifPresent(out::add);
        }
        return out;
    }

    private List<OutboxEntry> claims(TransactionalWork<List<OutboxEntry>> work) {
        return write(work);
    }
}

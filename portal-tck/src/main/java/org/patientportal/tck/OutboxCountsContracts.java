package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxStatus;

/** The outbox counts by status (NT-2). */
abstract class OutboxCountsContracts extends KitSupport {
    @Test
    @DisplayName("an empty outbox counts zero in every status, each status present")
    void empty() {
        check(tx -> assertThat(tx.outbox().countByStatus()).isEqualTo(counts(0, 0, 0, 0, 0)));
    }

    @Test
    @DisplayName("counts follow enqueue, claim, deliver, fail, dead-letter, cancel and requeue (NT-2)")
    void follow() {
        String key = "appointment:" + UUID.randomUUID();
        List<OutboxEntry> due = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            due.add(entry(at(-60 + i)));
        }
        List<OutboxEntry> later = List.of(entry(at(3600), key), entry(at(7200), key));
        run(tx -> {
            due.forEach(tx.outbox()::enqueue);
            later.forEach(tx.outbox()::enqueue);
        });
        assertThat(countsNow()).isEqualTo(counts(8, 0, 0, 0, 0));
        List<OutboxEntry> claimed = write(tx -> tx.outbox().claimDue(T0, 5, "claim-a", at(60)));
        assertThat(claimed).hasSize(5);
        assertThat(countsNow()).isEqualTo(counts(3, 5, 0, 0, 0));
        run(tx -> {
            assertThat(tx.outbox().markDelivered(claimed.get(0).id(), "claim-a", at(1))).isTrue();
            assertThat(tx.outbox().markFailed(claimed.get(1).id(), "claim-a", "timeout", at(600))).isTrue();
            assertThat(tx.outbox().markDead(claimed.get(2).id(), "claim-a", "invalid-address", at(1))).isTrue();
        });
        assertThat(countsNow()).isEqualTo(counts(4, 2, 1, 1, 0));
        run(tx -> assertThat(tx.outbox().cancelPending(key, at(2))).isEqualTo(2));
        assertThat(countsNow()).isEqualTo(counts(2, 2, 1, 1, 2));
        run(tx -> assertThat(tx.outbox().requeue(claimed.get(2).id(), at(3))).isTrue());
        assertThat(countsNow()).isEqualTo(counts(3, 2, 1, 0, 2));
        run(tx -> assertThat(tx.outbox().claimDue(at(86_400), 1000, "claim-b", at(90_000))).hasSize(5));
        assertThat(countsNow()).isEqualTo(counts(0, 5, 1, 0, 2));
    }

    @Test
    @DisplayName("counts include the work's own writes; rolled back, they are as before (NT-2)")
    void ownWritesAndRollback() {
        OutboxEntry first = entry(at(-10));
        OutboxEntry second = entry(T0);
        run(tx -> {
            tx.outbox().enqueue(first);
            tx.outbox().enqueue(second);
        });
        write(tx -> tx.outbox().claimDue(T0, 1, "claim-a", at(60)));
        Map<OutboxStatus, Long> before = countsNow();
        assertThat(before).isEqualTo(counts(1, 1, 0, 0, 0));
        assertThatThrownBy(() -> run(tx -> {
            tx.outbox().enqueue(entry(at(10)));
            tx.outbox().enqueue(entry(at(10)));
            assertThat(tx.outbox().markDelivered(first.id(), "claim-a", at(1))).isTrue();
            assertThat(tx.outbox().countByStatus()).isEqualTo(counts(3, 0, 1, 0, 0));
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        assertThat(countsNow()).isEqualTo(before);
    }

    private Map<OutboxStatus, Long> countsNow() {
        return read(tx -> tx.outbox().countByStatus());
    }
}

package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.TransactionalWork;

/** The {@code Outbox} (NT-2). */
abstract class OutboxContracts extends KitSupport {
    @Test
    @DisplayName("an enqueued entry round-trips every field (NT-2)")
    void roundTrip() {
        Account account = insertAccount();
        OutboxEntry full = OutboxEntry.pending("activation-code", account.patientId(), account.id(),
                "{\"channel\":\"email\",\"template\":\"welcome\"}", "appointment:" + UUID.randomUUID(), T0, at(60));
        OutboxEntry bare = OutboxEntry.pending("password-changed", null, null, "", null, at(1), at(1));
        OutboxEntry opaque = OutboxEntry.pending("password-changed", null, null,
                "not JSON: \"quotes\", back\\slash, new\nline, tab\t, caf\u00e9, \ud83d\ude00 " + "x".repeat(10_000),
                null, at(2), at(2));
        run(tx -> {
            tx.outbox().enqueue(full);
            tx.outbox().enqueue(bare);
            tx.outbox().enqueue(opaque);
        });
        check(tx -> assertThat(tx.outbox().find(opaque.id())).as("the payload is kept as given, never parsed").contains(opaque));
        check(tx -> assertThat(tx.outbox().find(full.id())).contains(full));
        check(tx -> assertThat(tx.outbox().find(bare.id())).contains(bare));
        check(tx -> assertThat(tx.outbox().find(OutboxEntryId.newId())).isEmpty());
    }

    @Test
    @DisplayName("a taken id is a duplicate key")
    void duplicateId() {
        OutboxEntry entry = entry(T0);
        run(tx -> tx.outbox().enqueue(entry));
        OutboxEntry sameId = new OutboxEntry(entry.id(), "other", null, null, "", null, T0, T0,
                OutboxStatus.PENDING, 0, T0, null, null, null, null, 0);
        assertThatThrownBy(() -> run(tx -> tx.outbox().enqueue(sameId))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.outbox().find(entry.id())).contains(entry));
    }

    @Test
    @DisplayName("claimDue claims due entries, oldest nextAttemptAt first, up to the limit, and records the claim")
    void claimDue() {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(entry(at(-60L * (i + 1))));
        }
        run(tx -> entries.forEach(tx.outbox()::enqueue));
        List<OutboxEntry> claimed = write(tx -> tx.outbox().claimDue(T0, 3, "claim-a", at(300)));
        assertThat(claimed).extracting(OutboxEntry::id)
                .containsExactly(entries.get(4).id(), entries.get(3).id(), entries.get(2).id());
        for (OutboxEntry c : claimed) {
            assertThat(c.status()).isEqualTo(OutboxStatus.CLAIMED);
            assertThat(c.claimedBy()).isEqualTo("claim-a");
            assertThat(c.claimExpiresAt()).isEqualTo(at(300));
            check(tx -> assertThat(tx.outbox().find(c.id())).contains(c));
        }
        run(tx -> assertThat(tx.outbox().claimDue(T0, 10, "claim-b", at(300))).extracting(OutboxEntry::id)
                .containsExactly(entries.get(1).id(), entries.get(0).id()));
        run(tx -> assertThat(tx.outbox().claimDue(T0, 10, "claim-c", at(300))).isEmpty());
    }

    @Test
    @DisplayName("an entry is not claimed before its deliverAfter, and is due exactly at it")
    void deliverAfter() {
        OutboxEntry later = entry(at(3600));
        run(tx -> tx.outbox().enqueue(later));
        run(tx -> assertThat(tx.outbox().claimDue(at(3599), 10, "claim-a", at(4000))).isEmpty());
        check(tx -> assertThat(tx.outbox().find(later.id())).contains(later));
        run(tx -> assertThat(tx.outbox().claimDue(at(3600), 10, "claim-b", at(4000)))
                .extracting(OutboxEntry::id).containsExactly(later.id()));
    }

    @Test
    @DisplayName("a claim is not taken over before it expires; at its expiry another claimer takes it and the first token no longer works (NT-2)")
    void claimExpiry() {
        OutboxEntry entry = entry(T0);
        run(tx -> tx.outbox().enqueue(entry));
        run(tx -> assertThat(tx.outbox().claimDue(T0, 10, "claim-a", at(60))).hasSize(1));
        run(tx -> assertThat(tx.outbox().claimDue(at(59), 10, "claim-b", at(120))).isEmpty());
        List<OutboxEntry> retaken = write(tx -> tx.outbox().claimDue(at(60), 10, "claim-c", at(120)));
        assertThat(retaken).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(entry.id());
            assertThat(e.claimedBy()).isEqualTo("claim-c");
            assertThat(e.claimExpiresAt()).isEqualTo(at(120));
        });
        run(tx -> assertThat(tx.outbox().markDelivered(entry.id(), "claim-a", at(61))).isFalse());
        run(tx -> assertThat(tx.outbox().markFailed(entry.id(), "claim-a", "timeout", at(600))).isFalse());
        run(tx -> assertThat(tx.outbox().markDead(entry.id(), "claim-a", "timeout", at(61))).isFalse());
        assertThat(read(tx -> tx.outbox().find(entry.id())).orElseThrow().claimedBy()).isEqualTo("claim-c");
        run(tx -> assertThat(tx.outbox().markDelivered(entry.id(), "claim-c", at(62))).isTrue());
    }

    @Test
    @DisplayName("markDelivered with the claim's token marks the entry DELIVERED; a wrong token or an unknown entry changes nothing")
    void markDelivered() {
        OutboxEntry entry = entry(T0);
        run(tx -> tx.outbox().enqueue(entry));
        write(tx -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)));
        OutboxEntry claimed = read(tx -> tx.outbox().find(entry.id())).orElseThrow();
        run(tx -> assertThat(tx.outbox().markDelivered(entry.id(), "claim-x", at(5))).isFalse());
        run(tx -> assertThat(tx.outbox().markFailed(entry.id(), "claim-x", "boom", at(5))).isFalse());
        run(tx -> assertThat(tx.outbox().markDead(entry.id(), "claim-x", "boom", at(5))).isFalse());
        check(tx -> assertThat(tx.outbox().find(entry.id())).contains(claimed));
        run(tx -> assertThat(tx.outbox().markDelivered(entry.id(), "claim-a", at(5))).isTrue());
        OutboxEntry delivered = read(tx -> tx.outbox().find(entry.id())).orElseThrow();
        assertThat(delivered.status()).isEqualTo(OutboxStatus.DELIVERED);
        assertThat(delivered.completedAt()).isEqualTo(at(5));
        assertThat(delivered.payload()).isEqualTo(entry.payload());
        run(tx -> assertThat(tx.outbox().markDelivered(entry.id(), "claim-a", at(6))).isFalse());
        run(tx -> assertThat(tx.outbox().claimDue(at(3600), 10, "claim-b", at(4000))).isEmpty());
        run(tx -> assertThat(tx.outbox().markDelivered(OutboxEntryId.newId(), "claim-a", at(6))).isFalse());
    }

    @Test
    @DisplayName("markFailed records the error of the attempt its claim counted and makes the entry PENDING again, due at nextAttemptAt (NT-2)")
    void markFailed() {
        OutboxEntry entry = entry(T0);
        run(tx -> tx.outbox().enqueue(entry));
        write(tx -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)));
        run(tx -> assertThat(tx.outbox().markFailed(entry.id(), "claim-a", "smtp-421", at(120))).isTrue());
        OutboxEntry failed = read(tx -> tx.outbox().find(entry.id())).orElseThrow();
        assertThat(failed.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("smtp-421");
        assertThat(failed.nextAttemptAt()).isEqualTo(at(120));
        run(tx -> assertThat(tx.outbox().markFailed(entry.id(), "claim-a", "smtp-421", at(240))).isFalse());
        run(tx -> assertThat(tx.outbox().claimDue(at(119), 10, "claim-b", at(400))).isEmpty());
        List<OutboxEntry> again = write(tx -> tx.outbox().claimDue(at(120), 10, "claim-c", at(400)));
        assertThat(again).singleElement().satisfies(e -> {
            assertThat(e.attempts()).as("the second claim counts the second attempt").isEqualTo(2);
            assertThat(e.claimedBy()).isEqualTo("claim-c");
        });
        run(tx -> assertThat(tx.outbox().markFailed(entry.id(), "claim-c", "smtp-421", at(500))).isTrue());
        assertThat(read(tx -> tx.outbox().find(entry.id())).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    @DisplayName("markDead records the error of the attempt its claim counted and dead-letters the entry, which is no longer claimed (NT-2)")
    void markDead() {
        OutboxEntry entry = entry(T0);
        run(tx -> tx.outbox().enqueue(entry));
        write(tx -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)));
        run(tx -> assertThat(tx.outbox().markDead(entry.id(), "claim-a", "invalid-address", at(10))).isTrue());
        OutboxEntry dead = read(tx -> tx.outbox().find(entry.id())).orElseThrow();
        assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastError()).isEqualTo("invalid-address");
        assertThat(dead.completedAt()).isEqualTo(at(10));
        check(tx -> assertThat(tx.outbox().dead(null, 10)).containsExactly(dead));
        run(tx -> assertThat(tx.outbox().claimDue(at(86_400), 10, "claim-b", at(90_000))).isEmpty());
        run(tx -> assertThat(tx.outbox().markDead(entry.id(), "claim-a", "again", at(11))).isFalse());
    }

    @Test
    @DisplayName("requeue puts a DEAD entry back to PENDING with zero attempts, due at the given instant; other entries are not requeued")
    void requeue() {
        OutboxEntry dead = entry(T0);
        OutboxEntry pending = entry(T0);
        run(tx -> {
            tx.outbox().enqueue(dead);
            tx.outbox().enqueue(pending);
        });
        write(tx -> tx.outbox().claimDue(T0, 1, "claim-a", at(60)));
        run(tx -> tx.outbox().markDead(dead.id(), "claim-a", "gave-up", at(5)));
        run(tx -> assertThat(tx.outbox().requeue(dead.id(), at(100))).isTrue());
        OutboxEntry requeued = read(tx -> tx.outbox().find(dead.id())).orElseThrow();
        assertThat(requeued.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.nextAttemptAt()).isEqualTo(at(100));
        check(tx -> assertThat(tx.outbox().dead(null, 10)).isEmpty());
        run(tx -> assertThat(tx.outbox().requeue(dead.id(), at(100))).isFalse());
        run(tx -> assertThat(tx.outbox().requeue(pending.id(), at(100))).isFalse());
        check(tx -> assertThat(tx.outbox().find(pending.id())).contains(pending));
        run(tx -> assertThat(tx.outbox().requeue(OutboxEntryId.newId(), at(100))).isFalse());
        run(tx -> assertThat(tx.outbox().claimDue(at(100), 10, "claim-b", at(400))).extracting(OutboxEntry::id)
                .containsExactlyInAnyOrder(dead.id(), pending.id()));
    }

    @Test
    @DisplayName("cancelPending cancels the PENDING and CLAIMED entries with the correlation key, and counts them (SC-6)")
    void cancelPending() {
        String key = "appointment:" + UUID.randomUUID();
        OutboxEntry pending1 = entry(at(3600), key);
        OutboxEntry pending2 = entry(at(7200), key);
        OutboxEntry claimed = entry(T0, key);
        OutboxEntry otherKey = entry(at(3600), "appointment:" + UUID.randomUUID());
        OutboxEntry noKey = entry(at(3600), null);
        run(tx -> List.of(pending1, pending2, claimed, otherKey, noKey).forEach(tx.outbox()::enqueue));
        run(tx -> assertThat(tx.outbox().claimDue(T0, 10, "claim-a", at(60))).extracting(OutboxEntry::id)
                .containsExactly(claimed.id()));
        run(tx -> assertThat(tx.outbox().cancelPending(key, at(30))).isEqualTo(3));
        for (OutboxEntry e : List.of(pending1, pending2, claimed)) {
            OutboxEntry cancelled = read(tx -> tx.outbox().find(e.id())).orElseThrow();
            assertThat(cancelled.status()).isEqualTo(OutboxStatus.CANCELLED);
            assertThat(cancelled.completedAt()).isEqualTo(at(30));
        }
        check(tx -> assertThat(tx.outbox().find(otherKey.id())).contains(otherKey));
        check(tx -> assertThat(tx.outbox().find(noKey.id())).contains(noKey));
        run(tx -> assertThat(tx.outbox().cancelPending(key, at(31))).isZero());
        run(tx -> assertThat(tx.outbox().claimDue(at(86_400), 10, "claim-b", at(90_000)))
                .as("the other entries, never a cancelled one")
                .extracting(OutboxEntry::id).containsExactlyInAnyOrder(otherKey.id(), noKey.id()));
    }

    @Test
    @DisplayName("an entry cancelled while claimed stays CANCELLED whatever its in-flight send reports with the claim token (SC-6)")
    void cancelledWhileClaimed() {
        String key = "appointment:" + UUID.randomUUID();
        List<OutboxEntry> entries = List.of(entry(T0, key), entry(T0, key), entry(T0, key));
        run(tx -> entries.forEach(tx.outbox()::enqueue));
        assertThat(claims(tx -> tx.outbox().claimDue(T0, 10, "claim-a", at(300)))).hasSize(3);
        run(tx -> assertThat(tx.outbox().cancelPending(key, at(5))).isEqualTo(3));
        run(tx -> assertThat(tx.outbox().markFailed(entries.get(0).id(), "claim-a", "smtp-421", at(60))).isFalse());
        run(tx -> assertThat(tx.outbox().markDelivered(entries.get(1).id(), "claim-a", at(6))).isFalse());
        run(tx -> assertThat(tx.outbox().markDead(entries.get(2).id(), "claim-a", "gave-up", at(6))).isFalse());
        for (OutboxEntry e : entries) {
            OutboxEntry after = read(tx -> tx.outbox().find(e.id())).orElseThrow();
            assertThat(after.status()).isEqualTo(OutboxStatus.CANCELLED);
            assertThat(after.completedAt()).isEqualTo(at(5));
        }
        run(tx -> assertThat(tx.outbox().claimDue(at(86_400), 10, "claim-b", at(90_000))).isEmpty());
    }

    @Test
    @DisplayName("a claim counts the attempt (its dispatcher may die in the send); a lapsed claim taken over counts one more, the outcome writes none (NT-2)")
    void claimCountsTheAttempt() {
        OutboxEntry entry = entry(T0);
        run(tx -> tx.outbox().enqueue(entry));
        assertThat(claims(tx -> tx.outbox().claimDue(T0, 10, "claim-a", at(60))))
                .singleElement().extracting(OutboxEntry::attempts).isEqualTo(1);
        assertThat(read(tx -> tx.outbox().find(entry.id())).orElseThrow().attempts()).isEqualTo(1);
        assertThat(claims(tx -> tx.outbox().claimDue(at(60), 10, "claim-b", at(120))))
                .as("the first claimant died: its lapsed claim was an attempt")
                .singleElement().extracting(OutboxEntry::attempts).isEqualTo(2);
        run(tx -> assertThat(tx.outbox().markFailed(entry.id(), "claim-b", "smtp-421", at(200))).isTrue());
        assertThat(read(tx -> tx.outbox().find(entry.id())).orElseThrow().attempts()).isEqualTo(2);
        assertThat(claims(tx -> tx.outbox().claimDue(at(200), 10, "claim-c", at(260))))
                .singleElement().extracting(OutboxEntry::attempts).isEqualTo(3);
        run(tx -> assertThat(tx.outbox().markDead(entry.id(), "claim-c", "invalid-address", at(201))).isTrue());
        assertThat(read(tx -> tx.outbox().find(entry.id())).orElseThrow().attempts()).isEqualTo(3);
    }

    @Test
    @DisplayName("deadLetterLapsed dead-letters only lapsed claims at the attempt bound, attempts unchanged; fresh claims, claims below the bound and pending entries stay (NT-2)")
    void deadLetterLapsed() {
        OutboxEntry poison = entry(at(-10));
        OutboxEntry belowBound = entry(T0);
        OutboxEntry pending = entry(at(10_000));
        run(tx -> List.of(poison, belowBound, pending).forEach(tx.outbox()::enqueue));
        // the poison entry's dispatchers die three times; the other's once
        assertThat(claims(tx -> tx.outbox().claimDue(T0, 10, "claim-1", at(60)))).hasSize(2);
        assertThat(claims(tx -> tx.outbox().claimDue(at(60), 1, "claim-2", at(120)))).extracting(OutboxEntry::id)
                .containsExactly(poison.id());
        assertThat(claims(tx -> tx.outbox().claimDue(at(120), 1, "claim-3", at(180)))).extracting(OutboxEntry::id)
                .containsExactly(poison.id());
        assertThat(read(tx -> tx.outbox().find(poison.id())).orElseThrow().attempts()).isEqualTo(3);
        assertThat(read(tx -> tx.outbox().find(belowBound.id())).orElseThrow().attempts()).isEqualTo(1);

        run(tx -> assertThat(tx.outbox().deadLetterLapsed(at(179), 3, "claim_lapsed", 10))
                .as("not before the claim lapses").isEmpty());
        List<OutboxEntry> dead = write(tx -> tx.outbox().deadLetterLapsed(at(180), 3, "claim_lapsed", 10));
        assertThat(dead).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(poison.id());
            assertThat(e.status()).isEqualTo(OutboxStatus.DEAD);
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.lastError()).isEqualTo("claim_lapsed");
            assertThat(e.completedAt()).isEqualTo(at(180));
            assertThat(e.claimedBy()).isNull();
            check(tx -> assertThat(tx.outbox().find(poison.id())).contains(e));
        });
        check(tx -> assertThat(tx.outbox().dead(null, 10)).extracting(OutboxEntry::id).containsExactly(poison.id()));
        run(tx -> assertThat(tx.outbox().markDelivered(poison.id(), "claim-3", at(181))).isFalse());
        run(tx -> assertThat(tx.outbox().deadLetterLapsed(at(10_000), 3, "claim_lapsed", 10)).isEmpty());
        assertThat(read(tx -> tx.outbox().find(belowBound.id())).orElseThrow().status()).isEqualTo(OutboxStatus.CLAIMED);
        assertThat(read(tx -> tx.outbox().find(pending.id())).orElseThrow().status()).isEqualTo(OutboxStatus.PENDING);
        run(tx -> assertThat(tx.outbox().claimDue(at(10_000), 10, "claim-4", at(11_000))).extracting(OutboxEntry::id)
                .containsExactlyInAnyOrder(belowBound.id(), pending.id()));
    }

    @Test
    @DisplayName("markAllDelivered marks the entries still claimed with the token DELIVERED and returns exactly those (NT-2)")
    void markAllDelivered() {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(entry(at(-60 + i)));
        }
        run(tx -> entries.forEach(tx.outbox()::enqueue));
        assertThat(claims(tx -> tx.outbox().claimDue(T0, 4, "claim-a", at(60)))).hasSize(4);
        OutboxEntry alreadyDelivered = entries.get(0);
        OutboxEntry unclaimed = entries.get(4);
        run(tx -> assertThat(tx.outbox().markDelivered(alreadyDelivered.id(), "claim-a", at(1))).isTrue());
        List<OutboxEntryId> ids = entries.stream().map(OutboxEntry::id).toList();
        List<OutboxEntryId> asked = new ArrayList<>(ids);
        asked.add(OutboxEntryId.newId());
        assertThat(marked(tx -> tx.outbox().markAllDelivered(asked, "claim-a", at(5))))
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2), ids.get(3));
        for (OutboxEntryId id : List.of(ids.get(1), ids.get(2), ids.get(3))) {
            OutboxEntry delivered = read(tx -> tx.outbox().find(id)).orElseThrow();
            assertThat(delivered.status()).isEqualTo(OutboxStatus.DELIVERED);
            assertThat(delivered.completedAt()).isEqualTo(at(5));
        }
        assertThat(read(tx -> tx.outbox().find(alreadyDelivered.id())).orElseThrow().completedAt()).isEqualTo(at(1));
        check(tx -> assertThat(tx.outbox().find(unclaimed.id())).contains(unclaimed));
        run(tx -> assertThat(tx.outbox().markAllDelivered(List.of(), "claim-a", at(6))).isEmpty());
        run(tx -> assertThat(tx.outbox().markAllDelivered(ids, "claim-a", at(6))).isEmpty());
    }

    @Test
    @DisplayName("dead returns every DEAD entry exactly once, in id order, across pages of " + PAGE_SIZE)
    void deadPaging() {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS + 3; i++) {
            entries.add(entry(T0));
        }
        List<OutboxEntry> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled, new Random(5));
        run(tx -> shuffled.forEach(tx.outbox()::enqueue));
        List<OutboxEntry> claimed = write(tx -> tx.outbox().claimDue(T0, 1000, "claim-a", at(60)));
        assertThat(claimed).hasSize(entries.size());
        Set<OutboxEntryId> alive = Set.of(entries.get(0).id(), entries.get(1).id(), entries.get(2).id());
        run(tx -> {
            for (OutboxEntry e : entries) {
                if (alive.contains(e.id())) {
                    tx.outbox().markDelivered(e.id(), "claim-a", at(1));
                } else {
                    tx.outbox().markDead(e.id(), "claim-a", "gave-up", at(1));
                }
            }
        });
        List<OutboxEntryId> expected = entries.stream().map(OutboxEntry::id).filter(id -> !alive.contains(id))
                .sorted(Comparator.comparing(OutboxEntryId::value, Uuids.UNSIGNED_ORDER))
                .toList();
        List<OutboxEntry> paged = collectPages((after, limit) -> read(tx -> tx.outbox().dead(after, limit)),
                OutboxEntry::id);
        assertThat(paged).extracting(OutboxEntry::id).containsExactlyElementsOf(expected);
        assertThat(paged).allMatch(e -> e.status() == OutboxStatus.DEAD);
    }

    @Test
    @DisplayName("concurrent claimers get disjoint sets that together cover every due entry (NT-2)")
    void concurrentClaimers() throws Exception {
        int claimers = 8;
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            entries.add(entry(at(-i)));
        }
        run(tx -> entries.forEach(tx.outbox()::enqueue));
        List<Outcome<List<OutboxEntryId>>> outcomes = concurrently(claimers, i -> {
            List<OutboxEntryId> mine = new ArrayList<>();
            for (int round = 0; ; round++) {
                String token = "claimer-" + i + "-" + round;
                List<OutboxEntry> batch = writeRetrying(tx -> tx.outbox().claimDue(T0, 3, token, at(3600)));
                if (batch.isEmpty()) {
                    return mine;
                }
                batch.forEach(e -> mine.add(e.id()));
            }
        });
        assertThat(failures(outcomes)).isEmpty();
        List<OutboxEntryId> all = new ArrayList<>();
        successes(outcomes).forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(entries.stream().map(OutboxEntry::id).toList());
        run(tx -> assertThat(tx.outbox().claimDue(T0, 1000, "late", at(3600))).isEmpty());
    }

    @Test
    @DisplayName("claimDue skips entries another open transaction is claiming instead of waiting for them (SKIP LOCKED)")
    void skipLocked() throws Exception {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(entry(at(-60 + i)));
        }
        run(tx -> entries.forEach(tx.outbox()::enqueue));
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<OutboxEntry>> first = pool.submit(() -> write(tx -> {
                List<OutboxEntry> mine = tx.outbox().claimDue(T0, 3, "claim-a", at(60));
                claimed.countDown();
                await(release);
                return mine;
            }));
            await(claimed);
            List<OutboxEntry> secondClaim;
            try {
                Future<List<OutboxEntry>> second = pool.submit(
                        () -> write(tx -> tx.outbox().claimDue(T0, 10, "claim-b", at(60))));
                secondClaim = get(second);
                assertThat(first.isDone()).as("the first claimer is still open").isFalse();
            } finally {
                release.countDown();
            }
            List<OutboxEntry> firstClaim = get(first);
            assertThat(firstClaim).extracting(OutboxEntry::id)
                    .containsExactly(entries.get(0).id(), entries.get(1).id(), entries.get(2).id());
            assertThat(secondClaim).extracting(OutboxEntry::id)
                    .containsExactly(entries.get(3).id(), entries.get(4).id(), entries.get(5).id());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<OutboxEntry> claims(TransactionalWork<List<OutboxEntry>> work) {
        return write(work);
    }

    private Set<OutboxEntryId> marked(TransactionalWork<Set<OutboxEntryId>> work) {
        return write(work);
    }
}

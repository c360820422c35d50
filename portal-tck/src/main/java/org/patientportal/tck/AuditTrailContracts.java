package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The append-only {@code AuditTrail} (AD-1, AD-2). */
abstract class AuditTrailContracts extends KitSupport {
    @Test
    @DisplayName("the audit trail is append-only: its interface has no update, delete or remove method (AD-2)")
    void appendOnly() {
        for (Method method : AuditTrail.class.getMethods()) {
            assertThat(method.getName().toLowerCase(Locale.ROOT))
                    .as("AuditTrail.%s", method.getName())
                    .doesNotStartWith("update").doesNotStartWith("delete").doesNotStartWith("remove");
        }
    }

    @Test
    @DisplayName("a chain without events has no head, and lockHead answers the empty head")
    void emptyChain() {
        AuditChain chain = AuditChain.of(PatientId.newId());
        check(tx -> assertThat(tx.auditTrail().head(chain)).isEmpty());
        run(tx -> assertThat(tx.auditTrail().lockHead(chain)).isEqualTo(ChainHead.empty(chain)));
        check(tx -> assertThat(tx.auditTrail().head(chain)).isEmpty());
        check(tx -> assertThat(tx.auditTrail().chains(null, 10)).isEmpty());
        check(tx -> assertThat(tx.auditTrail().events(chain, 0, 10)).isEmpty());
    }

    @Test
    @DisplayName("appended events round-trip every field, in sequence order, and the head moves to the last (AD-1, AD-2)")
    void append() {
        Patient patient = insertPatient();
        AuditChain chain = AuditChain.of(patient.id());
        AuditEvent first = event(chain, patient.id(), ChainHead.empty(chain));
        AuditEvent second = new AuditEvent(AuditEventId.newId(), chain, 2, at(2), patient.id(),
                new AuditActor(ActorKind.PATIENT, AccountId.newId().toString(), null), AuditAction.UPDATE,
                "session", null, AuditOutcome.DENIED, "access-denied", first.hash(), unique("hash"));
        run(tx -> {
            assertThat(tx.auditTrail().lockHead(chain)).isEqualTo(ChainHead.empty(chain));
            tx.auditTrail().append(first);
            tx.auditTrail().append(second);
            assertThat(tx.auditTrail().head(chain)).contains(new ChainHead(chain, 2, second.hash()));
        });
        check(tx -> assertThat(tx.auditTrail().events(chain, 0, 10)).containsExactly(first, second));
        check(tx -> assertThat(tx.auditTrail().head(chain)).contains(new ChainHead(chain, 2, second.hash())));
        AuditEvent third = event(chain, patient.id(), new ChainHead(chain, 2, second.hash()));
        run(tx -> {
            assertThat(tx.auditTrail().lockHead(chain)).isEqualTo(new ChainHead(chain, 2, second.hash()));
            tx.auditTrail().append(third);
        });
        check(tx -> assertThat(tx.auditTrail().events(chain, 1, 10)).containsExactly(second, third));
    }

    @Test
    @DisplayName("append without lockHead in the same transaction fails with IllegalStateException")
    void appendWithoutLock() {
        AuditChain chain = AuditChain.SYSTEM;
        run(tx -> tx.auditTrail().lockHead(chain));
        AuditEvent event = event(chain, null, ChainHead.empty(chain));
        assertThatThrownBy(() -> run(tx -> tx.auditTrail().append(event))).isInstanceOf(IllegalStateException.class);
        AuditChain other = AuditChain.of(PatientId.newId());
        assertThatThrownBy(() -> run(tx -> {
            tx.auditTrail().lockHead(other);
            tx.auditTrail().append(event);
        })).isInstanceOf(IllegalStateException.class);
        check(tx -> assertThat(tx.auditTrail().head(chain)).isEmpty());
    }

    @Test
    @DisplayName("an event that does not follow the head (sequence or previous hash) fails with an optimistic-lock exception")
    void mustFollowHead() {
        AuditChain chain = AuditChain.SYSTEM;
        AuditEvent first = event(chain, null, ChainHead.empty(chain));
        run(tx -> {
            tx.auditTrail().lockHead(chain);
            tx.auditTrail().append(first);
        });
        ChainHead head = new ChainHead(chain, 1, first.hash());
        AuditEvent skipsOne = withLink(event(chain, null, head), 3, first.hash());
        AuditEvent repeatsOne = withLink(event(chain, null, head), 1, "");
        AuditEvent wrongHash = withLink(event(chain, null, head), 2, "not-the-head-hash");
        for (AuditEvent bad : List.of(skipsOne, repeatsOne, wrongHash)) {
            assertThatThrownBy(() -> run(tx -> {
                tx.auditTrail().lockHead(chain);
                tx.auditTrail().append(bad);
            })).isInstanceOf(OptimisticLockException.class);
        }
        check(tx -> assertThat(tx.auditTrail().events(chain, 0, 10)).containsExactly(first));
        check(tx -> assertThat(tx.auditTrail().head(chain)).contains(head));
    }

    @Test
    @DisplayName("appendAll appends events of several chains in their order, as append would one by one; an event that does not follow its chain fails and the rolled-back work leaves nothing")
    void appendAll() {
        Patient patient = insertPatient();
        AuditChain mine = AuditChain.forPatient(patient.id());
        AuditChain system = AuditChain.SYSTEM;
        List<AuditEvent> events = new ArrayList<>();
        ChainHead mineHead = ChainHead.empty(mine);
        ChainHead systemHead = ChainHead.empty(system);
        for (int i = 0; i < 3; i++) {
            AuditEvent onMine = event(mine, patient.id(), mineHead);
            AuditEvent onSystem = event(system, null, systemHead);
            events.add(onMine);
            events.add(onSystem);
            mineHead = new ChainHead(mine, onMine.sequence(), onMine.hash());
            systemHead = new ChainHead(system, onSystem.sequence(), onSystem.hash());
        }
        run(tx -> {
            tx.auditTrail().lockHead(mine);
            tx.auditTrail().lockHead(system);
            tx.auditTrail().appendAll(events);
        });
        check(tx -> assertThat(tx.auditTrail().events(mine, 0, 10))
                .containsExactly(events.get(0), events.get(2), events.get(4)));
        check(tx -> assertThat(tx.auditTrail().events(system, 0, 10))
                .containsExactly(events.get(1), events.get(3), events.get(5)));
        ChainHead last = mineHead;
        check(tx -> assertThat(tx.auditTrail().head(mine)).contains(last));

        AuditEvent next = event(mine, patient.id(), last);
        AuditEvent gap = withLink(event(mine, patient.id(), last), last.sequence() + 3, next.hash());
        assertThatThrownBy(() -> run(tx -> {
            tx.auditTrail().lockHead(mine);
            tx.auditTrail().appendAll(List.of(next, gap));
        })).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.auditTrail().head(mine)).contains(last));
        check(tx -> assertThat(tx.auditTrail().events(mine, 0, 10)).hasSize(3));
    }

    @Test
    @DisplayName("a taken event id is a duplicate key")
    void duplicateId() {
        AuditChain chain = AuditChain.SYSTEM;
        AuditEvent first = event(chain, null, ChainHead.empty(chain));
        run(tx -> {
            tx.auditTrail().lockHead(chain);
            tx.auditTrail().append(first);
        });
        AuditChain other = AuditChain.of(PatientId.newId());
        AuditEvent sameId = new AuditEvent(first.id(), other, 1, at(1), null, first.actor(), AuditAction.READ,
                "patient", null, AuditOutcome.SUCCESS, null, "", unique("hash"));
        assertThatThrownBy(() -> run(tx -> {
            tx.auditTrail().lockHead(other);
            tx.auditTrail().append(sameId);
        })).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.auditTrail().head(other)).isEmpty());
    }

    @Test
    @DisplayName("events returns every event of the chain exactly once, in sequence order, across pages of " + PAGE_SIZE)
    void eventsPaging() {
        AuditChain chain = AuditChain.SYSTEM;
        AuditChain other = AuditChain.of(PatientId.newId());
        List<AuditEvent> events = appendEvents(chain, PAGE_ROWS);
        appendEvents(other, 3);
        List<AuditEvent> paged = new ArrayList<>();
        long after = 0;
        while (true) {
            long from = after;
            List<AuditEvent> page = read(tx -> tx.auditTrail().events(chain, from, PAGE_SIZE));
            assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            after = page.get(page.size() - 1).sequence();
        }
        assertThat(paged).containsExactlyElementsOf(events);
    }

    @Test
    @DisplayName("chains returns the head of every chain exactly once, in chain-name order, across pages of " + PAGE_SIZE)
    void chainsPaging() {
        List<AuditChain> chains = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS - 1; i++) {
            chains.add(AuditChain.of(new PatientId(UUID.randomUUID())));
        }
        chains.add(AuditChain.SYSTEM);
        List<ChainHead> heads = new ArrayList<>();
        for (AuditChain chain : chains) {
            List<AuditEvent> appended = appendEvents(chain, 1 + heads.size() % 3);
            AuditEvent last = appended.get(appended.size() - 1);
            heads.add(new ChainHead(chain, last.sequence(), last.hash()));
        }
        heads.sort(Comparator.comparing(h -> h.chain().value()));
        List<ChainHead> paged = new ArrayList<>();
        AuditChain after = null;
        while (true) {
            AuditChain from = after;
            List<ChainHead> page = read(tx -> tx.auditTrail().chains(from, PAGE_SIZE));
            assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            after = page.get(page.size() - 1).chain();
        }
        assertThat(paged).containsExactlyElementsOf(heads);
    }

    @Test
    @DisplayName("lockHead of one chain does not wait for another chain's open lock (AD-2)")
    void chainsDoNotBlockEachOther() throws Exception {
        AuditChain first = AuditChain.of(PatientId.newId());
        AuditChain second = AuditChain.of(PatientId.newId());
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Void> holder = pool.submit(() -> write(tx -> {
                ChainHead head = tx.auditTrail().lockHead(first);
                locked.countDown();
                await(release);
                tx.auditTrail().append(event(first, null, head));
                return null;
            }));
            await(locked);
            try {
                Future<ChainHead> other = pool.submit(() -> write(tx -> {
                    ChainHead head = tx.auditTrail().lockHead(second);
                    tx.auditTrail().append(event(second, null, head));
                    return head;
                }));
                assertThat(get(other)).isEqualTo(ChainHead.empty(second));
                assertThat(holder.isDone()).as("the first chain's lock is still held").isFalse();
            } finally {
                release.countDown();
            }
            get(holder);
        } finally {
            pool.shutdownNow();
        }
        assertThat(read(tx -> tx.auditTrail().head(first)).orElseThrow().sequence()).isEqualTo(1);
        assertThat(read(tx -> tx.auditTrail().head(second)).orElseThrow().sequence()).isEqualTo(1);
    }

    @Test
    @DisplayName(THREADS + " concurrent appenders to one chain leave an unbroken chain of " + THREADS + " events (AD-2)")
    void concurrentAppenders() throws Exception {
        AuditChain chain = AuditChain.SYSTEM;
        List<Outcome<Long>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> {
            ChainHead head = tx.auditTrail().lockHead(chain);
            AuditEvent event = event(chain, null, head);
            tx.auditTrail().append(event);
            return event.sequence();
        }));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).containsExactlyInAnyOrderElementsOf(
                oneTo(THREADS).stream().map(Integer::longValue).toList());
        List<AuditEvent> events = read(tx -> tx.auditTrail().events(chain, 0, 1000));
        assertThat(events).hasSize(THREADS);
        String previous = "";
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).sequence()).isEqualTo(i + 1L);
            assertThat(events.get(i).previousHash()).isEqualTo(previous);
            previous = events.get(i).hash();
        }
        ChainHead last = new ChainHead(chain, THREADS, previous);
        check(tx -> assertThat(tx.auditTrail().head(chain)).contains(last));
    }
    @Test
    @DisplayName("lockHeads answers each chain's head as lockHead would: the head of a chain with events, the empty head of a new chain, which it creates; appending to all of them follows (AD-2)")
    void lockHeads() {
        List<AuditChain> chains = freshChains(3);
        List<AuditEvent> earlier = appendEvents(chains.get(1), 2);
        ChainHead second = new ChainHead(chains.get(1), 2, earlier.get(1).hash());

        List<AuditEvent> appended = write(tx -> {
            Map<AuditChain, ChainHead> heads = tx.auditTrail().lockHeads(chains);
            assertThat(heads).containsExactly(Map.entry(chains.get(0), ChainHead.empty(chains.get(0))),
                    Map.entry(chains.get(1), second), Map.entry(chains.get(2), ChainHead.empty(chains.get(2))));
            List<AuditEvent> events = chains.stream().map(c -> event(c, null, heads.get(c))).toList();
            tx.auditTrail().appendAll(events);
            return events;
        });
        for (AuditEvent event : appended) {
            check(tx -> assertThat(tx.auditTrail().head(event.chain()))
                    .contains(new ChainHead(event.chain(), event.sequence(), event.hash())));
        }
        // every head exists now: the same again, on the heads just moved
        write(tx -> {
            Map<AuditChain, ChainHead> heads = tx.auditTrail().lockHeads(chains);
            assertThat(heads.values()).extracting(ChainHead::sequence).containsExactly(1L, 3L, 1L);
            tx.auditTrail().appendAll(chains.stream().map(c -> event(c, null, heads.get(c))).toList());
            return null;
        });
        check(tx -> assertThat(tx.auditTrail().head(chains.get(1)).orElseThrow().sequence()).isEqualTo(4));
    }

    @Test
    @DisplayName("lockHeads holds every head it answered until the transaction ends: another transaction's lockHead of one of them waits, then sees the events appended (AD-2)")
    void lockHeadsHolds() throws Exception {
        List<AuditChain> chains = freshChains(3);
        for (AuditChain chain : chains) {
            appendEvents(chain, 1);
        }
        AuditChain last = chains.get(2);
        List<ChainHead> seen = whileHeld(tx -> {
            Map<AuditChain, ChainHead> heads = tx.auditTrail().lockHeads(chains);
            AuditEvent event = event(last, null, heads.get(last));
            tx.auditTrail().appendAll(List.of(event(chains.get(0), null, heads.get(chains.get(0))), event));
            return new ChainHead(last, event.sequence(), event.hash());
        }, tx -> tx.auditTrail().lockHead(last));
        assertThat(seen.get(1)).as("the second transaction waited for the first").isEqualTo(seen.get(0));
    }

    @Test
    @DisplayName(THREADS + " transactions locking the same heads at once, half by lockHeads and half by lockHead one by one in ascending order, never deadlock and leave unbroken chains (AD-2)")
    void lockHeadsKeepsTheOrder() throws Exception {
        List<AuditChain> chains = freshChains(6);
        for (AuditChain chain : chains.subList(0, 4)) {
            appendEvents(chain, 1); // two chains stay without a head: the first round creates theirs
        }
        for (int round = 0; round < 2; round++) {
            List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> write(tx -> {
                Map<AuditChain, ChainHead> heads = new HashMap<>();
                if (i % 2 == 0) {
                    heads.putAll(tx.auditTrail().lockHeads(chains));
                } else {
                    for (AuditChain chain : chains) {
                        heads.put(chain, tx.auditTrail().lockHead(chain));
                    }
                }
                tx.auditTrail().appendAll(chains.stream().map(c -> event(c, null, heads.get(c))).toList());
                return i;
            }));
            assertThat(failures(outcomes)).as("round %d", round).isEmpty();
        }
        for (AuditChain chain : chains) {
            List<AuditEvent> events = read(tx -> tx.auditTrail().events(chain, 0, 1000));
            int before = chains.indexOf(chain) < 4 ? 1 : 0;
            assertThat(events).as(chain.value()).hasSize(before + 2 * THREADS);
            String previous = "";
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).sequence()).isEqualTo(i + 1L);
                assertThat(events.get(i).previousHash()).isEqualTo(previous);
                previous = events.get(i).hash();
            }
        }
    }

    /** {@code count} chains no test used before, in ascending order of their names. */
    private static List<AuditChain> freshChains(int count) {
        List<AuditChain> chains = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chains.add(AuditChain.staff("kit-" + UUID.randomUUID()));
        }
        chains.sort(Comparator.comparing(AuditChain::value));
        return chains;
    }
}

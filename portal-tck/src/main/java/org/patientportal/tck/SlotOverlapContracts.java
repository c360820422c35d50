package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Provider;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.SlotOverlapException;
import org.patientportal.spi.storage.StorageTransaction;

/** {@code Slots.insertAllWithoutOverlap}: the store refuses overlapping slots of one provider (SC-1). */
abstract class SlotOverlapContracts extends KitSupport {
    private static final int BATCH = 2_000;

    private Clinic clinic;

    @BeforeEach
    void createClinic() {
        clinic = insertClinic();
    }

    @Test
    @DisplayName("slots that overlap nothing are stored; touching slots, CLOSED slots and other providers' slots do not count (SC-1)")
    void storesWhatOverlapsNothing() {
        Provider other = insertProvider();
        Slot open = insertSlot(clinic, minutes(0), 30);
        Slot closed = insertSlot(clinic, minutes(30), 30);
        run(tx -> assertThat(tx.slots().close(closed.id())).isTrue());
        Slot othersSlot = Slot.open(other.id(), clinic.department().id(), minutes(60), minutes(120),
                Set.of(clinic.checkup().id()));
        run(tx -> tx.slots().insertAll(List.of(othersSlot)));
        Slot touching = slot(clinic, minutes(30), 30);
        Slot next = slot(clinic, minutes(60), 60);
        Slot before = slot(clinic, minutes(-30), 30);
        run(tx -> tx.slots().insertAllWithoutOverlap(List.of(next, touching, before)));
        for (Slot s : List.of(open, touching, next, before)) {
            check(tx -> assertThat(tx.slots().find(s.id())).contains(s));
        }
        run(tx -> tx.slots().insertAllWithoutOverlap(List.of()));
    }

    @Test
    @DisplayName("an overlap with an open or booked slot, with one the transaction wrote, or inside the list refuses the whole list with a SlotOverlapException (a duplicate key); nothing is stored (SC-1)")
    void overlapRefusesAll() {
        Slot open = insertSlot(clinic, minutes(0), 60);
        Slot booked = insertSlot(clinic, minutes(120), 30);
        run(tx -> assertThat(tx.slots().book(booked.id(), AppointmentId.newId())).isTrue());
        Slot free = slot(clinic, minutes(300), 30);
        List<List<Slot>> refused = List.of(
                List.of(free, slot(clinic, minutes(59), 30)),
                List.of(slot(clinic, minutes(-60), 24 * 60), free),
                List.of(free, slot(clinic, minutes(130), 10)),
                List.of(free, slot(clinic, minutes(400), 30), slot(clinic, minutes(420), 30)),
                List.of(free, slot(clinic, minutes(500), 30), slot(clinic, minutes(500), 30)));
        for (List<Slot> list : refused) {
            assertThatThrownBy(() -> run(tx -> tx.slots().insertAllWithoutOverlap(list)))
                    .isInstanceOf(SlotOverlapException.class).isInstanceOf(DuplicateKeyException.class);
            for (Slot s : list) {
                check(tx -> assertThat(tx.slots().find(s.id())).isEmpty());
            }
        }
        Slot own = slot(clinic, minutes(600), 30);
        assertThatThrownBy(() -> run(tx -> {
            tx.slots().insertAll(List.of(own));
            tx.slots().insertAllWithoutOverlap(List.of(slot(clinic, minutes(610), 30)));
        })).isInstanceOf(SlotOverlapException.class);
        check(tx -> assertThat(tx.slots().find(own.id())).isEmpty());
        assertThat(stored(minutes(-600), minutes(6000)))
                .extracting(Slot::id).containsExactly(open.id(), booked.id());
    }

    @Test
    @DisplayName("a taken id is a duplicate key and stores none of the list (SC-1)")
    void takenId() {
        Slot taken = insertSlot(clinic, minutes(0), 30);
        Slot fresh = slot(clinic, minutes(60), 30);
        Slot sameId = new Slot(taken.id(), clinic.provider().id(), clinic.department().id(), minutes(120),
                minutes(150), Set.of(clinic.checkup().id()), SlotStatus.OPEN, null, 0);
        assertThatThrownBy(() -> run(tx -> tx.slots().insertAllWithoutOverlap(List.of(fresh, sameId))))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.slots().find(fresh.id())).isEmpty());
        check(tx -> assertThat(tx.slots().find(taken.id())).contains(taken));
    }

    @Test
    @DisplayName("a list of " + BATCH + " slots is stored whole, or not at all when its last slot overlaps a stored one (SC-1)")
    void largeListAllOrNone() {
        Slot stored = insertSlot(clinic, minutes(30L * BATCH + 5), 30);
        List<Slot> list = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            list.add(slot(clinic, minutes(30L * i), 30));
        }
        List<Slot> overlapping = new ArrayList<>(list);
        overlapping.add(slot(clinic, minutes(30L * BATCH), 30));
        assertThatThrownBy(() -> run(tx -> tx.slots().insertAllWithoutOverlap(overlapping)))
                .isInstanceOf(SlotOverlapException.class);
        assertThat(stored(minutes(-60), minutes(30L * BATCH)))
                .isEmpty();
        run(tx -> tx.slots().insertAllWithoutOverlap(list));
        List<SlotId> all = stored(minutes(-60), minutes(30L * BATCH + 60)).stream().map(Slot::id).toList();
        assertThat(all).hasSize(BATCH + 1).contains(stored.id(), list.get(0).id(), list.get(BATCH - 1).id());
    }

    @Test
    @DisplayName("a second call waits for the transaction of a first one with an overlapping slot, then is refused: never check-then-insert (SC-1)")
    void secondWaits() throws Exception {
        List<Boolean> results = whileHeld(
                tx -> insert(tx, slot(clinic, minutes(0), 30)),
                tx -> insert(tx, slot(clinic, minutes(15), 30)));
        assertThat(results).containsExactly(true, false);
        assertThat(stored(minutes(-60), minutes(60))).hasSize(1);
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent calls with overlapping slots of one provider exactly one is stored; the others get a SlotOverlapException (SC-1)")
    void concurrentOverlapping() throws Exception {
        List<Outcome<Boolean>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                insert(tx, slot(clinic, minutes(i), 60))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(stored(minutes(-60), minutes(120))).hasSize(1);
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent calls, disjoint slots of one provider and one time of many providers are all stored (SC-1)")
    void concurrentDisjoint() throws Exception {
        List<Outcome<Boolean>> disjoint = concurrently(THREADS, i -> writeRetrying(tx ->
                insert(tx, slot(clinic, minutes(30L * i), 30))));
        assertThat(failures(disjoint)).isEmpty();
        assertThat(successes(disjoint)).hasSize(THREADS).allMatch(Boolean::booleanValue);
        List<Clinic> clinics = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            clinics.add(insertClinic());
        }
        List<Outcome<Boolean>> sameTime = concurrently(THREADS, i -> writeRetrying(tx ->
                insert(tx, slot(clinics.get(i), minutes(0), 60))));
        assertThat(failures(sameTime)).isEmpty();
        assertThat(successes(sameTime)).hasSize(THREADS).allMatch(Boolean::booleanValue);
    }

    /** The clinic provider's slots overlapping [from, to), committed. */
    private List<Slot> stored(Instant from, Instant to) {
        return read(tx -> tx.slots().overlapping(clinic.provider().id(), from, to));
    }

    /** Whether the slot was stored (false: refused as overlapping). */
    private static Boolean insert(StorageTransaction tx, Slot slot) {
        try {
            tx.slots().insertAllWithoutOverlap(List.of(slot));
            return true;
        } catch (SlotOverlapException e) {
            return false;
        }
    }
}

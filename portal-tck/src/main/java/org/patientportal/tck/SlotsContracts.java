package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Patient;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.SlotQuery;

/** The {@code Slots} store (SC-1, SC-2, SC-3, SC-4). */
abstract class SlotsContracts extends KitSupport {
    private Clinic clinic;

    @BeforeEach
    void createClinic() {
        clinic = insertClinic();
    }

    @Test
    @DisplayName("insertAll stores OPEN slots that round-trip every field, visit types as exact sets (SC-1)")
    void roundTrip() {
        VisitType third = insertVisitType();
        Slot one = slot(clinic, minutes(0), 30, clinic.checkup().id());
        Slot three = slot(clinic, minutes(30), 60, clinic.checkup().id(), clinic.physical().id(), third.id());
        Slot odd = new Slot(SlotId.newId(), clinic.provider().id(), clinic.department().id(),
                minutes(120).plus(123_456, ChronoUnit.MICROS), minutes(127).plusSeconds(30), Set.of(third.id()),
                SlotStatus.OPEN, null, 0);
        run(tx -> tx.slots().insertAll(List.of(one, three, odd)));
        for (Slot s : List.of(one, three, odd)) {
            check(tx -> assertThat(tx.slots().find(s.id())).contains(s));
        }
        check(tx -> assertThat(tx.slots().find(SlotId.newId())).isEmpty());
        run(tx -> tx.slots().insertAll(List.of()));
    }

    @Test
    @DisplayName("insertAll is all or none: a taken id, or one id twice in the list, is a duplicate key and stores none of the slots (SC-1)")
    void insertAllOrNone() {
        Slot taken = slot(clinic, minutes(0), 30);
        run(tx -> tx.slots().insertAll(List.of(taken)));
        Slot before = slot(clinic, minutes(30), 30);
        Slot after = slot(clinic, minutes(90), 30);
        Slot sameId = new Slot(taken.id(), clinic.provider().id(), clinic.department().id(), minutes(60), minutes(90),
                Set.of(clinic.physical().id()), SlotStatus.OPEN, null, 0);
        assertThatThrownBy(() -> run(tx -> tx.slots().insertAll(List.of(before, sameId, after))))
                .isInstanceOf(DuplicateKeyException.class);
        Slot twice = slot(clinic, minutes(120), 30);
        Slot other = slot(clinic, minutes(150), 30);
        assertThatThrownBy(() -> run(tx -> tx.slots().insertAll(List.of(twice, other, twice))))
                .isInstanceOf(DuplicateKeyException.class);
        for (Slot s : List.of(before, after, twice, other)) {
            check(tx -> assertThat(tx.slots().find(s.id())).isEmpty());
        }
        check(tx -> assertThat(tx.slots().find(taken.id())).contains(taken));
        assertThat(findAllOpen(new SlotQuery(minutes(-600), minutes(600), null, null, null))).containsExactly(taken);
    }

    @Test
    @DisplayName("book turns an OPEN slot BOOKED for the appointment, once; a booked, closed or unknown slot is not booked (SC-3)")
    void book() {
        Slot slot = slot(clinic, minutes(0), 30);
        Slot closed = slot(clinic, minutes(30), 30);
        run(tx -> tx.slots().insertAll(List.of(slot, closed)));
        run(tx -> assertThat(tx.slots().close(closed.id())).isTrue());
        AppointmentId first = AppointmentId.newId();
        run(tx -> assertThat(tx.slots().book(slot.id(), first)).isTrue());
        Slot booked = read(tx -> tx.slots().find(slot.id())).orElseThrow();
        assertThat(booked).usingRecursiveComparison().ignoringFields("version")
                .isEqualTo(withStatus(slot, SlotStatus.BOOKED, first));
        run(tx -> assertThat(tx.slots().book(slot.id(), AppointmentId.newId())).isFalse());
        run(tx -> assertThat(tx.slots().book(slot.id(), first)).as("not even for the same appointment").isFalse());
        check(tx -> assertThat(tx.slots().find(slot.id())).contains(booked));
        run(tx -> assertThat(tx.slots().book(closed.id(), AppointmentId.newId())).isFalse());
        assertThat(read(tx -> tx.slots().find(closed.id())).orElseThrow().status()).isEqualTo(SlotStatus.CLOSED);
        run(tx -> assertThat(tx.slots().book(SlotId.newId(), AppointmentId.newId())).isFalse());
    }

    @Test
    @DisplayName("release frees a slot only for the appointment holding it; the freed slot is OPEN, searchable and bookable again (SC-4)")
    void release() {
        Slot slot = slot(clinic, minutes(0), 30);
        Slot open = slot(clinic, minutes(30), 30);
        run(tx -> tx.slots().insertAll(List.of(slot, open)));
        AppointmentId holder = AppointmentId.newId();
        run(tx -> assertThat(tx.slots().book(slot.id(), holder)).isTrue());
        Slot booked = read(tx -> tx.slots().find(slot.id())).orElseThrow();
        run(tx -> assertThat(tx.slots().release(slot.id(), AppointmentId.newId())).isFalse());
        check(tx -> assertThat(tx.slots().find(slot.id())).contains(booked));
        run(tx -> assertThat(tx.slots().release(slot.id(), holder)).isTrue());
        Slot released = read(tx -> tx.slots().find(slot.id())).orElseThrow();
        assertThat(released).usingRecursiveComparison().ignoringFields("version").isEqualTo(slot);
        run(tx -> assertThat(tx.slots().release(slot.id(), holder)).as("released once").isFalse());
        run(tx -> assertThat(tx.slots().release(open.id(), holder)).isFalse());
        run(tx -> assertThat(tx.slots().release(SlotId.newId(), holder)).isFalse());
        assertThat(findAllOpen(new SlotQuery(minutes(0), minutes(60), null, null, null))).extracting(Slot::id)
                .containsExactly(slot.id(), open.id());
        AppointmentId next = AppointmentId.newId();
        run(tx -> assertThat(tx.slots().book(slot.id(), next)).isTrue());
        assertThat(read(tx -> tx.slots().find(slot.id())).orElseThrow().appointmentId()).isEqualTo(next);
    }

    @Test
    @DisplayName("close closes only an OPEN slot; a closed slot is neither booked, released nor found (SC-1)")
    void close() {
        Slot slot = slot(clinic, minutes(0), 30);
        Slot booked = slot(clinic, minutes(30), 30);
        run(tx -> tx.slots().insertAll(List.of(slot, booked)));
        AppointmentId holder = AppointmentId.newId();
        run(tx -> assertThat(tx.slots().book(booked.id(), holder)).isTrue());
        run(tx -> assertThat(tx.slots().close(slot.id())).isTrue());
        Slot closed = read(tx -> tx.slots().find(slot.id())).orElseThrow();
        assertThat(closed).usingRecursiveComparison().ignoringFields("version")
                .isEqualTo(withStatus(slot, SlotStatus.CLOSED, null));
        run(tx -> assertThat(tx.slots().close(slot.id())).isFalse());
        run(tx -> assertThat(tx.slots().book(slot.id(), AppointmentId.newId())).isFalse());
        run(tx -> assertThat(tx.slots().release(slot.id(), holder)).isFalse());
        check(tx -> assertThat(tx.slots().find(slot.id())).contains(closed));
        run(tx -> assertThat(tx.slots().close(booked.id())).as("a booked slot stays booked").isFalse());
        assertThat(read(tx -> tx.slots().find(booked.id())).orElseThrow().appointmentId()).isEqualTo(holder);
        run(tx -> assertThat(tx.slots().close(SlotId.newId())).isFalse());
        assertThat(findAllOpen(new SlotQuery(minutes(0), minutes(60), null, null, null))).isEmpty();
    }

    @Test
    @DisplayName("a slot is booked at most once under " + BOOKERS + " concurrent bookers (SC-3)")
    void bookedOnce() throws Exception {
        Slot slot = slot(clinic, minutes(0), 30);
        run(tx -> tx.slots().insertAll(List.of(slot)));
        List<Patient> patients = insertPatients(BOOKERS);
        List<Outcome<AppointmentId>> outcomes = concurrently(BOOKERS, i -> writeRetrying(tx -> {
            Appointment appointment = appointment(patients.get(i).id(), slot, clinic.checkup().id());
            if (!tx.slots().book(slot.id(), appointment.id())) {
                return null;
            }
            assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
            return appointment.id();
        }));
        assertThat(failures(outcomes)).isEmpty();
        List<AppointmentId> winners = successes(outcomes).stream().filter(Objects::nonNull).toList();
        assertThat(winners).hasSize(1);
        Slot booked = read(tx -> tx.slots().find(slot.id())).orElseThrow();
        assertThat(booked.status()).isEqualTo(SlotStatus.BOOKED);
        assertThat(booked.appointmentId()).isEqualTo(winners.get(0));
        long holders = patients.stream().filter(p -> !read(tx ->
                tx.appointments().upcoming(p.id(), minutes(-60), null, 10)).isEmpty()).count();
        assertThat(holders).as("patients holding an appointment").isEqualTo(1);
    }

    @Test
    @DisplayName(BOOKERS + " threads booking the same 50 slots give exactly 50 bookings and 50 appointments (SC-3)")
    void fiftySlots() throws Exception {
        int count = 50;
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.add(slot(clinic, minutes(30L * i), 30));
        }
        run(tx -> tx.slots().insertAll(slots));
        List<Patient> patients = insertPatients(BOOKERS);
        List<Outcome<Appointment>> outcomes = concurrently(BOOKERS, i -> {
            List<Slot> order = new ArrayList<>(slots);
            Collections.shuffle(order, new Random(i));
            return writeRetrying(tx -> {
                for (Slot slot : order) {
                    Appointment appointment = appointment(patients.get(i).id(), slot, clinic.checkup().id());
                    if (tx.slots().book(slot.id(), appointment.id())) {
                        assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
                        return appointment;
                    }
                }
                return null;
            });
        });
        assertThat(failures(outcomes)).isEmpty();
        List<Appointment> booked = successes(outcomes).stream().filter(Objects::nonNull).toList();
        assertThat(booked).hasSize(count);
        assertThat(booked).extracting(Appointment::slotId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(slots.stream().map(Slot::id).toList());
        for (Appointment appointment : booked) {
            Slot slot = read(tx -> tx.slots().find(appointment.slotId())).orElseThrow();
            assertThat(slot.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(slot.appointmentId()).isEqualTo(appointment.id());
            check(tx -> assertThat(tx.appointments().find(appointment.id())).contains(appointment));
        }
        assertThat(findAllOpen(new SlotQuery(minutes(-60), minutes(30L * count + 60), null, null, null))).isEmpty();
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent bookers and closers of one slot exactly one wins, and the slot shows who (SC-1, SC-3)")
    void bookOrClose() throws Exception {
        Slot slot = slot(clinic, minutes(0), 30);
        run(tx -> tx.slots().insertAll(List.of(slot)));
        List<AppointmentId> appointments = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            appointments.add(AppointmentId.newId());
        }
        List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> {
            boolean won = i % 2 == 0 ? tx.slots().book(slot.id(), appointments.get(i)) : tx.slots().close(slot.id());
            return won ? i : -1;
        }));
        assertThat(failures(outcomes)).isEmpty();
        List<Integer> winners = successes(outcomes).stream().filter(i -> i >= 0).toList();
        assertThat(winners).hasSize(1);
        Slot after = read(tx -> tx.slots().find(slot.id())).orElseThrow();
        int winner = winners.get(0);
        if (winner % 2 == 0) {
            assertThat(after.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(after.appointmentId()).isEqualTo(appointments.get(winner));
        } else {
            assertThat(after.status()).isEqualTo(SlotStatus.CLOSED);
            assertThat(after.appointmentId()).isNull();
        }
    }

    @Test
    @DisplayName("a rolled-back booking, release or close leaves the slot as it was; the work's own reads saw its changes (SC-3, SC-4)")
    void rollback() {
        Slot open = slot(clinic, minutes(0), 30);
        Slot booked = slot(clinic, minutes(30), 30);
        Slot added = slot(clinic, minutes(60), 30);
        AppointmentId holder = AppointmentId.newId();
        run(tx -> {
            tx.slots().insertAll(List.of(open, booked));
            assertThat(tx.slots().book(booked.id(), holder)).isTrue();
        });
        Slot bookedBefore = read(tx -> tx.slots().find(booked.id())).orElseThrow();
        SlotQuery all = new SlotQuery(minutes(-60), minutes(120), null, null, null);
        assertThatThrownBy(() -> run(tx -> {
            tx.slots().insertAll(List.of(added));
            assertThat(tx.slots().book(open.id(), AppointmentId.newId())).isTrue();
            assertThat(tx.slots().release(booked.id(), holder)).isTrue();
            assertThat(tx.slots().close(booked.id())).isTrue();
            assertThat(tx.slots().findOpen(all, null, 10)).extracting(Slot::id).containsExactly(added.id());
            assertThat(tx.slots().find(booked.id()).orElseThrow().status()).isEqualTo(SlotStatus.CLOSED);
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.slots().find(open.id())).contains(open));
        check(tx -> assertThat(tx.slots().find(booked.id())).contains(bookedBefore));
        check(tx -> assertThat(tx.slots().find(added.id())).isEmpty());
        assertThat(findAllOpen(all)).containsExactly(open);
        run(tx -> assertThat(tx.slots().book(open.id(), AppointmentId.newId())).isTrue());
    }

    @Test
    @DisplayName("a second booker waits for the first booking's transaction, then finds the slot taken: never check-then-set (SC-3)")
    void secondBookerWaits() throws Exception {
        Slot slot = slot(clinic, minutes(0), 30);
        run(tx -> tx.slots().insertAll(List.of(slot)));
        AppointmentId first = AppointmentId.newId();
        AppointmentId second = AppointmentId.newId();
        List<Boolean> results = whileHeld(tx -> tx.slots().book(slot.id(), first), tx -> tx.slots().book(slot.id(), second));
        assertThat(results).containsExactly(true, false);
        assertThat(read(tx -> tx.slots().find(slot.id())).orElseThrow().appointmentId()).isEqualTo(first);
    }

    @Test
    @DisplayName("findOpen does not wait for an open booking: until it commits, others still see the slot OPEN (SC-2)")
    void findOpenDoesNotWait() throws Exception {
        Slot slot = slot(clinic, minutes(0), 30);
        run(tx -> tx.slots().insertAll(List.of(slot)));
        SlotQuery query = new SlotQuery(minutes(0), minutes(30), null, null, null);
        CountDownLatch booked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> booker = pool.submit(() -> write(tx -> {
                boolean won = tx.slots().book(slot.id(), AppointmentId.newId());
                booked.countDown();
                await(release);
                return won;
            }));
            await(booked);
            try {
                Future<List<Slot>> reader = pool.submit(() -> read(tx -> tx.slots().findOpen(query, null, 10)));
                assertThat(get(reader)).containsExactly(slot);
                assertThat(booker.isDone()).as("the booker is still open").isFalse();
            } finally {
                release.countDown();
            }
            assertThat(get(booker)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(findAllOpen(query)).isEmpty();
    }

    @Test
    @DisplayName("findOpen returns the OPEN slots starting in [from, to) in (start, id) order, ties on start included, across pages of "
            + PAGE_SIZE + " (SC-2)")
    void findOpenPaging() {
        List<Slot> expected = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS; i++) {
            // five starts with five slots each: every page boundary falls inside a tie
            expected.add(slot(clinic, minutes(60L * (i % 5)), 30 + i));
        }
        Slot atFrom = slot(clinic, minutes(-120), 30);
        Slot beforeFrom = slot(clinic, minutes(-120).minus(1, ChronoUnit.MICROS), 30);
        Slot atTo = slot(clinic, minutes(600), 30);
        Slot booked = slot(clinic, minutes(60), 30);
        Slot closed = slot(clinic, minutes(120), 30);
        expected.add(atFrom);
        List<Slot> all = new ArrayList<>(expected);
        all.addAll(List.of(beforeFrom, atTo, booked, closed));
        Collections.shuffle(all, new Random(37));
        run(tx -> tx.slots().insertAll(all));
        run(tx -> {
            assertThat(tx.slots().book(booked.id(), AppointmentId.newId())).isTrue();
            assertThat(tx.slots().close(closed.id())).isTrue();
        });
        SlotQuery query = new SlotQuery(minutes(-120), minutes(600), null, null, null);
        List<Slot> paged = findAllOpen(query);
        assertThat(paged).containsExactlyElementsOf(byStart(expected));
        check(tx -> assertThat(tx.slots().findOpen(query, null, 1000)).containsExactlyElementsOf(byStart(expected)));
        assertThat(findAllOpen(new SlotQuery(minutes(60), minutes(60), null, null, null))).as("an empty range").isEmpty();
        assertThat(findAllOpen(new SlotQuery(minutes(60), minutes(60).plus(1, ChronoUnit.MICROS), null, null, null)))
                .containsExactlyElementsOf(byStart(expected.stream().filter(s -> s.start().equals(minutes(60))).toList()));
    }

    @Test
    @DisplayName("findOpen filters by provider, department and visit type, alone and together (SC-2)")
    void findOpenFilters() {
        Provider otherProvider = insertProvider();
        Department otherDepartment = insertDepartment();
        VisitTypeId checkup = clinic.checkup().id();
        VisitTypeId physical = clinic.physical().id();
        List<Slot> slots = new ArrayList<>();
        int n = 0;
        for (ProviderId provider : List.of(clinic.provider().id(), otherProvider.id())) {
            for (DepartmentId department : List.of(clinic.department().id(), otherDepartment.id())) {
                for (Set<VisitTypeId> types : List.of(Set.of(checkup), Set.of(physical), Set.of(checkup, physical))) {
                    slots.add(Slot.open(provider, department, minutes(45L * n), minutes(45L * n + 30), types));
                    n++;
                }
            }
        }
        Collections.shuffle(slots, new Random(41));
        run(tx -> tx.slots().insertAll(slots));
        Instant from = minutes(-1);
        Instant to = minutes(45L * n);
        List<ProviderId> providers = Arrays.asList(null, clinic.provider().id(), otherProvider.id(), ProviderId.newId());
        List<DepartmentId> departments = Arrays.asList(null, clinic.department().id(), otherDepartment.id());
        List<VisitTypeId> visitTypes = Arrays.asList(null, checkup, physical, VisitTypeId.newId());
        for (ProviderId provider : providers) {
            for (DepartmentId department : departments) {
                for (VisitTypeId visitType : visitTypes) {
                    SlotQuery query = new SlotQuery(from, to, provider, department, visitType);
                    List<Slot> expected = byStart(slots.stream()
                            .filter(s -> provider == null || s.providerId().equals(provider))
                            .filter(s -> department == null || s.departmentId().equals(department))
                            .filter(s -> visitType == null || s.visitTypes().contains(visitType))
                            .toList());
                    assertThat(findAllOpen(query)).as("%s", query).containsExactlyElementsOf(expected);
                }
            }
        }
    }

    @Test
    @DisplayName("ties on start are in unsigned id order, even for ids with the top bits set (SC-2)")
    void tiesInUnsignedOrder() {
        List<String> texts = List.of(
                "00000000-0000-7000-8000-000000000001",
                "0193a2b0-0000-7000-ffff-ffffffffffff",
                "7fffffff-ffff-7fff-bfff-ffffffffffff",
                "80000000-0000-7000-8000-000000000000",
                "ffffffff-ffff-7fff-bfff-ffffffffffff");
        List<Slot> slots = new ArrayList<>();
        for (int i = texts.size() - 1; i >= 0; i--) {
            for (long start : new long[] {60, 0}) {
                UUID id = UUID.fromString(texts.get(i).substring(0, 35) + start / 60);
                slots.add(new Slot(new SlotId(id), clinic.provider().id(), clinic.department().id(), minutes(start),
                        minutes(start + 30), Set.of(clinic.checkup().id()), SlotStatus.OPEN, null, 0));
            }
        }
        run(tx -> tx.slots().insertAll(slots));
        List<String> order = findAllOpen(new SlotQuery(minutes(0), minutes(120), null, null, null)).stream()
                .map(s -> s.id().toString()).toList();
        List<String> expected = new ArrayList<>();
        for (long start : new long[] {0, 60}) {
            for (String text : texts) {
                expected.add(text.substring(0, 35) + start / 60);
            }
        }
        assertThat(order).containsExactlyElementsOf(expected);
        check(tx -> assertThat(tx.slots().overlapping(clinic.provider().id(), minutes(0), minutes(120)))
                .extracting(s -> s.id().toString()).containsExactlyElementsOf(expected));
    }

    @Test
    @DisplayName("findOpen sees the work's own new, booked and released slots (SC-2)")
    void findOpenOwnWrites() {
        Slot committed = slot(clinic, minutes(0), 30);
        Slot held = slot(clinic, minutes(30), 30);
        AppointmentId holder = AppointmentId.newId();
        run(tx -> {
            tx.slots().insertAll(List.of(committed, held));
            tx.slots().book(held.id(), holder);
        });
        Slot added = slot(clinic, minutes(15), 30);
        SlotQuery query = new SlotQuery(minutes(0), minutes(60), clinic.provider().id(), null, clinic.checkup().id());
        List<SlotId> seen = write(tx -> {
            tx.slots().insertAll(List.of(added));
            assertThat(tx.slots().book(committed.id(), AppointmentId.newId())).isTrue();
            assertThat(tx.slots().release(held.id(), holder)).isTrue();
            return tx.slots().findOpen(query, null, 10).stream().map(Slot::id).toList();
        });
        assertThat(seen).containsExactly(added.id(), held.id());
        assertThat(findAllOpen(query)).extracting(Slot::id).containsExactly(added.id(), held.id());
    }

    @Test
    @DisplayName("overlapping answers every slot of the provider, whatever its status, that overlaps [from, to), in (start, id) order; touching slots do not overlap (SC-1)")
    void overlapping() {
        Provider otherProvider = insertProvider();
        // [9:00, 10:00) is asked for; minutes(0) is 9:00
        Slot endsAtFrom = slot(clinic, minutes(-30), 30);
        Slot startsAtTo = slot(clinic, minutes(60), 30);
        Slot overlapsStart = slot(clinic, minutes(-15), 30);
        Slot inside = slot(clinic, minutes(20), 20);
        Slot sameStart = slot(clinic, minutes(0), 60);
        Slot overlapsEnd = slot(clinic, minutes(59), 30);
        Slot longBefore = slot(clinic, minutes(-480), 8 * 60 + 1);
        Slot longEndsAtFrom = slot(clinic, minutes(-600), 600);
        Slot covers = slot(clinic, minutes(-60), 180);
        Slot booked = slot(clinic, minutes(30), 15);
        Slot closed = slot(clinic, minutes(45), 15);
        Slot othersSlot = Slot.open(otherProvider.id(), clinic.department().id(), minutes(0), minutes(60),
                Set.of(clinic.checkup().id()));
        List<Slot> all = new ArrayList<>(List.of(endsAtFrom, startsAtTo, overlapsStart, inside, sameStart, overlapsEnd,
                longBefore, longEndsAtFrom, covers, booked, closed, othersSlot));
        Collections.shuffle(all, new Random(43));
        run(tx -> tx.slots().insertAll(all));
        run(tx -> {
            assertThat(tx.slots().book(booked.id(), AppointmentId.newId())).isTrue();
            assertThat(tx.slots().close(closed.id())).isTrue();
        });
        List<Slot> found = read(tx -> tx.slots().overlapping(clinic.provider().id(), minutes(0), minutes(60)));
        assertThat(found).extracting(Slot::id).containsExactlyElementsOf(byStart(List.of(overlapsStart, inside, sameStart,
                overlapsEnd, longBefore, covers, booked, closed)).stream().map(Slot::id).toList());
        assertThat(found).filteredOn(s -> s.id().equals(booked.id())).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(SlotStatus.BOOKED));
        check(tx -> assertThat(tx.slots().overlapping(otherProvider.id(), minutes(0), minutes(60)))
                .containsExactly(othersSlot));
        check(tx -> assertThat(tx.slots().overlapping(ProviderId.newId(), minutes(0), minutes(60))).isEmpty());
        check(tx -> assertThat(tx.slots().overlapping(clinic.provider().id(), minutes(600), minutes(700))).isEmpty());
        Slot own = slot(clinic, minutes(10), 10);
        List<Slot> withOwn = write(tx -> {
            tx.slots().insertAll(List.of(own));
            return tx.slots().overlapping(clinic.provider().id(), minutes(5), minutes(15));
        });
        assertThat(withOwn).as("the work's own slots count").extracting(Slot::id).containsExactlyElementsOf(byStart(List.of(
                sameStart, overlapsStart, covers, own)).stream().map(Slot::id).toList());
    }
}

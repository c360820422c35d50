package org.patientportal.core.scheduling;

import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.Races;
import org.patientportal.core.ConflictException;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.Slots;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;

/**
 * SC-3 and SC-4 under contention, through the public API with threads released together by a start
 * gate: 64 patients racing for 50 slots get exactly 50 appointments; a reschedule that loses the new
 * slot keeps the old one; a booking retried concurrently with one key runs once (IN-1). The
 * JDBC runs (H2, PostgreSQL) also race split over two portals on one database; the in-memory run
 * skips that test (one process, no second node).
 */
@OnEveryStorage
@DisplayName("Scheduling under concurrency (SC-3, SC-4, IN-1)")
class SchedulingConcurrencySuite extends SchedulingFixture {
    static final int PATIENTS = 64;
    static final int SLOTS = 50;
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * Runs {@code threads} tasks released together; each outcome is the task's result or the
     * {@link PortalException} it threw (anything else fails the test).
     */
    static List<Object> race(int threads, IntFunction<Callable<Object>> task) throws Exception {
        return Races.race(threads, TIMEOUT_SECONDS, task);
    }

    @Test
    @DisplayName("SC-1 16 staff opening overlapping slots of one provider at once: exactly one opens, the 15 others get a ConflictException")
    void overlappingSlotsRace() throws Exception {
        Clinic clinic = clinic();
        LocalDateTime base = LocalDate.ofInstant(clock.instant(), clinic.zone()).plusDays(3).atTime(10, 0);
        List<Object> outcomes = race(16, i -> () -> slot(clinic, base.plusMinutes(i)));
        assertThat(outcomes).filteredOn(Slot.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(15);
        assertThat(slotsOf(clinic.provider())).hasSize(1);
    }

    @Test
    @DisplayName("SC-1 two staff opening overlapping slots of one provider, both past the portal's checks before either writes: one opens, the other gets a ConflictException")
    void overlappingSlotsMeetAtTheStore() throws Exception {
        Clinic clinic = clinic();
        LocalDateTime base = LocalDate.ofInstant(clock.instant(), clinic.zone()).plusDays(3).atTime(14, 0);
        CyclicBarrier bothAtTheStore = new CyclicBarrier(2);
        Portal paused = newPortal(pausedBeforeSlotInserts(storage, bothAtTheStore));
        List<Object> outcomes = race(2, i -> () -> row(paused.scheduling().openSlot(DESK, new OpenSlot(
                clinic.provider().id(), clinic.department().id(), base.plusMinutes(10L * i), HALF_HOUR,
                Set.of(clinic.visitType().id())))));
        assertThat(outcomes).filteredOn(Slot.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(1);
        assertThat(slotsOf(clinic.provider())).hasSize(1);
    }

    /**
     * {@code over}, whose transactions wait at {@code barrier} (at most 10 seconds) before they
     * insert slots: two racers both do every read of the portal before either writes.
     */
    static PortalStorage pausedBeforeSlotInserts(PortalStorage over, CyclicBarrier barrier) {
        return (PortalStorage) Proxy.newProxyInstance(PortalStorage.class.getClassLoader(),
                new Class<?>[] {PortalStorage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("inTransaction")) {
                        TransactionalWork<?> work = (TransactionalWork<?>) args[0];
                        return over.inTransaction(tx -> work.execute(pausing(tx, barrier)));
                    }
                    return invoke(over, method, args);
                });
    }

    private static StorageTransaction pausing(StorageTransaction tx, CyclicBarrier barrier) {
        return (StorageTransaction) Proxy.newProxyInstance(StorageTransaction.class.getClassLoader(),
                new Class<?>[] {StorageTransaction.class}, (proxy, method, args) -> {
                    Object result = invoke(tx, method, args);
                    if (!method.getName().equals("slots")) {
                        return result;
                    }
                    Slots slots = (Slots) result;
                    return Proxy.newProxyInstance(Slots.class.getClassLoader(), new Class<?>[] {Slots.class},
                            (p, m, a) -> {
                                if (m.getName().startsWith("insertAll")) {
                                    try {
                                        barrier.await(10, TimeUnit.SECONDS);
                                    } catch (BrokenBarrierException | TimeoutException e) {
                                        // the other racer is not coming: go on alone
                                    }
                                }
                                return invoke(slots, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    @DisplayName("SC-1 16 staff opening slots at once: 16 disjoint slots of one provider, and 16 slots at one time of 16 providers, all open")
    void disjointSlotsRace() throws Exception {
        Clinic clinic = clinic();
        LocalDateTime base = LocalDate.ofInstant(clock.instant(), clinic.zone()).plusDays(3).atTime(8, 0);
        List<Object> disjoint = race(16, i -> () -> slot(clinic, base.plusMinutes(30L * i)));
        assertThat(disjoint).allMatch(Slot.class::isInstance);
        assertThat(slotsOf(clinic.provider())).hasSize(16);
        List<Clinic> clinics = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            clinics.add(clinic());
        }
        List<Object> sameTime = race(16, i -> () -> slot(clinics.get(i), base));
        assertThat(sameTime).allMatch(Slot.class::isInstance);
    }

    @Test
    @DisplayName("SC-3 64 threads booking the same 50 slots for 64 patients: exactly 50 appointments, 50 booked slots, 14 ConflictExceptions")
    void sixtyFourPatientsFiftySlots() throws Exception {
        raceForFiftySlots(portal, portal);
    }

    /**
     * Thread {@code i} books slot {@code i % 50} for patient {@code i} through {@code first} (threads
     * 0 to 31) or {@code second} (32 to 63): the 14 doubly-wanted slots are fought over by one thread
     * of each portal.
     */
    void raceForFiftySlots(Portal first, Portal second) throws Exception {
        Clinic clinic = clinic();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            slots.add(slotInDays(clinic, 3 + i / 10, 8 + i % 10));
        }
        List<Member> members = members(PATIENTS);

        List<Object> outcomes = race(PATIENTS, i -> () -> row((i < PATIENTS / 2 ? first : second).scheduling().book(
                members.get(i).actor(), members.get(i).patient(),
                new BookAppointment(slots.get(i % SLOTS).id(), clinic.visitType().id(), null))));

        List<Appointment> won = outcomes.stream().filter(Appointment.class::isInstance).map(Appointment.class::cast)
                .toList();
        assertThat(won).hasSize(SLOTS);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Appointment)))
                .hasSize(PATIENTS - SLOTS)
                .allSatisfy(o -> assertThat(o).isExactlyInstanceOf(ConflictException.class));
        assertThat(won).extracting(Appointment::slotId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(slots.stream().map(Slot::id).toList());
        List<Slot> stored = slotsOf(clinic.provider());
        assertThat(stored).hasSize(SLOTS).allSatisfy(s -> assertThat(s.status()).isEqualTo(SlotStatus.BOOKED));
        int appointments = 0;
        for (int i = 0; i < PATIENTS; i++) {
            List<Appointment> held = appointmentsOf(members.get(i).patient());
            appointments += held.size();
            if (outcomes.get(i) instanceof Appointment appointment) {
                assertThat(held).singleElement().satisfies(a -> {
                    assertThat(a.id()).isEqualTo(appointment.id());
                    assertThat(a.status()).isEqualTo(AppointmentStatus.BOOKED);
                });
                assertThat(stored(slots.get(i % SLOTS)).appointmentId()).isEqualTo(appointment.id());
            } else {
                assertThat(held).as("a loser holds nothing").isEmpty();
            }
        }
        assertThat(appointments).isEqualTo(SLOTS);
        assertConsistent(clinic, members);
    }

    @Test
    @DisplayName("SC-4 32 patients rescheduling into ONE slot: one moves, the 31 others get a ConflictException and keep their old appointment and slot")
    void rescheduleUnderContention() throws Exception {
        int racers = 32;
        Clinic clinic = clinic();
        Slot target = slotInDays(clinic, 2, 7);
        List<Member> members = members(racers);
        List<Appointment> olds = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            olds.add(book(members.get(i), slotInDays(clinic, 4 + i / 8, 9 + i % 8), clinic));
        }

        List<Object> outcomes = race(racers, i -> () -> row(scheduling().reschedule(members.get(i).actor(),
                members.get(i).patient(), new Reschedule(olds.get(i).id(), target.id(), null))));

        int winners = 0;
        for (int i = 0; i < racers; i++) {
            Appointment old = stored(olds.get(i));
            Slot oldSlot = storage.inTransaction(tx -> tx.slots().find(old.slotId())).orElseThrow();
            if (outcomes.get(i) instanceof Appointment moved) {
                winners++;
                assertThat(moved.slotId()).isEqualTo(target.id());
                assertThat(old.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
                assertThat(oldSlot.status()).isEqualTo(SlotStatus.OPEN);
                assertThat(stored(target).appointmentId()).isEqualTo(moved.id());
            } else {
                assertThat(outcomes.get(i)).isExactlyInstanceOf(ConflictException.class);
                assertThat(old.status()).as("the old appointment is never lost").isEqualTo(AppointmentStatus.BOOKED);
                assertThat(oldSlot.status()).isEqualTo(SlotStatus.BOOKED);
                assertThat(oldSlot.appointmentId()).isEqualTo(old.id());
                assertThat(appointmentsOf(members.get(i).patient())).singleElement()
                        .extracting(Appointment::status).isEqualTo(AppointmentStatus.BOOKED);
            }
        }
        assertThat(winners).isEqualTo(1);
        assertThat(booked(clinic.provider())).isEqualTo(racers);
        assertConsistent(clinic, members);
    }

    @Test
    @DisplayName("SC-4 a reschedule racing a booking of its new slot: whoever wins, the slot is booked once and the mover keeps an appointment")
    void rescheduleRacingBookings() throws Exception {
        Clinic clinic = clinic();
        int rounds = 8;
        for (int round = 0; round < rounds; round++) {
            Member mover = member();
            Member booker = member();
            Appointment old = book(mover, slotInDays(clinic, 10 + round, 9), clinic);
            Slot contested = slotInDays(clinic, 10 + round, 14);

            List<Object> outcomes = race(2, i -> i == 0
                    ? () -> row(scheduling().reschedule(mover.actor(), mover.patient(), new Reschedule(old.id(), contested.id(), null)))
                    : () -> book(booker, contested, clinic));

            assertThat(outcomes.stream().filter(Appointment.class::isInstance)).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !(o instanceof Appointment)))
                    .allSatisfy(o -> assertThat(o).isExactlyInstanceOf(ConflictException.class));
            List<Appointment> moverBooked = appointmentsOf(mover.patient()).stream()
                    .filter(a -> a.status() == AppointmentStatus.BOOKED).toList();
            assertThat(moverBooked).as("the mover holds exactly one booked appointment").hasSize(1);
            Slot held = storage.inTransaction(tx -> tx.slots().find(moverBooked.get(0).slotId())).orElseThrow();
            assertThat(held.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(held.appointmentId()).isEqualTo(moverBooked.get(0).id());
            assertThat(stored(contested).status()).isEqualTo(SlotStatus.BOOKED);
        }
    }

    @Test
    @DisplayName("SC-3 one patient booking 16 overlapping slots of 16 providers at once: one appointment; the 15 others refused and their slots still open")
    void onePatientOverlappingRace() throws Exception {
        int racers = 16;
        Member patient = member();
        List<Clinic> clinics = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Clinic c = clinic();
            clinics.add(c);
            slots.add(slot(c, LocalDateTime.of(2026, 3, 20, 10, i), Set.of(clinics.get(0).visitType().id())));
        }

        List<Object> outcomes = race(racers, i -> () -> book(patient, slots.get(i), clinics.get(0)));

        assertThat(outcomes.stream().filter(Appointment.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Appointment))).hasSize(racers - 1).allSatisfy(o ->
                assertThat(((PortalException) o).code()).isIn("rule_violation", ConflictException.CODE));
        assertThat(appointmentsOf(patient.patient())).hasSize(1);
        long bookedSlots = 0;
        for (Slot slot : slots) {
            if (stored(slot).status() == SlotStatus.BOOKED) {
                bookedSlots++;
            }
        }
        assertThat(bookedSlots).as("a refused booking leaves its slot open").isEqualTo(1);
    }

    @Test
    @DisplayName("SC-4 one appointment moved to 8 different slots at once (two devices): one move wins, one booked appointment, one booked slot")
    void oneAppointmentManyMoves() throws Exception {
        int racers = 8;
        Clinic clinic = clinic();
        Member patient = member();
        Slot oldSlot = slotInDays(clinic, 5, 8);
        Appointment old = book(patient, oldSlot, clinic);
        List<Slot> targets = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            targets.add(slotInDays(clinic, 6, 9 + i));
        }

        List<Object> outcomes = race(racers, i -> () -> row(scheduling().reschedule(patient.actor(), patient.patient(),
                new Reschedule(old.id(), targets.get(i).id(), null))));

        assertThat(outcomes.stream().filter(Appointment.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Appointment))).allSatisfy(o ->
                assertThat(o).isInstanceOf(PortalException.class));
        assertThat(appointmentsOf(patient.patient()).stream().filter(a -> a.status() == AppointmentStatus.BOOKED))
                .hasSize(1);
        assertThat(stored(old).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
        assertThat(booked(clinic.provider())).as("only the winning target is booked").isEqualTo(1);
        assertThat(stored(oldSlot).status()).isEqualTo(SlotStatus.OPEN);
    }

    @Test
    @DisplayName("SC-7 8 waiting patients accepting one freed slot at once: the first to accept gets it, the others keep their appointments")
    void waitlistAcceptRace() throws Exception {
        int racers = 8;
        Clinic clinic = clinic();
        Member canceller = member();
        Slot freed = slotInDays(clinic, 3, 9);
        Appointment cancelled = book(canceller, freed, clinic);
        List<Member> waiting = new ArrayList<>();
        List<Appointment> theirs = new ArrayList<>();
        List<WaitlistEntryView> entries = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Member m = member();
            waiting.add(m);
            Appointment a = book(m, slotInDays(clinic, 10, 8 + i), clinic);
            theirs.add(a);
            entries.add(scheduling().joinWaitlist(m.actor(), m.patient(), a.id()));
        }
        row(scheduling().cancel(canceller.actor(), canceller.patient(), new CancelAppointment(cancelled.id(), null)));

        List<Object> outcomes = race(racers, i -> () -> row(scheduling().acceptOffer(waiting.get(i).actor(),
                waiting.get(i).patient(), entries.get(i).id(), freed.id())));

        int winners = 0;
        for (int i = 0; i < racers; i++) {
            if (outcomes.get(i) instanceof Appointment moved) {
                winners++;
                assertThat(moved.slotId()).isEqualTo(freed.id());
                assertThat(stored(theirs.get(i)).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
            } else {
                assertThat(outcomes.get(i)).isExactlyInstanceOf(ConflictException.class);
                assertThat(stored(theirs.get(i)).status()).isEqualTo(AppointmentStatus.BOOKED);
            }
        }
        assertThat(winners).isEqualTo(1);
        assertThat(booked(clinic.provider())).isEqualTo(racers);
    }

    @Test
    @DisplayName("SC-7 16 concurrent joins of the wait list for one appointment (a double click): one WAITING entry, every call answers it")
    void concurrentWaitlistJoins() throws Exception {
        int racers = 16;
        Clinic clinic = clinic();
        Member patient = member();
        Appointment appointment = book(patient, slotInDays(clinic, 9, 9), clinic);

        List<Object> outcomes = race(racers, i -> () -> scheduling().joinWaitlist(patient.actor(), patient.patient(),
                appointment.id()));

        List<WaitlistEntry> entries = waitlistOf(patient.patient());
        assertThat(entries).as("one entry per appointment").hasSize(1);
        for (Object outcome : outcomes) {
            if (outcome instanceof WaitlistEntryView entry) {
                assertThat(entry.id()).isEqualTo(entries.get(0).id());
            } else {
                assertThat(outcome).isExactlyInstanceOf(ConflictException.class);
            }
        }
    }

    @Test
    @DisplayName("SC-4 16 concurrent cancels of one appointment: one cancels, the others are refused, one cancellation notice")
    void concurrentCancels() throws Exception {
        int racers = 16;
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 9, 9);
        Appointment appointment = book(patient, slot, clinic);
        dispatch();

        List<Object> outcomes = race(racers, i -> () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(appointment.id(), null))));

        assertThat(outcomes.stream().filter(Appointment.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Appointment))).allSatisfy(o ->
                assertThat(((PortalException) o).code()).isIn("rule_violation", ConflictException.CODE));
        assertThat(stored(appointment).status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(stored(slot).status()).isEqualTo(SlotStatus.OPEN);
        assertThat(kinds(dispatchTo(patient))).containsExactly(
                NotificationKinds.APPOINTMENT_CANCELLED);
    }

    @Test
    @DisplayName("SC-1 8 staff scheduling ONE request into 8 different slots at once: one appointment, one booked slot, the others refused")
    void concurrentScheduleRequest() throws Exception {
        int racers = 8;
        Clinic clinic = clinic();
        VisitTypeView procedure = visitType(false, PatientEligibility.ANY);
        Member patient = member();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            slots.add(slot(clinic, LocalDate.ofInstant(clock.instant(), NEW_YORK).plusDays(5 + i).atTime(9, 0),
                    Set.of(procedure.id())));
        }
        AppointmentRequestView request = scheduling().requestAppointment(patient.actor(), patient.patient(),
                new RequestAppointment(procedure.id(), null, null, LocalDate.of(2026, 3, 5),
                        LocalDate.of(2026, 3, 20)));

        List<Object> outcomes = race(racers, i -> () -> row(scheduling().scheduleRequest(DESK, patient.patient(),
                request.id(), slots.get(i).id())));

        assertThat(outcomes.stream().filter(Appointment.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Appointment))).allSatisfy(o ->
                assertThat(((PortalException) o).code()).isIn("rule_violation", ConflictException.CODE));
        assertThat(appointmentsOf(patient.patient())).hasSize(1);
        assertThat(booked(clinic.provider())).as("the losers' slots were rolled back to OPEN").isEqualTo(1);
    }

    @Test
    @DisplayName("SC-5 8 clinicians recording the first summary of one visit at once: one summary stored, every call succeeds or is a conflict")
    void concurrentVisitSummaries() throws Exception {
        int racers = 8;
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 3, 9);
        Appointment visit = book(patient, slot, clinic);
        clock.set(slot.end());
        row(scheduling().markCompleted(DESK, patient.patient(), visit.id()));

        List<Object> outcomes = race(racers, i -> () -> scheduling().recordVisitSummary(CLINICIAN, patient.patient(),
                visit.id(), new RecordVisitSummary("Summary " + i, List.of())));

        assertThat(outcomes.stream().filter(VisitSummaryView.class::isInstance)).isNotEmpty();
        assertThat(outcomes.stream().filter(o -> !(o instanceof VisitSummaryView)))
                .allSatisfy(o -> assertThat(o).isExactlyInstanceOf(ConflictException.class));
        Optional<VisitSummary> stored = storage.inTransaction(tx -> tx.visitSummaries().find(visit.id()));
        assertThat(stored).isPresent();
        VisitSummary row = stored.get();
        assertThat(outcomes).contains(new VisitSummaryView(row.appointmentId(), row.patientId(), row.summary(),
                row.diagnoses(), row.recordedAt()));
    }

    @Test
    @DisplayName("SC-4 cancel racing reschedule of one appointment (10 rounds): one wins, and slots and appointments always agree")
    void cancelRacingReschedule() throws Exception {
        Clinic clinic = clinic();
        List<Member> patients = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            Member patient = member();
            patients.add(patient);
            Appointment old = book(patient, slotInDays(clinic, 5 + round, 9), clinic);
            Slot target = slotInDays(clinic, 5 + round, 14);

            List<Object> outcomes = race(2, i -> i == 0
                    ? () -> row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(old.id(), null)))
                    : () -> row(scheduling().reschedule(patient.actor(), patient.patient(),
                            new Reschedule(old.id(), target.id(), null))));

            assertThat(outcomes.stream().filter(Appointment.class::isInstance)).as("round %d", round).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !(o instanceof Appointment))).allSatisfy(o ->
                    assertThat(((PortalException) o).code()).isIn("rule_violation", ConflictException.CODE));
        }
        assertConsistent(clinic, patients);
    }

    /**
     * Slots and appointments agree: every BOOKED slot of the clinic's provider is held by a BOOKED
     * appointment that names it, and every BOOKED appointment of the patients holds its slot.
     */
    void assertConsistent(Clinic clinic, List<Member> patients) {
        for (Slot slot : slotsOf(clinic.provider())) {
            if (slot.status() == SlotStatus.BOOKED) {
                Optional<Appointment> holder = storage.inTransaction(tx -> tx.appointments().find(slot.appointmentId()));
                assertThat(holder).as("the appointment holding slot %s", slot.id()).isPresent();
                assertThat(holder.get().status()).isEqualTo(AppointmentStatus.BOOKED);
                assertThat(holder.get().slotId()).isEqualTo(slot.id());
            }
        }
        for (Member patient : patients) {
            for (Appointment appointment : appointmentsOf(patient.patient())) {
                if (appointment.status() == AppointmentStatus.BOOKED) {
                    Slot held = storage.inTransaction(tx -> tx.slots().find(appointment.slotId())).orElseThrow();
                    assertThat(held.status()).isEqualTo(SlotStatus.BOOKED);
                    assertThat(held.appointmentId()).isEqualTo(appointment.id());
                }
            }
        }
    }

    @Test
    @DisplayName("IN-1 32 concurrent retries of one booking with one key: one appointment, and every retry answers it")
    void concurrentRetriesWithOneKey() throws Exception {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 3, 9);
        BookAppointment command = new BookAppointment(slot.id(), clinic.visitType().id(), "retry-key");

        List<Object> outcomes = race(32, i -> () -> row(scheduling().book(patient.actor(), patient.patient(), command)));

        List<Appointment> appointments = appointmentsOf(patient.patient());
        assertThat(appointments).singleElement().extracting(Appointment::status).isEqualTo(AppointmentStatus.BOOKED);
        Set<Object> answers = new HashSet<>();
        for (Object outcome : outcomes) {
            if (outcome instanceof Appointment a) {
                assertThat(a.id()).isEqualTo(appointments.get(0).id());
                answers.add(a.id());
            } else {
                throw new AssertionError("a retry with the same key must answer the first result, got " + outcome);
            }
        }
        assertThat(answers).hasSize(1);
        assertThat(stored(slot).appointmentId()).isEqualTo(appointments.get(0).id());
        SlotId slotId = slot.id();
        assertThat(slotsOf(clinic.provider())).extracting(Slot::id).containsExactly(slotId);
    }

    @Test
    @DisplayName("IN-1 16 concurrent retries of one cancellation with one key: cancelled once, and every retry answers the first result")
    void concurrentCancelRetriesWithOneKey() throws Exception {
        Clinic clinic = clinic();
        Member patient = member();
        Appointment booked = book(patient, slotInDays(clinic, 5, 9), clinic);
        CancelAppointment command = new CancelAppointment(booked.id(), "cancel-retry-key");

        List<Object> outcomes = race(16, i -> () -> row(scheduling().cancel(patient.actor(), patient.patient(), command)));

        for (Object outcome : outcomes) {
            assertThat(outcome).as("a retry with the same key answers the first result").isInstanceOf(Appointment.class);
            Appointment answered = (Appointment) outcome;
            assertThat(answered.id()).isEqualTo(booked.id());
            assertThat(answered.status()).isEqualTo(AppointmentStatus.CANCELLED);
        }
        assertThat(appointmentsOf(patient.patient())).singleElement()
                .extracting(Appointment::status).isEqualTo(AppointmentStatus.CANCELLED);
    }

    @Test
    @DisplayName("SC-3 across nodes: 64 threads split over two portals on one database, 50 slots: exactly 50 appointments and 50 booked slots")
    void twoNodesOneDatabase() throws Exception {
        Assumptions.assumeTrue(storageKind.jdbc(), "two nodes share a database only on a JDBC storage");
        PortalStorage secondStorage = TestStorages.sameDatabase(storage);
        try {
            Portal secondNode = newPortal(secondStorage);
            raceForFiftySlots(portal, secondNode);
        } finally {
            secondStorage.close();
        }
    }
}

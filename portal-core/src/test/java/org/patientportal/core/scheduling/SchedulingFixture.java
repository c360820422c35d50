package org.patientportal.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalBuilder;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.PortalSuiteFixture;
import org.patientportal.model.AccountId;
import org.patientportal.model.Appointment;
import org.patientportal.model.Delivery;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.spi.notification.Notification;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * What the scheduling suites share: one storage of the adapter under test per test class (a new
 * PostgreSQL database per test would cost a third of a second each), and per test a fresh
 * {@link MutableClock}, {@link RecordingNotificationSender} and portal over it. Every test makes its
 * own clinic (a New York department, a provider, visit types) and its own patients, each with an
 * email address of its own, so that tests sharing the storage never see each other's rows or
 * notifications.
 */
abstract class SchedulingFixture extends PortalSuiteFixture {
    static final Actor DESK = Actor.staff("desk-sc", Role.FRONT_DESK);
    static final Actor CLINICIAN = Actor.staff("doc-sc", Role.CLINICIAN);
    static final Actor ADMIN = Actor.staff("admin-sc", Role.ADMIN);
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final LocalDate BIRTH_DATE = LocalDate.of(1980, 5, 20);
    static final String SSN4 = "4321";
    static final String PASSWORD = "a long passphrase for the portal";
    static final Duration HALF_HOUR = Duration.ofMinutes(30);
    static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** The scheduling policy of the portal under test. */
    SchedulingPolicy policy() {
        return SchedulingPolicy.defaults();
    }

    @Override
    protected PortalBuilder configure(PortalBuilder builder) {
        return builder.schedulingPolicy(policy());
    }

    Scheduling scheduling() {
        return portal.scheduling();
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    // ---------------------------------------------------------------- the clinic

    /** A department, a provider and a 30-minute self-schedulable visit type for anyone. */
    record Clinic(DepartmentView department, ProviderView provider, VisitTypeView visitType) {
        ZoneId zone() {
            return department.zone();
        }
    }

    Clinic clinic() {
        return clinic(NEW_YORK);
    }

    Clinic clinic(ZoneId zone) {
        DepartmentView department = scheduling().createDepartment(DESK, new CreateDepartment(unique("Family medicine "), zone));
        ProviderView provider = scheduling().createProvider(DESK, new CreateProvider(unique("Dr. A. Okafor ")));
        VisitTypeView visitType = visitType(true, PatientEligibility.ANY);
        return new Clinic(department, provider, visitType);
    }

    VisitTypeView visitType(boolean selfSchedulable, PatientEligibility eligibility) {
        return scheduling().createVisitType(DESK, new CreateVisitType(unique("Follow-up "), HALF_HOUR, selfSchedulable,
                eligibility));
    }

    /** A 30-minute slot of the clinic's provider for its visit type, at {@code localStart} in the department's zone. */
    Slot slot(Clinic clinic, LocalDateTime localStart) {
        return slot(clinic, localStart, Set.of(clinic.visitType().id()));
    }

    Slot slot(Clinic clinic, LocalDateTime localStart, Set<VisitTypeId> visitTypes) {
        return row(scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(), clinic.department().id(), localStart,
                HALF_HOUR, visitTypes)));
    }

    /** A slot {@code days} days after the clock's date, at {@code hour}:00 in the department's zone. */
    Slot slotInDays(Clinic clinic, int days, int hour) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), clinic.zone()).plusDays(days);
        return slot(clinic, day.atTime(hour, 0));
    }

    // ---------------------------------------------------------------- patients

    /** A patient with an account, logged in; with an email address of its own. */
    record Member(PatientId patient, AccountId account, Actor actor, String email) {
    }

    Member member() {
        return member(portal);
    }

    Member member(Portal through) {
        String email = unique("pt") + "@example.org";
        PatientId patient = through.enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-SC-"), "Robin",
                "Vale", BIRTH_DATE, SSN4, email, null));
        String code = through.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON).value();
        String username = unique("sc-user");
        AccountId account = through.enrollment().signUp(new SignUp(code, SSN4, BIRTH_DATE, username, PASSWORD, null))
                .accountId();
        Actor actor = through.auth().authenticate(through.auth().logIn(username, PASSWORD).token());
        return new Member(patient, account, actor, email);
    }

    /** {@code count} members, enrolled on 8 threads (enrollment is most of a big race's set-up). */
    List<Member> members(int count) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Member>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> member()));
            }
            List<Member> out = new ArrayList<>();
            for (Future<Member> future : futures) {
                out.add(future.get(60, TimeUnit.SECONDS));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("enrolling failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    Appointment book(Member member, Slot slot, VisitTypeId visitType) {
        return row(scheduling().book(member.actor(), member.patient(), new BookAppointment(slot.id(), visitType, null)));
    }

    Appointment book(Member member, Slot slot, Clinic clinic) {
        return book(member, slot, clinic.visitType().id());
    }

    // ---------------------------------------------------------------- read-backs through the SPI

    /** The stored row of a slot the API returned. */
    Slot row(OpenedSlot slot) {
        return storage.inTransaction(tx -> tx.slots().find(slot.id())).orElseThrow();
    }

    /** The stored row of an appointment the API returned. */
    Appointment row(AppointmentView appointment) {
        return storage.inTransaction(tx -> tx.appointments().find(appointment.appointmentId())).orElseThrow();
    }

    /** The stored rows of slots the API returned. */
    List<Slot> rows(List<OpenedSlot> slots) {
        return slots.stream().map(this::row).toList();
    }

    Slot stored(Slot slot) {
        return storage.inTransaction(tx -> tx.slots().find(slot.id())).orElseThrow();
    }

    Appointment stored(Appointment appointment) {
        return storage.inTransaction(tx -> tx.appointments().find(appointment.id())).orElseThrow();
    }

    /** Every slot of the provider, any status. */
    List<Slot> slotsOf(ProviderView provider) {
        return storage.inTransaction(tx -> tx.slots().overlapping(provider.id(), FAR_PAST, FAR_FUTURE));
    }

    /** Every appointment of the patient, any status, in start order. */
    List<Appointment> appointmentsOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.appointments().upcoming(patient, FAR_PAST, null, 1000));
    }

    List<WaitlistEntry> waitlistOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.waitlist().forPatient(patient, null, 1000));
    }

    Map<OutboxStatus, Long> outboxCounts() {
        return storage.inTransaction(tx -> tx.outbox().countByStatus());
    }

    long booked(ProviderView provider) {
        return slotsOf(provider).stream().filter(s -> s.status() == SlotStatus.BOOKED).count();
    }

    /** What a refused command must leave as it was: the provider's slots, the patients' appointments, the outbox. */
    record Snapshot(List<Slot> slots, List<List<Appointment>> appointments, List<List<WaitlistEntry>> waitlist,
                    Map<OutboxStatus, Long> outbox) {
    }

    Snapshot snapshot(ProviderView provider, PatientId... patients) {
        List<List<Appointment>> appointments = new ArrayList<>();
        List<List<WaitlistEntry>> waitlist = new ArrayList<>();
        for (PatientId patient : patients) {
            appointments.add(appointmentsOf(patient));
            waitlist.add(waitlistOf(patient));
        }
        return new Snapshot(slotsOf(provider), appointments, waitlist, outboxCounts());
    }

    /** Runs {@code call}, which must fail with an SDK exception of {@code type}, and returns it. */
    static <E extends PortalException> E refused(Class<E> type, Runnable call) {
        try {
            call.run();
        } catch (PortalException e) {
            assertThat(e).isExactlyInstanceOf(type);
            return type.cast(e);
        } catch (RuntimeException e) {
            throw new AssertionError("expected an SDK exception, got " + e, e);
        }
        return fail("expected the call to fail with " + type.getSimpleName());
    }

    /** Runs {@code call}, which must fail with {@code type}, and checks nothing changed. */
    <E extends PortalException> E refusedUnchanged(Class<E> type, Snapshot before, ProviderView provider,
                                                   PatientId[] patients, Runnable call) {
        E e = refused(type, call);
        assertThat(snapshot(provider, patients)).as("nothing changed after " + e.code() + ": " + e.getMessage())
                .isEqualTo(before);
        return e;
    }

    // ---------------------------------------------------------------- notifications

    /** Dispatches everything due now (several batches if need be); returns what this delivered, to anyone. */
    List<Notification> dispatch() {
        int before = sender.delivered().size();
        for (int i = 0; i < 50; i++) {
            DispatchReport report = portal.notifications().dispatchDue();
            if (report.claimed() == 0) {
                break;
            }
        }
        List<Notification> delivered = sender.delivered();
        return List.copyOf(delivered.subList(before, delivered.size()));
    }

    /** Of {@code notifications}, those sent to {@code member}. */
    static List<Notification> to(Member member, List<Notification> notifications) {
        return notifications.stream().filter(n -> n.address().equals(member.email())).toList();
    }

    /** Dispatches everything due now; returns what reached {@code member}. */
    List<Notification> dispatchTo(Member member) {
        return to(member, dispatch());
    }

    static List<String> kinds(List<Notification> notifications) {
        return notifications.stream().map(Notification::kind).toList();
    }
}

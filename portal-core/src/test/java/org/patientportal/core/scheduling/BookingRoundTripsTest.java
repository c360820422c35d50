package org.patientportal.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.tck.RecordingNotificationSender;
import org.patientportal.testsupport.CountingDataSource;

/**
 * Issue 8: a patient's book, reschedule and cancel on PostgreSQL are each at most 5 round trips,
 * COMMIT included: statement executions (a multi-statement query or a batch is one) plus commits.
 */
class BookingRoundTripsTest {
    private static final Actor DESK = Actor.staff("desk-brt", Role.FRONT_DESK);
    private static final LocalDate BIRTH_DATE = LocalDate.of(1980, 5, 20);
    private static final String PASSWORD = "a long passphrase for the portal";

    @Test
    @DisplayName("SC-2, SC-4, SC-7 book with an idempotency key is 2 round trips on PostgreSQL, reschedule and cancel"
            + " at most 5 each, offers to a waiting patient included")
    void atMostFive() {
        CountingDataSource dataSource = new CountingDataSource(TestStorages.postgresDataSource());
        MutableClock clock = MutableClock.start();
        RecordingNotificationSender sender = new RecordingNotificationSender();
        try (JdbcStorage storage = JdbcStorage.create(dataSource)) {
            Portal portal = TestPortals.builder(storage, clock, sender).build();
            Scheduling scheduling = portal.scheduling();
            DepartmentView department = scheduling.createDepartment(DESK,
                    new CreateDepartment("Round trips", ZoneId.of("America/New_York")));
            ProviderView provider = scheduling.createProvider(DESK, new CreateProvider("Dr. B. Trip"));
            VisitTypeView type = scheduling.createVisitType(DESK, new CreateVisitType("Check", Duration.ofMinutes(30),
                    true, PatientEligibility.ANY));
            LocalDate day = LocalDate.ofInstant(clock.instant(), department.zone()).plusDays(7);
            OpenedSlot[] slots = new OpenedSlot[4];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = scheduling.openSlot(DESK, new OpenSlot(provider.id(), department.id(),
                        day.atTime(9 + i, 0), Duration.ofMinutes(30), Set.of(type.id())));
            }
            PatientId patient = patient(portal, "1");
            Actor actor = portal.auth().authenticate(portal.auth().logIn("brt-user-1", PASSWORD).token());
            // a patient with a later appointment waits for an earlier slot: each freed slot is offered
            PatientId waiting = patient(portal, "2");
            Actor waitingActor = portal.auth().authenticate(portal.auth().logIn("brt-user-2", PASSWORD).token());
            AppointmentView held = scheduling.book(waitingActor, waiting, new BookAppointment(slots[3].id(), type.id(),
                    null));
            scheduling.joinWaitlist(waitingActor, waiting, held.appointmentId());
            // warm: the patient's chain has its head row and the reference data is cached
            AppointmentView first = scheduling.book(actor, patient, new BookAppointment(slots[0].id(), type.id(), "k-0"));
            scheduling.cancel(actor, patient, new CancelAppointment(first.appointmentId(), "k-1"));

            // book sends its booking with the COMMIT (StorageTransaction.bookSlotBehind): its reads, then the rest
            AppointmentView booked = counted(dataSource, "book", 2, () -> scheduling.book(actor, patient,
                    new BookAppointment(slots[1].id(), type.id(), "k-2")));
            AppointmentView moved = counted(dataSource, "reschedule", 5, () -> scheduling.reschedule(actor, patient,
                    new Reschedule(booked.appointmentId(), slots[2].id(), "k-3")));
            AppointmentView cancelled = counted(dataSource, "cancel", 5, () -> scheduling.cancel(actor, patient,
                    new CancelAppointment(moved.appointmentId(), "k-4")));
            assertThat(moved.slotId()).isEqualTo(slots[2].id());
            assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
            portal.notifications().dispatchDue();
            assertThat(sender.deliveredTo("brt-2@example.org")).extracting(Notification::kind)
                    .as("an offer for the first freed slot, the moved one's and the cancelled one's")
                    .containsOnly(NotificationKinds.APPOINTMENT_BOOKED, NotificationKinds.WAITLIST_OFFER)
                    .filteredOn(NotificationKinds.WAITLIST_OFFER::equals).hasSize(3);
        }
    }

    private static PatientId patient(Portal portal, String n) {
        PatientId patient = portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-BRT-" + n, "Robin",
                "Vale", BIRTH_DATE, "4321", "brt-" + n + "@example.org", null));
        String code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON).value();
        portal.enrollment().signUp(new SignUp(code, "4321", BIRTH_DATE, "brt-user-" + n, PASSWORD, null));
        return patient;
    }

    private static <T> T counted(CountingDataSource dataSource, String operation, int most, Supplier<T> call) {
        int before = dataSource.executions() + dataSource.commits();
        T result = call.get();
        int roundTrips = dataSource.executions() + dataSource.commits() - before;
        System.out.println(operation + " on PostgreSQL: " + roundTrips + " round trips, COMMIT included");
        assertThat(roundTrips).as(operation).isLessThanOrEqualTo(most);
        return result;
    }
}

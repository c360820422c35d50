package org.patientportal.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.Portal;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.notifications.NotificationPolicy;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Appointment;
import org.patientportal.model.Channel;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Slot;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;
import org.patientportal.spi.notification.NotificationSender;

/**
 * SC-6 with the outbox in flight: a cancel withdraws every notification of the appointment not yet
 * delivered, the confirmation included, and one whose send is in flight stays withdrawn whatever
 * the send reports. Run on every adapter.
 */
@OnEveryStorage
@DisplayName("Withdrawn appointment notifications (SC-6, NT-2)")
class SchedulingWithdrawalSuite extends SchedulingFixture {

    @Test
    @DisplayName("SC-6 a reminder in flight when its appointment is cancelled, whose send then fails, stays cancelled and is never delivered")
    void reminderCancelledInFlight() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 10, 10);
        Appointment appointment = book(patient, slot, clinic);
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.APPOINTMENT_BOOKED);
        clock.set(slot.start().minus(Duration.ofDays(7)));
        List<OutboxEntryId> inFlight = new ArrayList<>();
        NotificationSender cancelsThenFails = new NotificationSender() {
            @Override
            public void send(Notification notification) {
                if (!notification.address().equals(patient.email())) {
                    sender.send(notification);
                    return;
                }
                String id = notification.id();
                inFlight.add(OutboxEntryId.parse(id.substring(0, id.indexOf(':'))));
                scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(appointment.id(), null));
                throw NotificationException.retryable("provider timeout");
            }

            @Override
            public Set<Channel> channels() {
                return sender.channels();
            }
        };
        Portal node = configure(TestPortals.builder(storage, clock, cancelsThenFails)).build();

        node.notifications().dispatchDue();

        assertThat(inFlight).hasSize(1);
        assertThat(storage.inTransaction(tx -> tx.outbox().find(inFlight.get(0))).orElseThrow().status())
                .isEqualTo(OutboxStatus.CANCELLED);
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.APPOINTMENT_CANCELLED);
        for (Instant at : List.of(clock.instant().plus(NotificationPolicy.defaults().maxBackoff()),
                slot.start().minus(Duration.ofDays(1)), slot.end())) {
            clock.set(at);
            assertThat(dispatchTo(patient)).as("nothing at %s", at).isEmpty();
        }
    }

    @Test
    @DisplayName("SC-6 a confirmation not yet delivered is withdrawn by the cancel: only the cancellation notice goes out")
    void confirmationWithdrawn() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 10, 10);
        Appointment appointment = book(patient, slot, clinic);
        scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(appointment.id(), null));

        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.APPOINTMENT_CANCELLED);
    }

    @Test
    @DisplayName("SC-6 a reschedule withdraws the old appointment's undelivered confirmation: the patient is told of the new one only")
    void confirmationWithdrawnByReschedule() {
        Clinic clinic = clinic();
        Member patient = member();
        Appointment old = book(patient, slotInDays(clinic, 10, 10), clinic);
        Slot newSlot = slotInDays(clinic, 12, 11);
        scheduling().reschedule(patient.actor(), patient.patient(), new Reschedule(old.id(), newSlot.id(), null));

        List<Notification> sent = dispatchTo(patient);

        assertThat(kinds(sent)).containsExactly(NotificationKinds.APPOINTMENT_BOOKED);
    }
}

package org.patientportal.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.notification.Notification;

/**
 * SC-7 when a cancel or a reschedule frees a slot: the slot, the patient's own entries and the
 * waiting entries come with the command's first read, and the outcome is the one of reading them
 * after the release. Run on every adapter.
 */
@OnEveryStorage
@DisplayName("Freed slots and the wait list (SC-4, SC-7)")
class SchedulingFreedSlotSuite extends SchedulingFixture {
    static final String BOOKED = NotificationKinds.APPOINTMENT_BOOKED;
    static final String CANCELLED = NotificationKinds.APPOINTMENT_CANCELLED;
    static final String OFFER = NotificationKinds.WAITLIST_OFFER;

    @Test
    @DisplayName("SC-7 a reschedule offers the freed slot to the waiting patients and closes the mover's own entry")
    void rescheduleOffersFreedSlot() {
        Clinic clinic = clinic();
        Member mover = member();
        Member waiting = member();
        Slot early = slotInDays(clinic, 5, 9);
        Slot moveTo = slotInDays(clinic, 7, 9);
        Slot later = slotInDays(clinic, 20, 9);
        Appointment moving = book(mover, early, clinic);
        Appointment held = book(waiting, later, clinic);
        scheduling().joinWaitlist(mover.actor(), mover.patient(), moving.id());
        WaitlistEntryView entry = scheduling().joinWaitlist(waiting.actor(), waiting.patient(), held.id());
        dispatch();

        Appointment moved = row(scheduling().reschedule(mover.actor(), mover.patient(),
                new Reschedule(moving.id(), moveTo.id(), "move-1")));

        assertThat(moved.slotId()).isEqualTo(moveTo.id());
        assertThat(stored(early).status()).isEqualTo(SlotStatus.OPEN);
        List<Notification> sent = dispatch();
        assertThat(kinds(to(waiting, sent))).containsExactly(OFFER);
        assertThat(kinds(to(mover, sent))).containsExactly(BOOKED);
        assertThat(waitlistOf(mover.patient())).singleElement().extracting(WaitlistEntry::status)
                .isEqualTo(WaitlistStatus.CANCELLED);
        Appointment accepted = row(scheduling().acceptOffer(waiting.actor(), waiting.patient(), entry.id(), early.id()));
        assertThat(accepted.slotId()).isEqualTo(early.id());
        assertThat(stored(held).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    }

    @Test
    @DisplayName("SC-7 a cancelled slot open for two visit types is offered to the waiting patients of either")
    void cancelOffersEveryVisitType() {
        Clinic clinic = clinic();
        VisitTypeView second = visitType(true, PatientEligibility.ANY);
        Member canceller = member();
        Member firstType = member();
        Member secondType = member();
        LocalDate today = LocalDate.ofInstant(clock.instant(), NEW_YORK);
        Slot shared = slot(clinic, today.plusDays(5).atTime(9, 0), Set.of(clinic.visitType().id(), second.id()));
        Slot laterFirst = slotInDays(clinic, 20, 9);
        Slot laterSecond = slot(clinic, today.plusDays(21).atTime(9, 0), Set.of(second.id()));
        Appointment cancelled = book(canceller, shared, clinic);
        Appointment heldFirst = book(firstType, laterFirst, clinic);
        Appointment heldSecond = book(secondType, laterSecond, second.id());
        scheduling().joinWaitlist(firstType.actor(), firstType.patient(), heldFirst.id());
        scheduling().joinWaitlist(secondType.actor(), secondType.patient(), heldSecond.id());
        dispatch();

        row(scheduling().cancel(canceller.actor(), canceller.patient(), new CancelAppointment(cancelled.id(), "cancel-1")));

        List<Notification> sent = dispatch();
        assertThat(kinds(to(firstType, sent))).containsExactly(OFFER);
        assertThat(kinds(to(secondType, sent))).containsExactly(OFFER);
        assertThat(kinds(to(canceller, sent))).containsExactly(CANCELLED);
        assertThat(stored(shared).status()).isEqualTo(SlotStatus.OPEN);
    }
}

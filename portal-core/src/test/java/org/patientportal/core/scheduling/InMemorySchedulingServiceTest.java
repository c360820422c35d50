package org.patientportal.core.scheduling;

import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.Slot;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.PortalStorage;

/** S1's focused checks of the service's own decisions, beyond the SC suites. */
@DisplayName("Scheduling service, focused checks (S1) on in memory")
class InMemorySchedulingServiceTest extends SchedulingFixture {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }

    @Test
    @DisplayName("SC-7 a cancelled slot is offered to a waiting patient with a later appointment")
    void offerOnCancel() {
        Clinic clinic = clinic();
        Member early = member();
        Member waiting = member();
        Slot freed = slotInDays(clinic, 5, 9);
        Slot later = slotInDays(clinic, 20, 9);
        Appointment first = book(early, freed, clinic);
        Appointment mine = book(waiting, later, clinic);
        scheduling().joinWaitlist(waiting.actor(), waiting.patient(), mine.id());
        dispatchTo(waiting);
        row(scheduling().cancel(early.actor(), early.patient(), new CancelAppointment(first.id(), null)));
        assertThat(kinds(dispatchTo(waiting))).containsExactly("waitlist-offer");
    }

    @Test
    @DisplayName("SC-7 a slot later than the appointment is not an offer; cancelling the appointment closes its entry")
    void notAnOfferAndEntryClosedOnCancel() {
        Clinic clinic = clinic();
        Member patient = member();
        Appointment mine = book(patient, slotInDays(clinic, 10, 9), clinic);
        Slot later = slotInDays(clinic, 12, 9);
        WaitlistEntryView entry = scheduling().joinWaitlist(patient.actor(), patient.patient(), mine.id());
        assertThat(refused(RuleViolationException.class, () -> row(scheduling().acceptOffer(patient.actor(),
                patient.patient(), entry.id(), later.id()))).reason()).isEqualTo("not_an_offer");
        row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(mine.id(), null)));
        assertThat(waitlistOf(patient.patient())).singleElement().extracting(WaitlistEntry::status)
                .isEqualTo(WaitlistStatus.CANCELLED);
        assertThat(refused(RuleViolationException.class, () -> row(scheduling().acceptOffer(patient.actor(),
                patient.patient(), entry.id(), later.id()))).reason()).isEqualTo("not_waiting");
    }

    @Test
    @DisplayName("SC-5 completed / no-show only once started; a summary only for a completed visit, and replaced on a second call")
    void markAndSummarize() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 3, 9);
        Appointment visit = book(patient, slot, clinic);
        assertThat(refused(RuleViolationException.class, () -> row(scheduling().markCompleted(DESK, patient.patient(),
                visit.id()))).reason()).isEqualTo("not_started");
        clock.set(slot.start().plus(Duration.ofMinutes(10)));
        RecordVisitSummary summary = new RecordVisitSummary("Rest.", List.of(new Diagnosis("J06.9", "Cold")));
        assertThat(refused(RuleViolationException.class, () -> scheduling().recordVisitSummary(CLINICIAN,
                patient.patient(), visit.id(), summary)).reason()).isEqualTo("not_completed");
        assertThat(row(scheduling().markCompleted(DESK, patient.patient(), visit.id())).status())
                .isEqualTo(AppointmentStatus.COMPLETED);
        assertThat(refused(RuleViolationException.class, () -> row(scheduling().markNoShow(DESK, patient.patient(),
                visit.id()))).reason()).isEqualTo("not_booked");
        scheduling().recordVisitSummary(CLINICIAN, patient.patient(), visit.id(), summary);
        VisitSummaryView replaced = scheduling().recordVisitSummary(CLINICIAN, patient.patient(), visit.id(),
                new RecordVisitSummary("Rest and fluids.", List.of()));
        assertThat(replaced.summary()).isEqualTo("Rest and fluids.");
        AppointmentView past = scheduling().past(patient.actor(), patient.patient(), new PageRequest(null, 10)).items().get(0);
        assertThat(past.summary()).isEqualTo("Rest and fluids.");
        assertThat(past.diagnoses()).isEmpty();
        assertThat(past.toString()).doesNotContain("Rest");
    }

    @Test
    @DisplayName("SC-1 open requests are listed for staff in arrival order until decided; a booked slot is not closed")
    void requestsAndClosing() {
        Clinic clinic = clinic();
        Member patient = member();
        VisitTypeView requestOnly = visitType(false, PatientEligibility.ANY);
        LocalDate today = LocalDate.ofInstant(clock.instant(), clinic.zone());
        AppointmentRequestView request = scheduling().requestAppointment(patient.actor(), patient.patient(),
                new RequestAppointment(requestOnly.id(), null, clinic.department().id(), today, today.plusDays(14)));
        assertThat(scheduling().openRequests(DESK, new PageRequest(null, 100)).items()).extracting(AppointmentRequestView::id)
                .contains(request.id());
        assertThat(scheduling().declineRequest(DESK, patient.patient(), request.id(), "no_availability").status())
                .isEqualTo(RequestStatus.DECLINED);
        assertThat(scheduling().openRequests(DESK, new PageRequest(null, 100)).items()).extracting(AppointmentRequestView::id)
                .doesNotContain(request.id());
        Slot slot = slotInDays(clinic, 4, 9);
        book(patient, slot, clinic);
        assertThat(refused(RuleViolationException.class, () -> scheduling().closeSlot(DESK, slot.id())).reason())
                .isEqualTo("slot_booked");
    }
}

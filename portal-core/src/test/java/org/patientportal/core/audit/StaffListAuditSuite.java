package org.patientportal.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.PageRequest;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.notifications.DeadLetter;
import org.patientportal.core.scheduling.AppointmentRequestView;
import org.patientportal.core.scheduling.CreateVisitType;
import org.patientportal.core.scheduling.RequestAppointment;
import org.patientportal.core.scheduling.VisitTypeView;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;

/**
 * Staff lists that show several patients' data (the appointment-request queue, the dead letters):
 * each patient shown gets the READ event on their own chain, with the staff member's role
 * (AD-1, ST-2), not one event without a patient for the whole page.
 */
@OnEveryStorage
@DisplayName("Staff lists audit a READ per patient shown (AD-1, ST-2)")
class StaffListAuditSuite extends AuditFixture {

    @Test
    @DisplayName("AD-1 the appointment-request queue writes one READ on the chain of each patient shown, none on others")
    void requestQueue() {
        VisitTypeView procedure = portal.scheduling().createVisitType(DESK, new CreateVisitType(unique("Procedure "),
                Duration.ofMinutes(30), false, PatientEligibility.ANY));
        LocalDate from = LocalDate.now(clock).plusDays(1);
        Member a = member();
        Member b = member();
        Member notShown = member();
        for (Member m : List.of(a, b, b)) {
            portal.scheduling().requestAppointment(m.actor(), m.patient(),
                    new RequestAppointment(procedure.id(), null, null, from, from.plusDays(7)));
        }

        List<AppointmentRequestView> shown = portal.scheduling().openRequests(DESK, PageRequest.first(50)).items();

        assertThat(shown).extracting(AppointmentRequestView::patientId).containsOnly(a.patient(), b.patient());
        assertThat(readsBy(a.patient(), DESK, "appointment-request")).containsExactly("FRONT_DESK:SUCCESS");
        assertThat(readsBy(b.patient(), DESK, "appointment-request")).containsExactly("FRONT_DESK:SUCCESS");
        assertThat(readsBy(notShown.patient(), DESK, "appointment-request")).isEmpty();
    }

    @Test
    @DisplayName("AD-1 a page of the request queue audits only the patients on that page")
    void requestQueuePage() {
        VisitTypeView procedure = portal.scheduling().createVisitType(DESK, new CreateVisitType(unique("Procedure "),
                Duration.ofMinutes(30), false, PatientEligibility.ANY));
        LocalDate from = LocalDate.now(clock).plusDays(1);
        Member a = member();
        Member b = member();
        portal.scheduling().requestAppointment(a.actor(), a.patient(),
                new RequestAppointment(procedure.id(), null, null, from, from.plusDays(7)));
        portal.scheduling().requestAppointment(b.actor(), b.patient(),
                new RequestAppointment(procedure.id(), null, null, from, from.plusDays(7)));

        PatientId first = portal.scheduling().openRequests(DESK, PageRequest.first(1)).items().get(0).patientId();
        PatientId second = first.equals(a.patient()) ? b.patient() : a.patient();

        assertThat(readsBy(first, DESK, "appointment-request")).containsExactly("FRONT_DESK:SUCCESS");
        assertThat(readsBy(second, DESK, "appointment-request")).isEmpty();
    }

    @Test
    @DisplayName("AD-1 the dead-letter listing writes one READ on the chain of each patient shown, with the admin role")
    void deadLetters() {
        PatientId a = register();
        PatientId b = register();
        PatientId notShown = register();
        for (PatientId patient : List.of(a, b, b)) {
            storage.inTransaction(tx -> {
                tx.outbox().enqueue(OutboxEntry.pending("no-such-kind", patient, null, OutboxPayloads.NONE, null,
                        clock.instant(), clock.instant()));
                return null;
            });
        }
        assertThat(portal.notifications().dispatchDue().deadLettered()).isEqualTo(3);

        List<DeadLetter> shown = portal.notifications().deadLetters(ADMIN, PageRequest.first(50)).items();

        assertThat(shown).extracting(DeadLetter::patientId).containsOnly(a, b);
        assertThat(readsBy(a, ADMIN, "dead-letter")).containsExactly("ADMIN:SUCCESS");
        assertThat(readsBy(b, ADMIN, "dead-letter")).containsExactly("ADMIN:SUCCESS");
        assertThat(readsBy(notShown, ADMIN, "dead-letter")).isEmpty();
    }
}

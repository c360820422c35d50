package org.patientportal.core.medications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.records.HistoryEntryView;
import org.patientportal.core.records.HistoryImported;
import org.patientportal.core.records.HistoryRecord;
import org.patientportal.core.records.ImportHistory;
import org.patientportal.core.records.ReportEntry;
import org.patientportal.core.records.VisitSummaryView;
import org.patientportal.core.scheduling.BookAppointment;
import org.patientportal.core.scheduling.CreateDepartment;
import org.patientportal.core.scheduling.CreateProvider;
import org.patientportal.core.scheduling.CreateVisitType;
import org.patientportal.core.scheduling.OpenSlot;
import org.patientportal.core.scheduling.RecordVisitSummary;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.Appointment;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.Department;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.EntrySource;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.Provider;
import org.patientportal.model.Slot;
import org.patientportal.model.VisitType;

/** HH-1 to HH-3 through the public API. Run on every adapter. */
@OnEveryStorage
@DisplayName("Health records rules (HH-1..HH-3)")
class HealthRecordsRulesSuite extends MedicationsFixture {

    @Test
    @DisplayName("HH-1 problems, allergies, immunizations and vitals are imported and read per category, newest first, across pages")
    void categoriesNewestFirst() {
        Member m = member();
        Instant t = clock.instant();
        loadHistory(m, entry(HistoryCategory.PROBLEM, "p1", 1, "Hypertension", t.minus(Duration.ofDays(400))),
                entry(HistoryCategory.PROBLEM, "p2", 1, "Asthma", t.minus(Duration.ofDays(10))),
                entry(HistoryCategory.PROBLEM, "p3", 1, "Migraine", t.minus(Duration.ofDays(100))),
                entry(HistoryCategory.ALLERGY, "a1", 1, "Penicillin", t.minus(Duration.ofDays(5))),
                entry(HistoryCategory.IMMUNIZATION, "i1", 1, "Influenza", t.minus(Duration.ofDays(30))),
                entry(HistoryCategory.VITAL, "v1", 1, "Systolic blood pressure", t.minus(Duration.ofHours(2))));
        assertThat(history(m, HistoryCategory.PROBLEM)).extracting(HistoryEntryView::name)
                .containsExactly("Asthma", "Migraine", "Hypertension");
        assertThat(history(m, HistoryCategory.ALLERGY)).extracting(HistoryEntryView::name).containsExactly("Penicillin");
        HistoryEntryView vital = history(m, HistoryCategory.VITAL).get(0);
        assertThat(vital.value()).isEqualTo("128");
        assertThat(vital.unit()).isEqualTo("mmHg");
        assertThat(vital.source()).isEqualTo(EntrySource.CLINIC);
        assertThat(vital.status()).isEqualTo(EntryStatus.RECORDED);
        assertThat(history(m, HistoryCategory.IMMUNIZATION)).hasSize(1);
        refused(AccessDeniedException.class, () -> records().importHistory(DESK, m.patient(),
                new ImportHistory(List.of(entry(HistoryCategory.PROBLEM, "p4", 1, "Gout", t)))));
    }

    @Test
    @DisplayName("HH-1 the patient reads the after-visit summaries scheduling recorded, newest first")
    void visitSummaries() {
        Member m = member();
        var scheduling = portal.scheduling();
        var department = scheduling.createDepartment(DESK, new CreateDepartment(unique("Family "),
                ZoneId.of("America/New_York")));
        var provider = scheduling.createProvider(DESK, new CreateProvider(unique("Dr. ")));
        var type = scheduling.createVisitType(DESK, new CreateVisitType(unique("Visit "), Duration.ofMinutes(30),
                true, PatientEligibility.ANY));
        LocalDateTime start = LocalDateTime.ofInstant(clock.instant(), department.zone()).plusDays(2).withHour(9)
                .withMinute(0);
        var slot = scheduling.openSlot(DESK, new OpenSlot(provider.id(), department.id(), start, Duration.ofMinutes(30),
                Set.of(type.id())));
        var visit = scheduling.book(m.actor(), m.patient(), new BookAppointment(slot.id(), type.id(), null));
        clock.advance(Duration.ofDays(3));
        scheduling.markCompleted(DESK, m.patient(), visit.appointmentId());
        scheduling.recordVisitSummary(CLINICIAN, m.patient(), visit.appointmentId(), new RecordVisitSummary("Rest and fluids.",
                List.of(new Diagnosis("J06.9", "Upper respiratory infection"))));
        List<VisitSummaryView> visits = all(r -> records().visitSummaries(m.actor(), m.patient(), r));
        assertThat(visits).hasSize(1);
        assertThat(visits.get(0).appointmentId()).isEqualTo(visit.appointmentId());
        assertThat(visits.get(0).summary()).isEqualTo("Rest and fluids.");
        assertThat(visits.get(0).diagnoses()).extracting(Diagnosis::code).containsExactly("J06.9");
    }

    @Test
    @DisplayName("HH-2 a patient reports an allergy: shown as reported by the patient, pending review, until a clinician accepts it")
    void reportAccepted() {
        Member m = member();
        HistoryEntryView reported = records().report(m.actor(), m.patient(), new ReportEntry(HistoryCategory.ALLERGY,
                "Peanuts", "hives", null));
        assertThat(reported.source()).isEqualTo(EntrySource.PATIENT);
        assertThat(reported.status()).isEqualTo(EntryStatus.PENDING_REVIEW);
        assertThat(history(m, HistoryCategory.ALLERGY)).containsExactly(reported);
        refused(NotFoundException.class, () -> records().accept(m.actor(), m.patient(), reported.id()));
        HistoryEntryView accepted = records().accept(CLINICIAN, m.patient(), reported.id());
        assertThat(accepted.status()).isEqualTo(EntryStatus.ACCEPTED);
        assertThat(history(m, HistoryCategory.ALLERGY)).extracting(HistoryEntryView::status)
                .containsExactly(EntryStatus.ACCEPTED);
        refused(ConflictException.class, () -> records().decline(CLINICIAN, m.patient(), reported.id(), "late"));
    }

    @Test
    @DisplayName("HH-2 a clinician declines a reported medication with a reason; the patient sees the outcome; a clinic entry is not reviewable")
    void reportDeclined() {
        Member m = member();
        HistoryEntryView reported = records().report(m.actor(), m.patient(), new ReportEntry(HistoryCategory.MEDICATION,
                "St John's wort", "300 mg daily", today().minusDays(30)));
        HistoryEntryView declined = records().decline(CLINICIAN, m.patient(), reported.id(), "not_confirmed");
        assertThat(declined.status()).isEqualTo(EntryStatus.DECLINED);
        assertThat(history(m, HistoryCategory.MEDICATION)).extracting(HistoryEntryView::reviewReason)
                .containsExactly("not_confirmed");
        loadHistory(m, entry(HistoryCategory.PROBLEM, "p1", 1, "Asthma", clock.instant()));
        HistoryEntryView clinic = history(m, HistoryCategory.PROBLEM).get(0);
        refused(ConflictException.class, () -> records().accept(CLINICIAN, m.patient(), clinic.id()));
    }

    @Test
    @DisplayName("HH-3 a re-sent version changes nothing and is not audited again; an older one never overwrites a newer one; a higher one does")
    void versionOrdered() {
        Member m = member();
        Instant t = clock.instant();
        HistoryRecord v2 = entry(HistoryCategory.ALLERGY, "a1", 2, "Penicillin", t);
        loadHistory(m, v2);
        long before = audit(m.patient()).stream().filter(e -> e.action() == AuditAction.UPDATE).count();
        assertThat(records().importHistory(FEED, m.patient(), new ImportHistory(List.of(v2))))
                .isEqualTo(new HistoryImported(1, 0));
        assertThat(records().importHistory(FEED, m.patient(), new ImportHistory(List.of(
                entry(HistoryCategory.ALLERGY, "a1", 1, "Amoxicillin", t))))).isEqualTo(new HistoryImported(1, 0));
        assertThat(audit(m.patient()).stream().filter(e -> e.action() == AuditAction.UPDATE).count()).isEqualTo(before);
        assertThat(history(m, HistoryCategory.ALLERGY)).extracting(HistoryEntryView::name).containsExactly("Penicillin");
        loadHistory(m, entry(HistoryCategory.ALLERGY, "a1", 3, "Penicillin G", t));
        assertThat(history(m, HistoryCategory.ALLERGY)).extracting(HistoryEntryView::name)
                .containsExactly("Penicillin G");
    }

    @Test
    @DisplayName("HH-3 an entry entered in error leaves the patient's view, never the audit trail")
    void enteredInError() {
        Member m = member();
        Instant t = clock.instant();
        loadHistory(m, entry(HistoryCategory.PROBLEM, "p1", 1, "Diabetes", t));
        List<AuditEvent> before = audit(m.patient());
        loadHistory(m, new HistoryRecord(HistoryCategory.PROBLEM, "p1", 2, null, "Diabetes", null, null, null, t, true));
        assertThat(history(m, HistoryCategory.PROBLEM)).isEmpty();
        assertThat(audit(m.patient())).hasSizeGreaterThan(before.size()).startsWith(before.toArray(new AuditEvent[0]));
    }
}

package org.patientportal.core.medications;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PortalException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.records.HistoryRecord;
import org.patientportal.core.records.ImportHistory;
import org.patientportal.core.records.ReportEntry;
import org.patientportal.core.testing.LogCapture;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.HistoryCategory;

/**
 * LG-1: with every logger at TRACE, a day of medications and health records (imports, list, refused
 * and accepted refills, decisions, reports, bad input, denials) logs no medication name, dose,
 * instruction, problem, allergy, reaction or vital value, and no exception message carries one.
 */
@OnEveryStorage
@DisplayName("Medications and health records logging (LG-1)")
class MedicationsLogCaptureSuite extends MedicationsFixture {
    private static final List<String> SECRETS = List.of("Secretrophen", "77 mg", "chew thrice at dawn",
            "Moonpox", "Glitter allergy", "purple spots", "Vitalux", "131313");

    @Test
    @DisplayName("LG-1 no drug name, dose, problem, allergy or vital value in any log line or exception message")
    void nothingLeaks() {
        List<PortalException> thrown = new ArrayList<>();
        try (LogCapture capture = LogCapture.everythingAtTrace("medications-lg1")) {
            Member m = member();
            Member stranger = member();
            Rx rx = rx();
            rx.medication = "Secretrophen";
            rx.instructions = "chew thrice at dawn";
            rx.lastFilled = today().minusDays(5);
            PrescriptionRecord base = rx.build();
            PrescriptionRecord record = new PrescriptionRecord(base.sourceId(), 1, base.medication(), null, "77 mg",
                    base.instructions(), 30, 30, 2, base.writtenOn(), base.expiresOn(), base.prescriber(),
                    base.schedule(), null, base.lastFilledOn(), base.status());
            load(m, record);
            MedicationView line = line(m, "Secretrophen");
            thrown.add(refused(RuleViolationException.class, () -> meds().requestRefill(m.actor(), m.patient(),
                    new RequestRefill(line.id(), null, null))));
            thrown.add(refused(NotFoundException.class, () -> meds().medications(stranger.actor(), m.patient(),
                    org.patientportal.core.PageRequest.first(5))));
            PrescriptionRecord bad = new PrescriptionRecord("src-bad", 1, "Secretrophen", null, "77 mg",
                    "chew thrice at dawn".repeat(100), 30, 0, 2, base.writtenOn(), base.writtenOn().minusDays(1),
                    "Dr", base.schedule(), null, null, base.status());
            thrown.add(refused(InvalidRequestException.class, () -> load(m, bad)));
            clock.advance(java.time.Duration.ofDays(30));
            RefillRequestView request = meds().requestRefill(m.actor(), m.patient(),
                    new RequestRefill(line.id(), null, "key-1"));
            meds().approveRefill(CLINICIAN, m.patient(), request.id());
            thrown.add(refused(ConflictException.class, () -> meds().denyRefill(CLINICIAN, m.patient(), request.id(),
                    "late")));
            dispatchTo(m);
            Instant t = clock.instant();
            records().importHistory(FEED, m.patient(), new ImportHistory(List.of(
                    new HistoryRecord(HistoryCategory.PROBLEM, "p1", 1, null, "Moonpox", "active", null, null, t, false),
                    new HistoryRecord(HistoryCategory.VITAL, "v1", 1, null, "Vitalux", null, "131313", "mmHg", t,
                            false))));
            thrown.add(refused(InvalidRequestException.class, () -> records().importHistory(FEED, m.patient(),
                    new ImportHistory(List.of(new HistoryRecord(HistoryCategory.VITAL, "v2", 1, null, "Vitalux", null,
                            "131313", null, t, false))))));
            var reported = records().report(m.actor(), m.patient(), new ReportEntry(HistoryCategory.ALLERGY,
                    "Glitter allergy", "purple spots", null));
            records().accept(CLINICIAN, m.patient(), reported.id());
            thrown.add(refused(ConflictException.class, () -> records().accept(CLINICIAN, m.patient(), reported.id())));
            history(m, HistoryCategory.ALLERGY);

            assertThat(capture.events()).as("the day logs something (else the check proves nothing)").isNotEmpty();
            for (ILoggingEvent event : capture.events()) {
                String line2 = capture.render(event);
                for (String secret : SECRETS) {
                    assertThat(line2).as("log line").doesNotContain(secret);
                }
            }
        }
        for (PortalException e : thrown) {
            for (String secret : SECRETS) {
                assertThat(String.valueOf(e.getMessage())).doesNotContain(secret);
                assertThat(e.toString()).doesNotContain(secret);
            }
        }
    }
}

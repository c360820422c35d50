package org.patientportal.core.medications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.PageRequest;
import org.patientportal.core.records.HistoryRecord;
import org.patientportal.core.records.ImportHistory;
import org.patientportal.core.records.ReportEntry;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PharmacyId;

/**
 * IN-2 for medications and health records: every command is validated before anything is read or
 * written, every violation comes back at once with its field path, and a refused command changes
 * nothing (the patient's list, requests and the outbox stay as they were; the only new audit event
 * is the FAILED one).
 */
@OnEveryStorage
@DisplayName("Medications and health records bad input (IN-2)")
class MedicationsBadInputSuite extends MedicationsFixture {

    private static List<String> paths(InvalidRequestException e) {
        return e.violations().stream().map(Violation::path).toList();
    }

    @Test
    @DisplayName("IN-2 an import with absurd quantities, a zero days-of-supply, expiry before written, a 100,000-character instruction and an unknown pharmacy: every violation, nothing stored")
    void badPrescriptions() {
        Member m = member();
        Rx absurd = rx();
        Rx zeroDays = rx();
        zeroDays.daysSupply = 0;
        Rx backwards = rx();
        backwards.expires = backwards.written.minusDays(1);
        Rx longText = rx();
        longText.instructions = "x".repeat(100_000);
        PrescriptionRecord negative = new PrescriptionRecord(absurd.sourceId, -1, absurd.medication, null, "1 mg",
                "daily", -5, 30, 1_000, absurd.written, absurd.expires, "Dr. A", absurd.schedule, null, null,
                absurd.status);
        Map<OutboxStatus, Long> outbox = outboxCounts();
        InvalidRequestException e = refused(InvalidRequestException.class, () -> load(m, negative, zeroDays.build(),
                backwards.build(), longText.build()));
        assertThat(paths(e)).contains("prescriptions[0].sourceVersion", "prescriptions[0].quantity",
                "prescriptions[0].refillsRemaining", "prescriptions[1].daysSupply", "prescriptions[2].expiresOn",
                "prescriptions[3].instructions");
        assertThat(e.getMessage()).doesNotContain(absurd.medication, "xxxxxxxxxx");
        Rx unknownPharmacy = rx();
        unknownPharmacy.pharmacy = PharmacyId.newId();
        InvalidRequestException unknown = refused(InvalidRequestException.class, () -> load(m, rx().build(),
                unknownPharmacy.build()));
        assertThat(paths(unknown)).containsExactly("prescriptions[1].pharmacyId");
        assertThat(list(m)).isEmpty();
        assertThat(outboxCounts()).isEqualTo(outbox);
        refused(InvalidRequestException.class, () -> meds().importPrescriptions(FEED, m.patient(),
                new ImportPrescriptions(List.of())));
        refused(InvalidRequestException.class, () -> meds().importPrescriptions(FEED, m.patient(), null));
        List<PrescriptionRecord> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(rx().build());
        }
        assertThat(paths(refused(InvalidRequestException.class, () -> meds().importPrescriptions(FEED, m.patient(),
                new ImportPrescriptions(tooMany))))).containsExactly("prescriptions");
        assertThat(list(m)).isEmpty();
    }

    @Test
    @DisplayName("IN-2 a unit-less vital, a vital without a value and a medication in the history import: every violation, nothing stored")
    void badHistory() {
        Member m = member();
        Instant t = clock.instant();
        HistoryRecord noUnit = new HistoryRecord(HistoryCategory.VITAL, "v1", 1, null, "Pulse", null, "72", null, t, false);
        HistoryRecord noValue = new HistoryRecord(HistoryCategory.VITAL, "v2", 1, null, "Pulse", null, null, "bpm", t,
                false);
        HistoryRecord medication = new HistoryRecord(HistoryCategory.MEDICATION, "m1", 1, null, "X", null, null, null,
                t, false);
        HistoryRecord blank = new HistoryRecord(HistoryCategory.PROBLEM, " ", -1, null, "", null, null, null, null, false);
        InvalidRequestException e = refused(InvalidRequestException.class, () -> records().importHistory(FEED,
                m.patient(), new ImportHistory(Arrays.asList(noUnit, noValue, medication, blank))));
        assertThat(paths(e)).contains("entries[0].unit", "entries[1].value", "entries[2].category",
                "entries[3].sourceId", "entries[3].sourceVersion", "entries[3].name", "entries[3].effectiveAt");
        assertThat(history(m, HistoryCategory.VITAL)).isEmpty();
        assertThat(history(m, HistoryCategory.PROBLEM)).isEmpty();
        assertThat(paths(refused(InvalidRequestException.class, () -> records().report(m.actor(), m.patient(),
                new ReportEntry(HistoryCategory.VITAL, "Pulse", null, today().plusDays(3))))))
                .containsExactlyInAnyOrder("category", "since");
    }

    @Test
    @DisplayName("IN-2 bad refill commands, page requests and cursors are refused with their paths and change nothing")
    void badRefillCommands() {
        Member m = member();
        MedicationView line = imported(m, rx());
        List<AuditEvent> before = audit(m.patient());
        assertThat(paths(refused(InvalidRequestException.class, () -> meds().requestRefill(m.actor(), m.patient(),
                new RequestRefill(null, null, "k".repeat(256)))))).containsExactlyInAnyOrder("prescriptionId",
                "idempotencyKey");
        assertThat(paths(refused(InvalidRequestException.class, () -> meds().denyRefill(CLINICIAN, m.patient(), null,
                "Not A Code")))).containsExactlyInAnyOrder("request", "reasonCode");
        assertThat(paths(refused(InvalidRequestException.class, () -> meds().medications(m.actor(), m.patient(),
                new PageRequest(null, 0))))).containsExactly("page.size");
        assertThat(paths(refused(InvalidRequestException.class, () -> meds().medications(m.actor(), m.patient(),
                PageRequest.after("%%%not-base64", 5))))).containsExactly("page.cursor");
        assertThat(paths(refused(InvalidRequestException.class, () -> records().history(m.actor(), m.patient(),
                HistoryCategory.ALLERGY, PageRequest.after(
                        java.util.Base64.getUrlEncoder().encodeToString("p1.hh-allergy.99999999999999.1.x"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 5)))))
                .containsExactly("page.cursor");
        assertThat(paths(refused(InvalidRequestException.class, () -> records().history(m.actor(), m.patient(), null,
                PageRequest.first(5))))).containsExactly("category");
        assertThat(paths(refused(InvalidRequestException.class, () -> meds().addPharmacy(DESK,
                new AddPharmacy("", "1 Main", "call me", "12"))))).containsExactlyInAnyOrder("name", "phone", "ncpdpId");
        assertThat(requestsOf(m.patient())).isEmpty();
        assertThat(line(m, line.medication()).refillability()).isEqualTo(Refillability.NOW);
        assertThat(audit(m.patient()).subList(0, before.size())).isEqualTo(before);
    }
}

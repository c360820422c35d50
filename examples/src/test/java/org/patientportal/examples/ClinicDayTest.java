package org.patientportal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;

class ClinicDayTest {

    @Test
    @DisplayName("the clinic's day runs end to end and prints the patient's audit trail")
    void runsTheDay(@TempDir Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<AuditEvent> trail;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            trail = ClinicDay.run(folder.resolve("db"), out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed)
                .contains("front desk registered patient")
                .contains("[EMAIL to ")                       // the activation code email, printed by the console sender
                .contains("the patient typed the code from the email")
                .contains("patient signed up with the emailed code")
                .contains("patient logged in")
                .contains("a request was authenticated")
                .contains("patient changed the password")
                .contains("as PARENT: [APPOINTMENTS, MEDICATIONS, RESULTS, MESSAGING, RECORDS]")
                .contains("as PARENT: [APPOINTMENTS, MEDICATIONS, RECORDS]")      // from the 12th birthday
                .contains("reading the son's notification preferences was refused: not_found")
                .contains("reading the father's notification preferences was refused: not_found")
                .contains("slots for the week of 2027-09-13 from a weekly template")
                .contains("patient booked 2027-09-13T09:00-04:00[America/New_York] and 2027-09-14T09:00-04:00[America/New_York]")
                .contains("Your appointment is confirmed")
                .contains("You have an upcoming appointment")          // the 7-day reminder (SC-6)
                .contains("patient moved the Monday visit to 2027-09-15T10:00-04:00[America/New_York]")
                .contains("refused: inside_cutoff")
                .contains("please call the office")
                .contains("[COMPLETED] summary: Blood pressure is better")
                .contains("imported a metabolic panel: released at once")
                .contains("Glucose 182 mg/dL (70-99) [HIGH]")
                .contains("You have a new test result")
                .contains("the clinician held the chest X-ray")
                .contains("Chest X-ray, 2 views held: discuss the finding in person first")
                .contains("released the chest X-ray with a comment")
                .contains("one second before: visible to the patient: false")
                .contains("at the release instant: visible to the patient: true")
                .contains("A test result was updated")
                .contains("Basic metabolic panel [CORRECTED, corrected]")
                .contains("earlier version 1 [FINAL]: Potassium 4.1 mmol/L (3.5-5.1)")
                .contains("trend of glucose (2345-7), oldest first: [105 mg/dL, 126 mg/dL, 182 mg/dL]")
                .contains("every chain intact");
        assertThat(printed.lines().filter(line -> line.contains("as CAREGIVER"))).hasSize(2); // gone after 18 months
        assertThat(trail).isNotEmpty();
        // the one refusal of the day: cancelling inside the 24-hour cutoff (SC-4), audited as FAILED
        assertThat(trail).filteredOn(e -> e.outcome() != AuditOutcome.SUCCESS).singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
                    assertThat(e.reason()).isEqualTo("inside_cutoff");
                });
        assertThat(trail).extracting(AuditEvent::sequence).isSorted();
        // LG-1 also holds for what the example prints: no password, name or birth date.
        assertThat(printed).doesNotContain("correct horse", "Dana", "Rivers", "1984-02-29");
    }
}

package org.patientportal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.messaging.Messaging;
import org.junit.jupiter.api.io.TempDir;
import org.patientportal.core.audit.AuditEntry;
import org.patientportal.model.AuditOutcome;

class ClinicDayTest {

    @Test
    @DisplayName("the clinic's day runs end to end and prints the patient's audit trail")
    void runsTheDay(@TempDir Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<AuditEntry> trail;
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
                .contains("the record system imported 3 prescriptions; re-sent, 0 changed (RF-5)")
                .contains("med: Lisinopril 10 mg, 5 refill(s) left: refillable now")
                .contains("med: Amoxicillin 500 mg, 0 refill(s) left: inactive")
                .contains("the Atorvastatin refill was refused: too_early; it can be refilled from 2027-11-02")
                .contains("patient asked for a Lisinopril refill at Main Street Drugs [REQUESTED]")
                .contains("queue: Lisinopril 10 mg, 5 refill(s) left")
                .contains("the clinician approved the refill [APPROVED]; Lisinopril now has 4 refill(s) left")
                .contains("Your refill request has an update. Log in to see it.")      // NT-3: no drug name
                .contains("patient reported an allergy [PATIENT, PENDING_REVIEW]")
                .contains("allergy: Penicillin (hives) reported by PATIENT [ACCEPTED]")
                .contains("every chain intact")
                .contains("compose screen notice: " + Messaging.URGENT_NOTICE)
                .contains("patient asked a medication question; reply due by 2027-09-22T00:00-04:00[America/New_York]")
                .contains("nurse line inbox: thread")
                .contains("A patient sent a new message to your pool")
                .contains("answered, within the reply-by time")
                .contains("You have a new message from your care team")
                .contains("unread: patient 1, nurse line 0")
                .contains("after the patient read the answer: patient 0, nurse line 0")
                .contains("a message about chest pain was refused: possibly_urgent: " + Messaging.URGENT_NOTICE)
                .contains("the patient confirmed a flagged message is not urgent; it was sent")
                .contains("the parent wrote to the nurse line for the 7-year-old daughter")
                .contains("unread: nurse line 2, patient 0")
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
                .contains("trend of glucose (2345-7), oldest first: [105 mg/dL, 126 mg/dL, 182 mg/dL]");
        assertThat(printed.lines().filter(line -> line.contains("as CAREGIVER"))).hasSize(2); // gone after 18 months
        assertThat(trail).isNotEmpty();
        // the refusals of the day, audited as FAILED: cancelling inside the 24-hour cutoff (SC-4), a refill
        // asked for too early (RF-2) and a message that looked urgent (MS-2); the confirmation that the next
        // one was not urgent is audited too
        assertThat(trail).filteredOn(e -> e.outcome() != AuditOutcome.SUCCESS)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED))
                .extracting(AuditEntry::reason).containsExactlyInAnyOrder("inside_cutoff", "too_early", "possibly_urgent");
        assertThat(trail).anySatisfy(e -> assertThat(e.reason()).isEqualTo("confirmed_not_urgent"));
        assertThat(trail).extracting(AuditEntry::sequence).isSorted();
        // LG-1 also holds for what the example prints: no password, name or birth date.
        assertThat(printed).doesNotContain("correct horse", "Dana", "Rivers", "1984-02-29");
    }
}

package org.patientportal.core.scheduling;

import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PortalException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.testing.LogCapture;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.Appointment;
import org.patientportal.model.Department;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.Provider;
import org.patientportal.model.Slot;
import org.patientportal.model.VisitType;

/**
 * LG-1 and LG-2 for scheduling: every logger at TRACE, a scheduling scenario through the public
 * API (book, refused cancel, reschedule, denied access, completed visit with summary and diagnoses,
 * past visits), then no log line and no exception the caller saw holds the visit summary, a
 * diagnosis, a provider, department or visit-type name; the denial is logged as a security event.
 */
@OnEveryStorage
@DisplayName("Scheduling log capture (LG-1, LG-2)")
class SchedulingLogCaptureSuite extends SchedulingFixture {
    private static final String SUMMARY = "Zorbulax regimen twice daily; revisit Quintrelle findings";
    private static final String DIAGNOSIS = "Plumbago syndrome of the Vexmoor type";
    private static final String PROVIDER = "Dr. Ysolde Fenwright";
    private static final String DEPARTMENT = "Marrowgate Oncology";
    private static final String VISIT_TYPE = "Quarterly chemotherapy review";

    private LogCapture capture;

    @BeforeEach
    void captureEverythingAtTrace() {
        capture = LogCapture.everythingAtTrace("scheduling-log-capture");
    }

    @AfterEach
    void restoreLogging() {
        capture.close();
    }

    @Test
    @DisplayName("LG-1/LG-2 scheduling logs no visit summary, diagnosis, provider, department or visit-type name; a denial is a security event")
    void noPhiInLogs() {
        List<PortalException> thrown = new ArrayList<>();
        DepartmentView department = scheduling().createDepartment(DESK, new CreateDepartment(DEPARTMENT, NEW_YORK));
        ProviderView provider = scheduling().createProvider(DESK, new CreateProvider(PROVIDER));
        VisitTypeView type = scheduling().createVisitType(DESK, new CreateVisitType(VISIT_TYPE, HALF_HOUR, true,
                PatientEligibility.ANY));
        Clinic clinic = new Clinic(department, provider, type);
        Member patient = member();
        Member stranger = member();
        Slot first = slot(clinic, LocalDateTime.of(2026, 3, 10, 9, 0));
        Slot second = slot(clinic, LocalDateTime.of(2026, 3, 12, 9, 0));
        Appointment booked = book(patient, first, clinic);
        thrown.add(refused(NotFoundException.class, () -> row(scheduling().cancel(stranger.actor(), patient.patient(),
                new CancelAppointment(booked.id(), null)))));
        clock.set(first.start().minus(Duration.ofHours(1)));
        thrown.add(refused(RuleViolationException.class, () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(booked.id(), null)))));
        clock.set(first.end());
        row(scheduling().markCompleted(DESK, patient.patient(), booked.id()));
        scheduling().recordVisitSummary(CLINICIAN, patient.patient(), booked.id(),
                new RecordVisitSummary(SUMMARY, List.of(new Diagnosis("C81.90", DIAGNOSIS))));
        thrown.add(refused(RuleViolationException.class, () -> scheduling().recordVisitSummary(CLINICIAN,
                patient.patient(), row(scheduling().reschedule(DESK, patient.patient(), new Reschedule(
                        book(patient, slot(clinic, LocalDateTime.of(2026, 3, 11, 9, 0)), clinic).id(), second.id(),
                        null))).id(), new RecordVisitSummary(SUMMARY, List.of(new Diagnosis("C81.90", DIAGNOSIS))))));
        assertThat(scheduling().past(patient.actor(), patient.patient(), new PageRequest(null, 10)).items().get(0).summary())
                .isEqualTo(SUMMARY);
        scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 10));
        dispatch();

        List<ILoggingEvent> events = capture.events();
        assertThat(events).as("the SDK logged something").isNotEmpty();
        Set<String> secrets = Set.of(SUMMARY, "Zorbulax", "Quintrelle", DIAGNOSIS, "Plumbago", PROVIDER, "Fenwright",
                DEPARTMENT, "Marrowgate", VISIT_TYPE, "chemotherapy", patient.email());
        for (ILoggingEvent event : events) {
            String line = capture.render(event).toLowerCase(Locale.ROOT);
            for (String secret : secrets) {
                assertThat(line).as("LG-1 a log line holds PHI (%d chars)", secret.length())
                        .doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
        for (PortalException e : thrown) {
            String text = (e.getMessage() + " " + e).toLowerCase(Locale.ROOT);
            for (String secret : secrets) {
                assertThat(text).as("an exception holds PHI").doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
        assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
                .as("LG-2 the denied cancel is a security event")
                .anySatisfy(m -> assertThat(m).contains("event=access", "outcome=denied", "cancel"));
    }

}

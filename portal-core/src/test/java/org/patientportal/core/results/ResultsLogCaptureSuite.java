package org.patientportal.core.results;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PortalException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.testing.LogCapture;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;
import org.patientportal.spi.notification.Notification;

/**
 * LG-1 and NT-3 for results: every logger at TRACE, a results scenario through the public API
 * (imports, a correction, a hold and release with a comment, a denied proxy, refused input, reads,
 * trend, dispatch), then no log line, no exception message the caller saw and no notification holds
 * the test name, a value, a unit, the report text, the hold reason or the comment.
 */
@OnEveryStorage
@DisplayName("Results logs and notifications (LG-1, NT-3)")
class ResultsLogCaptureSuite extends ResultsFixture {
    private static final String TEST_NAME = "Quintrelle antibody titre";
    private static final String COMPONENT = "Zorbulax level";
    private static final String VALUE = "7316.25";
    private static final String UNIT = "vexu/mL";
    private static final String REPORT = "Marrowgate lesion of the Vexmoor type";
    private static final String REASON = "Plumbago concern";
    private static final String COMMENT = "Fenwright follow-up";

    private LogCapture capture;

    @BeforeEach
    void captureEverythingAtTrace() {
        capture = LogCapture.everythingAtTrace("results-log-capture");
    }

    @AfterEach
    void restoreLogging() {
        capture.close();
    }

    @Test
    @DisplayName("LG-1 NT-3 results log and notify no test name, value, unit, report text, hold reason or comment")
    void noPhiInLogs() {
        List<PortalException> thrown = new ArrayList<>();
        Member patient = member();
        Member stranger = member();
        ImportResult.Component component = ImportResult.Component.numeric("99999-9", COMPONENT, new BigDecimal(VALUE),
                UNIT, new BigDecimal("1"), new BigDecimal("10"), AbnormalFlag.CRITICALLY_HIGH);
        ImportResult first = new ImportResult("LOG-1", 1, ResultKind.LAB_PANEL, "Q-1", TEST_NAME, "Dr. Okafor",
                clock.instant().minus(Duration.ofHours(3)), clock.instant(), ResultStatus.FINAL, REPORT,
                List.of(component));
        Imported imported = importAs(FEED, patient, first);
        results().markRead(patient.actor(), patient.patient(), imported.id());
        importAs(FEED, patient, new ImportResult("LOG-1", 2, ResultKind.LAB_PANEL, "Q-1", TEST_NAME, "Dr. Okafor",
                first.collectedAt(), first.resultedAt(), ResultStatus.CORRECTED, REPORT, List.of(component)));
        results().hold(CLINICIAN, patient.patient(), imported.id(), new HoldResult(REASON));
        thrown.add(refused(NotFoundException.class, () -> results().detail(patient.actor(), patient.patient(),
                imported.id())));
        thrown.add(refused(NotFoundException.class, () -> results().detail(stranger.actor(), patient.patient(),
                imported.id())));
        results().release(CLINICIAN, patient.patient(), imported.id(), new ReleaseResult(COMMENT));
        thrown.add(refused(RuleViolationException.class, () -> results().release(CLINICIAN, patient.patient(),
                imported.id(), new ReleaseResult(COMMENT))));
        thrown.add(refused(InvalidRequestException.class, () -> importAs(FEED, patient, new ImportResult("LOG-2", 1,
                ResultKind.LAB_PANEL, "Q-1", TEST_NAME, "Dr. Okafor", first.collectedAt(),
                first.collectedAt().minusSeconds(1), ResultStatus.FINAL, REPORT, List.of(new ImportResult.Component(
                "99999-9", COMPONENT, new BigDecimal(VALUE), null, null, null, new BigDecimal("10"),
                new BigDecimal("1"), null, null))))));
        results().detail(patient.actor(), patient.patient(), imported.id());
        results().version(patient.actor(), patient.patient(), imported.id(), 1);
        results().trend(patient.actor(), patient.patient(), "99999-9", PageRequest.first(5));
        List<Notification> sent = dispatchTo(patient);
        assertThat(sent).isNotEmpty();

        List<String> secrets = List.of(TEST_NAME, COMPONENT, VALUE, UNIT, REPORT, REASON, COMMENT);
        assertThat(capture.events()).isNotEmpty();
        for (ILoggingEvent event : capture.events()) {
            String line = capture.render(event);
            for (String secret : secrets) {
                assertThat(line).as("log line").doesNotContain(secret);
            }
        }
        for (PortalException e : thrown) {
            for (String secret : secrets) {
                assertThat(e.getMessage()).doesNotContain(secret);
                assertThat(String.valueOf(e)).doesNotContain(secret);
            }
        }
        for (Notification n : sent) {
            for (String secret : secrets) {
                assertThat(n.subject() + n.body()).doesNotContain(secret);
            }
        }
    }
}

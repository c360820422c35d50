package org.patientportal.examples;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.patientportal.core.Actor;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.auth.Session;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.results.ComponentView;
import org.patientportal.core.results.HoldResult;
import org.patientportal.core.results.ImportResult;
import org.patientportal.core.results.ImportResult.Component;
import org.patientportal.core.results.Imported;
import org.patientportal.core.results.ReleaseResult;
import org.patientportal.core.results.ResultDetail;
import org.patientportal.core.results.ResultSummary;
import org.patientportal.core.results.ResultsPolicy;
import org.patientportal.core.results.TrendPoint;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;

/**
 * The test results chapter of {@link ClinicDay} (RS-1..RS-8): the lab's record system imports a
 * metabolic panel, released at once with one high value; a chest X-ray is held by the clinician and
 * released with a comment; an HIV antibody test waits for the host's three-day category delay and
 * appears (and notifies) at its instant on the demo clock; the potassium of the panel is corrected
 * and keeps its history; the patient reads a trend of three glucose values.
 */
final class ResultsChapter {
    /** The order code the demo host delays by law (an HIV antibody test). */
    static final String HIV_ORDER = "87389";
    /** The demo host's category delay. */
    static final Duration HIV_DELAY = Duration.ofDays(3);

    private static final String GLUCOSE = "2345-7";
    private static final String POTASSIUM = "2823-3";

    private ResultsChapter() {
    }

    /** The host's results policy: a three-day delay for HIV antibody results (RS-2, a state law). */
    static ResultsPolicy policy() {
        return ResultsPolicy.defaults().withCategoryDelay(Set.of(HIV_ORDER), HIV_DELAY);
    }

    /** Plays the chapter from 2027-09-16 on. */
    static void play(Portal portal, PrintStream out, DemoClock clock, PatientId patient) {
        Actor lab = Actor.staff("lab-feed", Role.INTEGRATION);
        Actor clinician = Actor.staff("dr-okafor", Role.CLINICIAN);
        out.println("== Test results (RS-1..RS-8)");

        clock.set(LocalDateTime.of(2027, 9, 16, 7, 0));
        portal.results().importResult(lab, patient, glucose("LAB-0601",
                LocalDateTime.of(2027, 6, 1, 8, 0).atZone(clock.getZone()).toInstant(), "105"));
        portal.results().importResult(lab, patient, glucose("LAB-0802",
                LocalDateTime.of(2027, 8, 2, 8, 0).atZone(clock.getZone()).toInstant(), "126"));
        say(out, clock, "the record system sent two earlier fasting glucose results");
        dispatch(portal, out, clock);

        clock.set(LocalDateTime.of(2027, 9, 16, 7, 30));
        Instant drawn = clock.instant().minus(Duration.ofHours(2));
        Imported panel = portal.results().importResult(lab, patient, metabolicPanel(1, drawn, "4.1",
                AbnormalFlag.NORMAL, ResultStatus.FINAL));
        say(out, clock, "the lab's record system imported a metabolic panel: released at once (RS-2)");
        dispatch(portal, out, clock);
        Session session = logIn(portal, out, clock);
        Actor me = portal.auth().authenticate(session.token());
        print(out, portal.results().detail(me, patient, panel.id()));
        portal.results().markRead(me, patient, panel.id());

        Imported xray = portal.results().importResult(lab, patient, new ImportResult("RAD-2207", 1,
                ResultKind.IMAGING, "71046", "Chest X-ray, 2 views", "Dr. A. Okafor", drawn, clock.instant(),
                ResultStatus.FINAL, "Findings: a 2 cm nodule in the right upper lobe. Impression: CT recommended.",
                List.of()));
        portal.results().hold(clinician, patient, xray.id(), new HoldResult("discuss the finding in person first"));
        say(out, clock, "the clinician held the chest X-ray (harm prevention); its notification is withdrawn");
        dispatch(portal, out, clock);
        say(out, clock, "the patient sees " + portal.results().list(me, patient, PageRequest.first(10)).items().size()
                + " results; the clinician sees " + portal.results().list(clinician, patient, PageRequest.first(10))
                .items().stream().filter(r -> r.holdReason() != null).map(r -> r.orderName() + " held: "
                        + r.holdReason()).toList());

        clock.set(LocalDateTime.of(2027, 9, 16, 15, 0));
        portal.results().release(clinician, patient, xray.id(), new ReleaseResult(
                "We talked this afternoon; your CT is booked for Monday."));
        say(out, clock, "the clinician released the chest X-ray with a comment (RS-7)");
        dispatch(portal, out, clock);

        Imported hiv = portal.results().importResult(lab, patient, new ImportResult("LAB-HIV-77", 1,
                ResultKind.LAB_PANEL, HIV_ORDER, "HIV-1/2 antibody screen", "Dr. A. Okafor",
                clock.instant().minus(Duration.ofHours(5)), clock.instant(), ResultStatus.FINAL, null,
                List.of(Component.text("75622-1", "HIV 1 and 2 antibody", "Non-reactive", "Non-reactive",
                        AbnormalFlag.NORMAL))));
        Instant releaseAt = clock.instant().plus(HIV_DELAY);
        say(out, clock, "an HIV antibody screen was imported; the host's category delay holds it until "
                + releaseAt.atZone(clock.getZone()).toLocalDateTime());
        clock.set(LocalDateTime.ofInstant(releaseAt.minusSeconds(1), clock.getZone()));
        session = logIn(portal, out, clock);
        me = portal.auth().authenticate(session.token());
        say(out, clock, "one second before: visible to the patient: " + visible(portal, me, patient, hiv));
        dispatch(portal, out, clock);
        clock.advance(Duration.ofSeconds(1));
        say(out, clock, "at the release instant: visible to the patient: " + visible(portal, me, patient, hiv));
        dispatch(portal, out, clock);

        clock.set(LocalDateTime.of(2027, 9, 20, 9, 0));
        portal.results().importResult(lab, patient, metabolicPanel(2, drawn, "5.9", AbnormalFlag.HIGH,
                ResultStatus.CORRECTED));
        say(out, clock, "the lab corrected the panel's potassium (version 2); the patient had read version 1");
        dispatch(portal, out, clock);
        session = logIn(portal, out, clock);
        me = portal.auth().authenticate(session.token());
        ResultDetail corrected = portal.results().detail(me, patient, panel.id());
        print(out, corrected);
        for (var earlier : corrected.earlierVersions()) {
            ResultDetail old = portal.results().version(me, patient, panel.id(), earlier.sourceVersion());
            out.println("      earlier version " + old.sourceVersion() + " [" + old.status() + "]: "
                    + component(old, POTASSIUM));
        }

        List<TrendPoint> trend = portal.results().trend(me, patient, GLUCOSE, PageRequest.first(20)).items();
        out.println("      trend of glucose (" + GLUCOSE + "), oldest first: " + trend.stream()
                .map(p -> p.value().toPlainString() + " " + p.unit() + (p.unitChanged() ? " (unit changed)" : ""))
                .toList());
        for (ResultSummary summary : portal.results().list(me, patient, PageRequest.first(10)).items()) {
            out.println("      result: " + summary.orderName() + " [" + summary.status() + "]"
                    + (summary.unread() ? " unread" : "") + (summary.corrected() ? " corrected" : "")
                    + (summary.abnormal() ? " out of range" : ""));
        }
        portal.auth().logOut(session.token());
    }

    private static ImportResult metabolicPanel(long version, Instant drawn, String potassium, AbnormalFlag flag,
                                               ResultStatus status) {
        return new ImportResult("LAB-1001", version, ResultKind.LAB_PANEL, "80048", "Basic metabolic panel",
                "Dr. A. Okafor", drawn, drawn.plus(Duration.ofHours(1)), status, null, List.of(
                Component.numeric(GLUCOSE, "Glucose", new BigDecimal("182"), "mg/dL", new BigDecimal("70"),
                        new BigDecimal("99"), AbnormalFlag.HIGH),
                Component.numeric(POTASSIUM, "Potassium", new BigDecimal(potassium), "mmol/L", new BigDecimal("3.5"),
                        new BigDecimal("5.1"), flag),
                Component.numeric("2951-2", "Sodium", new BigDecimal("139"), "mmol/L", new BigDecimal("135"),
                        new BigDecimal("145"), AbnormalFlag.NORMAL)));
    }

    private static ImportResult glucose(String sourceId, Instant drawn, String value) {
        return new ImportResult(sourceId, 1, ResultKind.LAB_PANEL, "82947", "Glucose, fasting", "Dr. A. Okafor",
                drawn, drawn.plus(Duration.ofHours(1)), ResultStatus.FINAL, null, List.of(Component.numeric(GLUCOSE,
                "Glucose", new BigDecimal(value), "mg/dL", new BigDecimal("70"), new BigDecimal("99"),
                new BigDecimal(value).compareTo(new BigDecimal("99")) > 0 ? AbnormalFlag.HIGH : AbnormalFlag.NORMAL)));
    }

    private static boolean visible(Portal portal, Actor me, PatientId patient, Imported result) {
        return portal.results().list(me, patient, PageRequest.first(20)).items().stream()
                .anyMatch(r -> r.id().equals(result.id()));
    }

    private static void print(PrintStream out, ResultDetail detail) {
        out.println("      " + detail.orderName() + " [" + detail.status() + (detail.corrected() ? ", corrected" : "")
                + "]: " + detail.components().stream().map(ResultsChapter::component).toList());
    }

    private static String component(ResultDetail detail, String code) {
        return detail.components().stream().filter(c -> c.code().equals(code)).findFirst()
                .map(ResultsChapter::component).orElse("none");
    }

    private static String component(ComponentView c) {
        return c.name() + " " + c.numericValue() + " " + c.unit() + " (" + c.rangeLow() + "-" + c.rangeHigh() + ")"
                + (c.abnormal() ? " [" + c.flag() + "]" : "");
    }

    private static Session logIn(Portal portal, PrintStream out, DemoClock clock) {
        Session session = portal.auth().logIn("drivers", "a much longer passphrase for the portal");
        say(out, clock, "patient logged in");
        return session;
    }

    private static void dispatch(Portal portal, PrintStream out, DemoClock clock) {
        DispatchReport report = portal.notifications().dispatchDue();
        say(out, clock, "the outbox dispatcher delivered " + report.delivered() + " notification(s)");
    }

    private static void say(PrintStream out, DemoClock clock, String line) {
        out.println(clock.local() + "  " + line);
    }
}

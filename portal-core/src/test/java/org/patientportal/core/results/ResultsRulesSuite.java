package org.patientportal.core.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.Races;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;
import org.patientportal.spi.notification.Notification;

/**
 * RS-1 to RS-8 through {@code portal.results()}, with a test clock: import, release at import and
 * under a category delay to the microsecond, holds and their withdrawn notifications, corrections
 * with history, entered in error, proxies, the trend, pages, and the audit of every call. Run on
 * every adapter.
 */
@OnEveryStorage
@DisplayName("Results rules (RS-1..RS-8)")
class ResultsRulesSuite extends ResultsFixture {

    @Test
    @DisplayName("RS-1 a panel is imported with its components: values with units and decimals as sent, ranges, flags; an imaging report with its text")
    void importPanel() {
        Member patient = member();
        Imported imported = importAs(FEED, patient, panel(unique("LAB-"), "182.40"));
        assertThat(imported.outcome()).isEqualTo(ImportOutcome.CREATED);
        ResultDetail detail = results().detail(patient.actor(), patient.patient(), imported.id());
        assertThat(detail.kind()).isEqualTo(ResultKind.LAB_PANEL);
        assertThat(detail.orderName()).isEqualTo("Basic metabolic panel");
        assertThat(detail.status()).isEqualTo(ResultStatus.FINAL);
        assertThat(detail.components()).extracting(ComponentView::code).containsExactly(GLUCOSE, POTASSIUM, "5778-6");
        ComponentView glucose = detail.components().get(0);
        assertThat(glucose.numericValue()).isEqualTo(new BigDecimal("182.40"));
        assertThat(glucose.numericValue().scale()).isEqualTo(2);
        assertThat(glucose.unit()).isEqualTo("mg/dL");
        assertThat(glucose.rangeLow()).isEqualTo(new BigDecimal("70"));
        assertThat(glucose.rangeHigh()).isEqualTo(new BigDecimal("99"));
        assertThat(glucose.flag()).isEqualTo(AbnormalFlag.HIGH);
        assertThat(glucose.abnormal()).isTrue();
        assertThat(detail.components().get(1).numericValue()).isEqualTo(new BigDecimal("4.10"));
        assertThat(detail.components().get(2).textValue()).isEqualTo("Yellow");
        assertThat(detail.components().get(2).rangeText()).isEqualTo("yellow");

        String report = "Lungs are clear. ".repeat(5000);
        Imported xray = importAs(CLINICIAN, patient, imaging(unique("RAD-"), report));
        assertThat(results().detail(patient.actor(), patient.patient(), xray.id()).reportText()).isEqualTo(report);
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::abnormal)
                .containsExactlyInAnyOrder(true, false);
    }

    @Test
    @DisplayName("RS-1 imports take a clinician or the record system (INTEGRATION); front desk and admin are denied, a patient is answered as not found")
    void importRoles() {
        Member patient = member();
        refused(AccessDeniedException.class, () -> importAs(DESK, patient, panel(unique("LAB-"), "90")));
        refused(AccessDeniedException.class, () -> importAs(ADMIN, patient, panel(unique("LAB-"), "90")));
        refused(NotFoundException.class, () -> importAs(patient.actor(), patient, panel(unique("LAB-"), "90")));
        assertThat(listAll(CLINICIAN, patient.patient())).isEmpty();
        importAs(FEED, patient, panel(unique("LAB-"), "90"));
        importAs(CLINICIAN, patient, panel(unique("LAB-"), "91"));
        assertThat(listAll(CLINICIAN, patient.patient())).hasSize(2);
    }

    @Test
    @DisplayName("RS-2 RS-4 released at import by default: visible at once, one notification now, without the test name or a value (NT-3)")
    void releasedAtImport() {
        Member patient = member();
        Imported imported = importAs(FEED, patient, panel(unique("LAB-"), "182.4"));
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactly(imported.id());
        List<Notification> sent = dispatchTo(patient);
        assertThat(kinds(sent)).containsExactly(NotificationKinds.RESULT_RELEASED);
        Notification n = sent.get(0);
        assertThat(n.subject() + " " + n.body()).contains("new test result")
                .doesNotContain("metabolic", "Glucose", "182", "mg/dL", "Potassium", "4.1");
        assertThat(dispatchTo(patient)).as("one notification per release").isEmpty();
    }

    @Test
    @DisplayName("RS-2 RS-6 a category-delayed result appears and notifies at its release instant exactly, not a microsecond before")
    void categoryDelayToTheInstant() {
        Member patient = member();
        Instant importedAt = clock.instant();
        Imported imported = importAs(FEED, patient, single(unique("HIV-"), DELAYED_ORDER, "56888-1", "0.12", "S/CO",
                importedAt.minus(Duration.ofHours(5))));
        Instant releaseAt = importedAt.plus(Duration.ofDays(DELAY_DAYS));
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        refused(NotFoundException.class, () -> results().detail(patient.actor(), patient.patient(), imported.id()));
        ResultSummary staffView = listAll(CLINICIAN, patient.patient()).get(0);
        assertThat(staffView.released()).isFalse();
        assertThat(staffView.releaseAt()).isEqualTo(releaseAt);
        assertThat(dispatchTo(patient)).isEmpty();

        releasedExactlyAt(patient, imported, releaseAt);
    }

    @Test
    @DisplayName("RS-2 RS-6 a hold placed before a delayed release withdraws its notification; lifting it after the instant releases and notifies once, then")
    void holdBeforeDelayedRelease() {
        Member patient = member();
        Instant importedAt = clock.instant();
        Imported imported = importAs(FEED, patient, single(unique("HIV-"), DELAYED_ORDER, "56888-1", "0.12", "S/CO",
                importedAt.minus(Duration.ofHours(5))));
        Instant releaseAt = importedAt.plus(Duration.ofDays(DELAY_DAYS));
        clock.advance(Duration.ofDays(1));
        ResultDetail held = results().hold(CLINICIAN, patient.patient(), imported.id(),
                new HoldResult("discuss in person first"));
        assertThat(held.holdReason()).isEqualTo("discuss in person first");
        assertThat(held.heldBy()).isEqualTo("doc-rs");

        clock.set(releaseAt.plus(Duration.ofDays(1)));
        assertThat(dispatchTo(patient)).as("withdrawn").isEmpty();
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        ResultSummary why = listAll(CLINICIAN, patient.patient()).get(0);
        assertThat(why.holdReason()).isEqualTo("discuss in person first");
        assertThat(why.released()).isFalse();

        ResultDetail released = results().release(CLINICIAN, patient.patient(), imported.id(),
                new ReleaseResult("Negative. Nothing to do."));
        assertThat(released.released()).isTrue();
        assertThat(released.holdReason()).isNull();
        ResultDetail seen = results().detail(patient.actor(), patient.patient(), imported.id());
        assertThat(seen.comment()).isEqualTo("Negative. Nothing to do.");
        assertThat(seen.holdReason()).isNull();
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);
        assertThat(dispatchTo(patient)).isEmpty();
    }

    @Test
    @DisplayName("RS-2 RS-6 a hold lifted before the category delay ends keeps the release instant: the result and its one notification wait for it")
    void liftedBeforeTheInstant() {
        Member patient = member();
        Instant importedAt = clock.instant();
        Imported imported = importAs(FEED, patient, single(unique("HIV-"), DELAYED_ORDER, "56888-1", "0.12", "S/CO",
                importedAt.minus(Duration.ofHours(5))));
        Instant releaseAt = importedAt.plus(Duration.ofDays(DELAY_DAYS));
        results().hold(CLINICIAN, patient.patient(), imported.id(), new HoldResult("review"));
        clock.advance(Duration.ofHours(1));
        results().release(CLINICIAN, patient.patient(), imported.id(), new ReleaseResult(null));
        clock.set(releaseAt.minus(1, ChronoUnit.MICROS));
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        assertThat(dispatchTo(patient)).isEmpty();
        clock.set(releaseAt);
        assertThat(listAll(patient.actor(), patient.patient())).hasSize(1);
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);
    }

    @Test
    @DisplayName("RS-2 RS-3 RS-7 a clinician holds a released result before its notification goes out: hidden from the patient, notification withdrawn; released with a comment it notifies once")
    void holdAndReleaseWithComment() {
        Member patient = member();
        Imported xray = importAs(FEED, patient, imaging(unique("RAD-"), "Suspicious 2 cm mass in the right upper lobe."));
        results().hold(CLINICIAN, patient.patient(), xray.id(), new HoldResult("tell the patient in person"));
        assertThat(dispatchTo(patient)).isEmpty();
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        NotFoundException hidden = refused(NotFoundException.class,
                () -> results().detail(patient.actor(), patient.patient(), xray.id()));
        assertThat(hidden.getMessage()).doesNotContain("mass");
        refused(NotFoundException.class, () -> results().markRead(patient.actor(), patient.patient(), xray.id()));
        ResultDetail clinicianView = results().detail(CLINICIAN, patient.patient(), xray.id());
        assertThat(clinicianView.holdReason()).isEqualTo("tell the patient in person");
        assertThat(clinicianView.released()).isFalse();

        clock.advance(Duration.ofDays(2));
        results().release(CLINICIAN, patient.patient(), xray.id(),
                new ReleaseResult("We discussed this on Tuesday; the CT is booked."));
        ResultDetail seen = results().detail(patient.actor(), patient.patient(), xray.id());
        assertThat(seen.comment()).isEqualTo("We discussed this on Tuesday; the CT is booked.");
        assertThat(seen.holdReason()).isNull();
        assertThat(seen.heldBy()).isNull();
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);
        RuleViolationException notHeld = refused(RuleViolationException.class,
                () -> results().release(CLINICIAN, patient.patient(), xray.id(), new ReleaseResult(null)));
        assertThat(notHeld.reason()).isEqualTo("not_held");
        assertThat(auditOf(patient.patient())).filteredOn(e -> e.category().equals("test-result")
                && e.action() == AuditAction.UPDATE && e.outcome() == AuditOutcome.SUCCESS).hasSize(2);
    }

    @Test
    @DisplayName("RS-2 a hold after the release notification went out does not notify again when lifted")
    void holdAfterDelivery() {
        Member patient = member();
        Imported imported = importAs(FEED, patient, panel(unique("LAB-"), "90"));
        assertThat(dispatchTo(patient)).hasSize(1);
        results().hold(CLINICIAN, patient.patient(), imported.id(), new HoldResult("recheck the sample"));
        results().release(CLINICIAN, patient.patient(), imported.id(), new ReleaseResult(null));
        assertThat(dispatchTo(patient)).isEmpty();
        assertThat(listAll(patient.actor(), patient.patient())).hasSize(1);
    }

    @Test
    @DisplayName("RS-3 a corrected result keeps its history: the patient sees the current version, that it was corrected, and opens the earlier one; a seen result notifies once more")
    void correctionWithHistory() {
        Member patient = member();
        String source = unique("LAB-");
        Imported first = importAs(FEED, patient, panel(source, 1, "95", ResultStatus.FINAL));
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);
        assertThat(listAll(patient.actor(), patient.patient()).get(0).unread()).isTrue();
        results().markRead(patient.actor(), patient.patient(), first.id());
        assertThat(listAll(patient.actor(), patient.patient()).get(0).unread()).isFalse();

        clock.advance(Duration.ofHours(3));
        Imported corrected = importAs(FEED, patient, panel(source, 2, "150", ResultStatus.CORRECTED));
        assertThat(corrected).isEqualTo(new Imported(first.id(), ImportOutcome.UPDATED));
        ResultSummary summary = listAll(patient.actor(), patient.patient()).get(0);
        assertThat(summary.corrected()).isTrue();
        assertThat(summary.unread()).isTrue();
        assertThat(summary.status()).isEqualTo(ResultStatus.CORRECTED);
        ResultDetail now = results().detail(patient.actor(), patient.patient(), first.id());
        assertThat(now.sourceVersion()).isEqualTo(2);
        assertThat(now.components().get(0).numericValue()).isEqualTo(new BigDecimal("150"));
        assertThat(now.earlierVersions()).extracting(VersionInfo::sourceVersion).containsExactly(1L);
        ResultDetail before = results().version(patient.actor(), patient.patient(), first.id(), 1);
        assertThat(before.current()).isFalse();
        assertThat(before.components().get(0).numericValue()).isEqualTo(new BigDecimal("95"));
        refused(NotFoundException.class, () -> results().version(patient.actor(), patient.patient(), first.id(), 7));

        List<Notification> updated = dispatchTo(patient);
        assertThat(kinds(updated)).containsExactly(NotificationKinds.RESULT_UPDATED);
        assertThat(updated.get(0).body()).contains("A test result was updated").doesNotContain("150", "metabolic");

        importAs(FEED, patient, panel(source, 3, "151", ResultStatus.CORRECTED));
        assertThat(dispatchTo(patient)).as("not seen since the last correction: no second notice").isEmpty();
    }

    @Test
    @DisplayName("RS-3 RS-6 a hold placed before a correction's notice goes out withdraws it too: no notice about a hidden result")
    void holdWithdrawsUpdateNotice() {
        Member patient = member();
        String source = unique("LAB-");
        Imported first = importAs(FEED, patient, panel(source, 1, "95", ResultStatus.FINAL));
        assertThat(dispatchTo(patient)).hasSize(1);
        results().markRead(patient.actor(), patient.patient(), first.id());
        importAs(FEED, patient, panel(source, 2, "150", ResultStatus.CORRECTED));
        results().hold(CLINICIAN, patient.patient(), first.id(), new HoldResult("recheck before showing"));
        assertThat(dispatchTo(patient)).isEmpty();
    }

    @Test
    @DisplayName("RS-4 RS-8 re-sending a version changes nothing and notifies nothing; an older version never overwrites a newer one")
    void idempotentImport() {
        Member patient = member();
        String source = unique("LAB-");
        Imported v2 = importAs(FEED, patient, panel(source, 2, "120", ResultStatus.FINAL));
        assertThat(dispatchTo(patient)).hasSize(1);
        assertThat(importAs(FEED, patient, panel(source, 2, "120", ResultStatus.FINAL)))
                .isEqualTo(new Imported(v2.id(), ImportOutcome.UNCHANGED));
        assertThat(importAs(FEED, patient, panel(source, 1, "80", ResultStatus.PRELIMINARY)))
                .isEqualTo(new Imported(v2.id(), ImportOutcome.OLDER_IGNORED));
        ResultDetail detail = results().detail(patient.actor(), patient.patient(), v2.id());
        assertThat(detail.sourceVersion()).isEqualTo(2);
        assertThat(detail.components().get(0).numericValue()).isEqualTo(new BigDecimal("120"));
        assertThat(detail.earlierVersions()).isEmpty();
        assertThat(dispatchTo(patient)).isEmpty();
        assertThat(stored(v2.id()).versionCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("RS-8 concurrent imports of versions 2..9 of one result through the API end at version 9 with the history of the ones applied")
    void concurrentImports() throws Exception {
        Member patient = member();
        String source = unique("LAB-");
        Imported first = importAs(FEED, patient, panel(source, 1, "90", ResultStatus.FINAL));
        List<Long> versions = new ArrayList<>(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
        Collections.shuffle(versions);
        Races.race(versions.size(), 60, i -> (Callable<Object>) () -> importAs(FEED, patient,
                panel(source, versions.get(i), "9" + versions.get(i), ResultStatus.CORRECTED)));
        ResultDetail detail = results().detail(CLINICIAN, patient.patient(), first.id());
        assertThat(detail.sourceVersion()).isEqualTo(9);
        assertThat(detail.components().get(0).numericValue()).isEqualTo(new BigDecimal("99"));
        assertThat(detail.earlierVersions()).extracting(VersionInfo::sourceVersion)
                .isSortedAccordingTo(Collections.reverseOrder()).endsWith(1L).allMatch(v -> v < 9);
    }

    @Test
    @DisplayName("RS-8 a result entered in error leaves the patient's view and its pending notification is withdrawn, never the audit trail")
    void enteredInError() {
        Member patient = member();
        String source = unique("LAB-");
        Imported imported = importAs(FEED, patient, panel(source, 1, "300", ResultStatus.FINAL));
        importAs(FEED, patient, panel(source, 2, "300", ResultStatus.ENTERED_IN_ERROR));
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        refused(NotFoundException.class, () -> results().detail(patient.actor(), patient.patient(), imported.id()));
        assertThat(results().trend(patient.actor(), patient.patient(), GLUCOSE, PageRequest.first(10)).items())
                .isEmpty();
        assertThat(dispatchTo(patient)).isEmpty();
        assertThat(listAll(CLINICIAN, patient.patient())).extracting(ResultSummary::status)
                .containsExactly(ResultStatus.ENTERED_IN_ERROR);
        List<AuditEvent> imports = auditOf(patient.patient()).stream()
                .filter(e -> e.category().equals("test-result") && e.action() == AuditAction.CREATE).toList();
        assertThat(imports).hasSize(2).allMatch(e -> imported.id().toString().equals(e.recordId()));
        RuleViolationException rule = refused(RuleViolationException.class, () -> results().hold(CLINICIAN,
                patient.patient(), imported.id(), new HoldResult("x")));
        assertThat(rule.reason()).isEqualTo("entered_in_error");
    }

    @Test
    @DisplayName("RS-5 a caregiver proxy with RESULTS sees the released results; a 14-year-old's parent without the teen's consent is answered as not found (PX-2)")
    void proxies() {
        Member patient = member();
        Member caregiver = member(LocalDate.of(1970, 1, 1));
        portal.proxies().grant(ADMIN, patient.patient(), new GrantProxy(caregiver.account(),
                ProxyRelationship.CAREGIVER, Set.of(ProxyScope.RESULTS)));
        Imported imported = importAs(FEED, patient, panel(unique("LAB-"), "90"));
        assertThat(listAll(caregiver.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactly(imported.id());
        results().markRead(caregiver.actor(), patient.patient(), imported.id());

        Member teen = member(LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).minusYears(14));
        Member parent = member(LocalDate.of(1979, 7, 7));
        portal.proxies().grant(ADMIN, teen.patient(), new GrantProxy(parent.account(), ProxyRelationship.PARENT,
                Set.of(ProxyScope.RESULTS, ProxyScope.APPOINTMENTS)));
        Imported teens = importAs(FEED, teen, panel(unique("LAB-"), "90"));
        NotFoundException denied = refused(NotFoundException.class,
                () -> results().list(parent.actor(), teen.patient(), PageRequest.first(10)));
        assertThat(denied.getMessage()).isEqualTo("patient not found");
        refused(NotFoundException.class, () -> results().detail(parent.actor(), teen.patient(), teens.id()));
        assertThat(listAll(teen.actor(), teen.patient())).hasSize(1);
    }

    @Test
    @DisplayName("RS-7 the trend of one component code: released values oldest first with units; a unit change is reported, held values are left out")
    void trend() {
        Member patient = member();
        Instant t = clock.instant();
        importAs(FEED, patient, single(unique("G-"), "GLU", GLUCOSE, "110", "mg/dL", t.minus(Duration.ofDays(30))));
        importAs(FEED, patient, single(unique("G-"), "GLU", GLUCOSE, "98.5", "mg/dL", t.minus(Duration.ofDays(60))));
        importAs(FEED, patient, single(unique("G-"), "GLU", GLUCOSE, "6.1", "mmol/L", t.minus(Duration.ofDays(10))));
        Imported held = importAs(FEED, patient, single(unique("G-"), "GLU", GLUCOSE, "400", "mg/dL",
                t.minus(Duration.ofDays(5))));
        results().hold(CLINICIAN, patient.patient(), held.id(), new HoldResult("likely hemolysed"));
        importAs(FEED, patient, single(unique("K-"), "K", POTASSIUM, "4.0", "mmol/L", t.minus(Duration.ofDays(20))));

        List<TrendPoint> points = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        while (true) {
            Page<TrendPoint> page = results().trend(patient.actor(), patient.patient(), GLUCOSE, request);
            points.addAll(page.items());
            if (!page.hasNext()) {
                break;
            }
            request = page.nextRequest(2);
        }
        assertThat(points).extracting(p -> p.value().toPlainString()).containsExactly("98.5", "110", "6.1");
        assertThat(points).extracting(TrendPoint::unit).containsExactly("mg/dL", "mg/dL", "mmol/L");
        assertThat(points).extracting(TrendPoint::unitChanged).containsExactly(false, false, true);
        assertThat(points).extracting(TrendPoint::collectedAt).isSorted();
    }

    @Test
    @DisplayName("RS-3 lists are keyset-paged newest first; a crafted cursor is refused on page.cursor; a result of another patient is not found")
    void pagesAndOtherPatients() {
        Member patient = member();
        Instant t = clock.instant();
        List<ResultId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(importAs(FEED, patient, single(unique("P-"), "GLU", GLUCOSE, "9" + i, "mg/dL",
                    t.minus(Duration.ofDays(i)))).id());
        }
        List<ResultId> paged = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        while (true) {
            Page<ResultSummary> page = results().list(patient.actor(), patient.patient(), request);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(s -> paged.add(s.id()));
            if (!page.hasNext()) {
                break;
            }
            request = page.nextRequest(2);
        }
        assertThat(paged).containsExactlyElementsOf(ids);
        InvalidRequestException crafted = refused(InvalidRequestException.class, () -> results().list(patient.actor(),
                patient.patient(), PageRequest.after("cjEuOTk5OTk5OTk5OTk5OTk5OTk5OS4wLnh4", 2)));
        assertThat(crafted.violations()).extracting(v -> v.path()).containsExactly("page.cursor");

        Member other = member();
        NotFoundException notFound = refused(NotFoundException.class,
                () -> results().detail(other.actor(), other.patient(), ids.get(0)));
        assertThat(notFound.getMessage()).isEqualTo("test result not found");
        refused(NotFoundException.class, () -> results().hold(CLINICIAN, other.patient(), ids.get(0),
                new HoldResult("wrong patient")));
    }

    @Test
    @DisplayName("AD-1 AD-3 every import, read, hold and release is audited with the patient, the actor and the outcome; a denial too")
    void audited() {
        Member patient = member();
        Member stranger = member();
        Imported imported = importAs(FEED, patient, panel(unique("LAB-"), "90"));
        results().list(patient.actor(), patient.patient(), PageRequest.first(5));
        results().detail(patient.actor(), patient.patient(), imported.id());
        results().trend(patient.actor(), patient.patient(), GLUCOSE, PageRequest.first(5));
        results().markRead(patient.actor(), patient.patient(), imported.id());
        results().hold(CLINICIAN, patient.patient(), imported.id(), new HoldResult("check"));
        results().release(CLINICIAN, patient.patient(), imported.id(), new ReleaseResult(null));
        refused(NotFoundException.class, () -> results().list(stranger.actor(), patient.patient(),
                PageRequest.first(5)));
        List<AuditEvent> events = auditOf(patient.patient()).stream()
                .filter(e -> e.category().equals("test-result")).toList();
        assertThat(events).extracting(AuditEvent::action, AuditEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AuditAction.CREATE, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.UPDATE, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.UPDATE, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.UPDATE, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.DENIED));
        assertThat(events.get(0).actor().id()).isEqualTo("lab-feed");
        assertThat(events.get(4).actor().id()).isEqualTo(patient.account().toString());
    }

    // ---------------------------------------------------------------- the patient's own delay (RS-2)

    private Imported importSensitive(Member patient) {
        return importAs(FEED, patient, single(unique("PATH-"), SENSITIVE_ORDER, "22637-3", "1", "cm",
                clock.instant().minus(Duration.ofHours(5))));
    }

    @Test
    @DisplayName("RS-2 RS-6 a sensitive result under the patient's own delay is hidden until its instant, appears at exactly the instant and notifies once then")
    void patientDelayToTheInstant() {
        Member patient = member();
        ReleaseDelay set = results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(5));
        assertThat(set.days()).isEqualTo(5);
        assertThat(set.maxDays()).isEqualTo(ResultsPolicy.DEFAULT_MAX_PATIENT_DELAY_DAYS);
        assertThat(results().releaseDelay(patient.actor(), patient.patient()).days()).isEqualTo(5);
        Instant importedAt = clock.instant();
        Imported imported = importSensitive(patient);
        Instant releaseAt = importedAt.plus(Duration.ofDays(5));
        assertThat(listAll(CLINICIAN, patient.patient()).get(0).releaseAt()).isEqualTo(releaseAt);
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        refused(NotFoundException.class, () -> results().detail(patient.actor(), patient.patient(), imported.id()));
        assertThat(dispatchTo(patient)).isEmpty();

        releasedExactlyAt(patient, imported, releaseAt);
    }

    @Test
    @DisplayName("RS-2 RS-4 RS-6 a clinician's release before the patient's delay ends shows the result now and notifies once; the waiting notification is not sent again")
    void clinicianReleasesBeforePatientDelayEnds() {
        Member patient = member();
        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(7));
        Instant importedAt = clock.instant();
        Imported imported = importSensitive(patient);
        clock.advance(Duration.ofDays(2));
        ResultDetail released = results().release(CLINICIAN, patient.patient(), imported.id(),
                new ReleaseResult("Benign. We can talk at your next visit."));
        assertThat(released.released()).isTrue();
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactly(imported.id());
        assertThat(results().detail(patient.actor(), patient.patient(), imported.id()).comment())
                .isEqualTo("Benign. We can talk at your next visit.");
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);

        clock.set(importedAt.plus(Duration.ofDays(8)));
        assertThat(dispatchTo(patient)).as("the notification that waited for day 7 was withdrawn").isEmpty();
        refused(RuleViolationException.class, () -> results().release(CLINICIAN, patient.patient(), imported.id(),
                new ReleaseResult(null)));
    }

    @Test
    @DisplayName("RS-2 a clinician's release lifts the patient's delay but not the host's category delay; the later of the two instants applies at import")
    void patientDelayWithCategoryDelay() {
        Member patient = member();
        Instant importedAt = clock.instant();
        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(DELAY_DAYS - 1));
        Imported shorter = importAs(FEED, patient, single(unique("HIV-"), DELAYED_ORDER, "56888-1", "0.12", "S/CO",
                importedAt.minus(Duration.ofHours(5))));
        assertThat(stored(shorter.id()).releaseAt()).isEqualTo(importedAt.plus(Duration.ofDays(DELAY_DAYS)));

        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(DELAY_DAYS + 4));
        Imported longer = importAs(FEED, patient, single(unique("HIV-"), DELAYED_ORDER, "56888-1", "0.12", "S/CO",
                importedAt.minus(Duration.ofHours(5))));
        assertThat(stored(longer.id()).releaseAt()).isEqualTo(importedAt.plus(Duration.ofDays(DELAY_DAYS + 4)));
        refused(RuleViolationException.class, () -> results().release(CLINICIAN, patient.patient(), shorter.id(),
                new ReleaseResult(null)));

        clock.advance(Duration.ofDays(1));
        results().release(CLINICIAN, patient.patient(), longer.id(), new ReleaseResult(null));
        Instant categoryEnd = importedAt.plus(Duration.ofDays(DELAY_DAYS));
        assertThat(stored(longer.id()).releaseAt()).isEqualTo(categoryEnd);
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        assertThat(dispatchTo(patient)).isEmpty();
        clock.set(categoryEnd);
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactlyInAnyOrder(shorter.id(), longer.id());
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED,
                NotificationKinds.RESULT_RELEASED);
        clock.set(importedAt.plus(Duration.ofDays(DELAY_DAYS + 5)));
        assertThat(dispatchTo(patient)).isEmpty();
    }

    @Test
    @DisplayName("RS-2 RS-6 a hold on a result under the patient's delay withdraws its notification; the clinician's release lifts both and notifies once")
    void holdUnderPatientDelay() {
        Member patient = member();
        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(5));
        Instant importedAt = clock.instant();
        Imported imported = importSensitive(patient);
        clock.advance(Duration.ofDays(1));
        results().hold(CLINICIAN, patient.patient(), imported.id(), new HoldResult("call the patient first"));
        clock.set(importedAt.plus(Duration.ofDays(5)));
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        assertThat(dispatchTo(patient)).as("withdrawn by the hold").isEmpty();

        results().release(CLINICIAN, patient.patient(), imported.id(), new ReleaseResult(null));
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactly(imported.id());
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);
        clock.advance(Duration.ofDays(10));
        assertThat(dispatchTo(patient)).isEmpty();
    }

    @Test
    @DisplayName("RS-2 RS-4 a result the host does not call sensitive is not delayed by the patient's setting")
    void nonSensitiveNotDelayed() {
        Member patient = member();
        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(10));
        Imported imported = importAs(FEED, patient, panel(unique("LAB-"), "90"));
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactly(imported.id());
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);
    }

    @Test
    @DisplayName("RS-2 changing the patient's delay affects later imports only")
    void settingAffectsLaterImportsOnly() {
        Member patient = member();
        Instant start = clock.instant();
        Imported before = importSensitive(patient);
        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(4));
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactly(before.id());
        Imported delayed = importSensitive(patient);
        assertThat(stored(delayed.id()).releaseAt()).isEqualTo(start.plus(Duration.ofDays(4)));

        clock.advance(Duration.ofHours(1));
        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(0));
        assertThat(results().releaseDelay(patient.actor(), patient.patient()).days()).isZero();
        assertThat(stored(delayed.id()).releaseAt()).as("a result imported earlier keeps its instant")
                .isEqualTo(start.plus(Duration.ofDays(4)));
        Imported after = importSensitive(patient);
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .contains(before.id(), after.id()).doesNotContain(delayed.id());
    }

    @Test
    @DisplayName("RS-2 IN-2 a delay below zero, above the host's maximum or missing is refused with its path and changes nothing")
    void badDelay() {
        Member patient = member();
        results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(2));
        for (int days : new int[] {-1, ResultsPolicy.DEFAULT_MAX_PATIENT_DELAY_DAYS + 1, 400}) {
            InvalidRequestException e = refused(InvalidRequestException.class,
                    () -> results().setReleaseDelay(patient.actor(), patient.patient(), new SetReleaseDelay(days)));
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).contains("days");
        }
        assertThat(refused(InvalidRequestException.class,
                () -> results().setReleaseDelay(patient.actor(), patient.patient(), null)).violations())
                .extracting(InvalidRequestException.Violation::path).containsExactly("command");
        assertThat(results().releaseDelay(patient.actor(), patient.patient()).days()).isEqualTo(2);
    }

    @Test
    @DisplayName("RS-2 RS-5 AD-1 the patient or a caregiver with RESULTS sets the delay; a 14-year-old's parent without consent is not found (PX-2); staff may only read it; every call audited")
    void delayAccess() {
        Member patient = member();
        Member caregiver = member(LocalDate.of(1970, 1, 1));
        portal.proxies().grant(ADMIN, patient.patient(), new GrantProxy(caregiver.account(),
                ProxyRelationship.CAREGIVER, Set.of(ProxyScope.RESULTS)));
        results().setReleaseDelay(caregiver.actor(), patient.patient(), new SetReleaseDelay(6));
        assertThat(results().releaseDelay(CLINICIAN, patient.patient()).days()).isEqualTo(6);
        assertThat(results().releaseDelay(DESK, patient.patient()).days()).isEqualTo(6);
        refused(AccessDeniedException.class,
                () -> results().setReleaseDelay(CLINICIAN, patient.patient(), new SetReleaseDelay(0)));
        refused(AccessDeniedException.class, () -> results().releaseDelay(ADMIN, patient.patient()));

        Member teen = member(LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).minusYears(14));
        Member parent = member(LocalDate.of(1979, 7, 7));
        portal.proxies().grant(ADMIN, teen.patient(), new GrantProxy(parent.account(), ProxyRelationship.PARENT,
                Set.of(ProxyScope.RESULTS)));
        refused(NotFoundException.class,
                () -> results().setReleaseDelay(parent.actor(), teen.patient(), new SetReleaseDelay(3)));
        refused(NotFoundException.class, () -> results().releaseDelay(parent.actor(), teen.patient()));
        results().setReleaseDelay(teen.actor(), teen.patient(), new SetReleaseDelay(3));
        assertThat(results().releaseDelay(teen.actor(), teen.patient()).days()).isEqualTo(3);

        List<AuditEvent> events = auditOf(patient.patient()).stream()
                .filter(e -> e.category().equals("result-release-delay")).toList();
        assertThat(events).extracting(AuditEvent::action, AuditEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AuditAction.UPDATE, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(AuditAction.UPDATE, AuditOutcome.DENIED),
                org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.DENIED));
        assertThat(events.get(0).actor().id()).isEqualTo(caregiver.account().toString());
    }

    /**
     * RS-6 to the instant: one microsecond before {@code releaseAt} the patient sees nothing and the
     * notification waits in the outbox; at {@code releaseAt} the result is listed and one release
     * notification goes out; a day later nothing more is sent.
     */
    private void releasedExactlyAt(Member patient, Imported imported, Instant releaseAt) {
        clock.set(releaseAt.minus(1, ChronoUnit.MICROS));
        assertThat(listAll(patient.actor(), patient.patient())).isEmpty();
        assertThat(dispatchTo(patient)).as("the notification waits in the outbox").isEmpty();

        clock.set(releaseAt);
        assertThat(listAll(patient.actor(), patient.patient())).extracting(ResultSummary::id)
                .containsExactly(imported.id());
        assertThat(kinds(dispatchTo(patient))).containsExactly(NotificationKinds.RESULT_RELEASED);
        clock.advance(Duration.ofDays(1));
        assertThat(dispatchTo(patient)).isEmpty();
    }
}

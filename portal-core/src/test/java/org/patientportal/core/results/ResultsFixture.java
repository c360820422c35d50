package org.patientportal.core.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.patientportal.core.Actor;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PortalBuilder;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.PortalSuiteFixture;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.AccountId;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;
import org.patientportal.model.TestResult;
import org.patientportal.spi.notification.Notification;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * What the results suites share: one storage of the adapter under test per run of a test class, and per
 * test a fresh {@link MutableClock}, {@link RecordingNotificationSender} and portal with a
 * category delay of {@value #DELAY_DAYS} days on order code {@value #DELAYED_ORDER}, which with
 * {@value #SENSITIVE_ORDER} is sensitive (a patient's own delay applies to both). Every test
 * enrolls its own patients, each with an email address of its own, so tests sharing the storage
 * never see each other's rows or notifications.
 */
abstract class ResultsFixture extends PortalSuiteFixture {
    static final Actor CLINICIAN = Actor.staff("doc-rs", Role.CLINICIAN);
    static final Actor FEED = Actor.staff("lab-feed", Role.INTEGRATION);
    static final Actor DESK = Actor.staff("desk-rs", Role.FRONT_DESK);
    static final Actor ADMIN = Actor.staff("admin-rs", Role.ADMIN);
    static final String DELAYED_ORDER = "HIV-AB";
    static final int DELAY_DAYS = 3;
    /** An order code the host calls sensitive (surgical pathology), so a patient's own delay applies. */
    static final String SENSITIVE_ORDER = "88305";
    static final String GLUCOSE = "2345-7";
    static final String POTASSIUM = "2823-3";
    static final LocalDate BIRTH_DATE = LocalDate.of(1980, 5, 20);
    static final String SSN4 = "4321";
    static final String PASSWORD = "a long passphrase for the portal";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Override
    protected PortalBuilder configure(PortalBuilder builder) {
        return builder.resultsPolicy(ResultsPolicy.defaults().withCategoryDelay(Set.of(DELAYED_ORDER),
                Duration.ofDays(DELAY_DAYS)).withSensitiveOrderCodes(Set.of(SENSITIVE_ORDER, DELAYED_ORDER)));
    }

    Results results() {
        return portal.results();
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    // ---------------------------------------------------------------- patients

    /** A patient with an account, logged in; with an email address of its own. */
    record Member(PatientId patient, AccountId account, Actor actor, String email) {
    }

    Member member() {
        return member(BIRTH_DATE);
    }

    Member member(LocalDate birthDate) {
        String email = unique("rs") + "@example.org";
        PatientId patient = portal.enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-RS-"), "Robin",
                "Vale", birthDate, SSN4, email, null));
        String code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON).value();
        String username = unique("rs-user");
        AccountId account = portal.enrollment().signUp(new SignUp(code, SSN4, birthDate, username, PASSWORD, null))
                .accountId();
        Actor actor = portal.auth().authenticate(portal.auth().logIn(username, PASSWORD).token());
        return new Member(patient, account, actor, email);
    }

    // ---------------------------------------------------------------- commands

    /** A basic metabolic panel: glucose (high unless told), potassium, and a text component. */
    static ImportResult panel(String sourceId, long version, String glucose, ResultStatus status) {
        Instant collected = MutableClock.DEFAULT_START.minus(Duration.ofHours(6));
        return new ImportResult(sourceId, version, ResultKind.LAB_PANEL, "80048", "Basic metabolic panel",
                "Dr. Okafor", collected, collected.plus(Duration.ofHours(2)), status, null, List.of(
                ImportResult.Component.numeric(GLUCOSE, "Glucose", new BigDecimal(glucose), "mg/dL",
                        new BigDecimal("70"), new BigDecimal("99"),
                        new BigDecimal(glucose).compareTo(new BigDecimal("99")) > 0 ? AbnormalFlag.HIGH
                                : AbnormalFlag.NORMAL),
                ImportResult.Component.numeric(POTASSIUM, "Potassium", new BigDecimal("4.10"), "mmol/L",
                        new BigDecimal("3.5"), new BigDecimal("5.1"), AbnormalFlag.NORMAL),
                ImportResult.Component.text("5778-6", "Color of urine", "Yellow", "yellow", AbnormalFlag.NORMAL)));
    }

    static ImportResult panel(String sourceId, String glucose) {
        return panel(sourceId, 1, glucose, ResultStatus.FINAL);
    }

    /** A one-component result collected at {@code collected}. */
    static ImportResult single(String sourceId, String orderCode, String code, String value, String unit,
                               Instant collected) {
        return new ImportResult(sourceId, 1, ResultKind.LAB_PANEL, orderCode, "Single test", "Dr. Okafor", collected,
                collected.plusSeconds(3600), ResultStatus.FINAL, null, List.of(ImportResult.Component.numeric(code,
                "Analyte", new BigDecimal(value), unit, null, null, null)));
    }

    static ImportResult imaging(String sourceId, String report) {
        Instant at = MutableClock.DEFAULT_START.minus(Duration.ofHours(1));
        return new ImportResult(sourceId, 1, ResultKind.IMAGING, "71046", "Chest X-ray, 2 views", "Dr. Okafor", at,
                at.plusSeconds(1800), ResultStatus.FINAL, report, List.of());
    }

    Imported importAs(Actor staff, Member member, ImportResult command) {
        return results().importResult(staff, member.patient(), command);
    }

    List<ResultSummary> listAll(Actor actor, PatientId patient) {
        List<ResultSummary> all = new ArrayList<>();
        PageRequest request = PageRequest.first(100);
        while (true) {
            var page = results().list(actor, patient, request);
            all.addAll(page.items());
            if (!page.hasNext()) {
                return all;
            }
            request = page.nextRequest(100);
        }
    }

    // ---------------------------------------------------------------- read-backs

    TestResult stored(org.patientportal.model.ResultId id) {
        return storage.inTransaction(tx -> tx.testResults().find(id)).orElseThrow();
    }

    List<AuditEvent> auditOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.auditTrail().events(AuditChain.of(patient), 0, 1000));
    }

    /** Runs {@code call}, which must fail with an SDK exception of {@code type}, and returns it. */
    static <E extends PortalException> E refused(Class<E> type, Runnable call) {
        try {
            call.run();
        } catch (PortalException e) {
            assertThat(e).isExactlyInstanceOf(type);
            return type.cast(e);
        } catch (RuntimeException e) {
            throw new AssertionError("expected an SDK exception, got " + e, e);
        }
        return fail("expected the call to fail with " + type.getSimpleName());
    }

    // ---------------------------------------------------------------- notifications

    /** Dispatches everything due now; returns what reached {@code member}. */
    List<Notification> dispatchTo(Member member) {
        int before = sender.delivered().size();
        for (int i = 0; i < 50; i++) {
            DispatchReport report = portal.notifications().dispatchDue();
            if (report.claimed() == 0) {
                break;
            }
        }
        List<Notification> delivered = sender.delivered();
        return delivered.subList(before, delivered.size()).stream()
                .filter(n -> n.address().equals(member.email())).toList();
    }

    static List<String> kinds(List<Notification> notifications) {
        return notifications.stream().map(Notification::kind).toList();
    }
}

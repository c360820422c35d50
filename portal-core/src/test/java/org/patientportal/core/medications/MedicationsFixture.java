package org.patientportal.core.medications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.patientportal.core.Actor;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.records.HealthRecords;
import org.patientportal.core.records.HistoryEntryView;
import org.patientportal.core.records.HistoryRecord;
import org.patientportal.core.records.ImportHistory;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.PortalSuiteFixture;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.model.AccountId;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.Delivery;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.model.RefillRequest;
import org.patientportal.spi.notification.Notification;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * What the medications and health-records suites share: one storage of the adapter under test per
 * run of a suite class (each suite runs once per {@link StorageKind}), and per test a fresh {@link MutableClock}, {@link RecordingNotificationSender} and
 * portal. Every test makes its own patients (each with an email address of its own) and its own
 * pharmacies, so tests sharing the storage never see each other's rows.
 */
abstract class MedicationsFixture extends PortalSuiteFixture {
    static final Actor DESK = Actor.staff("desk-rx", Role.FRONT_DESK);
    static final Actor CLINICIAN = Actor.staff("doc-rx", Role.CLINICIAN);
    static final Actor FEED = Actor.staff("feed-rx", Role.INTEGRATION);
    static final LocalDate BIRTH_DATE = LocalDate.of(1980, 5, 20);
    static final String SSN4 = "4321";
    static final String PASSWORD = "a long passphrase for the portal";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    Medications meds() {
        return portal.medications();
    }

    HealthRecords records() {
        return portal.records();
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    // ---------------------------------------------------------------- patients

    /** A patient with an account, logged in; with an email address of its own. */
    record Member(PatientId patient, AccountId account, Actor actor, String email) {
    }

    Member member() {
        return member(BIRTH_DATE);
    }

    Member member(LocalDate birthDate) {
        String email = unique("rx") + "@example.org";
        PatientId patient = portal.enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-RX-"), "Robin",
                "Vale", birthDate, SSN4, email, null));
        String code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON).value();
        String username = unique("rx-user");
        AccountId account = portal.enrollment().signUp(new SignUp(code, SSN4, birthDate, username, PASSWORD, null))
                .accountId();
        Actor actor = portal.auth().authenticate(portal.auth().logIn(username, PASSWORD).token());
        return new Member(patient, account, actor, email);
    }

    // ---------------------------------------------------------------- prescriptions

    /** A prescription record, mutable before {@link #build()}: by default active, refillable today. */
    final class Rx {
        String sourceId = unique("src-");
        long version = 1;
        String medication = unique("Zorbanol-");
        int daysSupply = 30;
        int refills = 3;
        LocalDate written = today().minusDays(60);
        LocalDate expires = today().plusDays(300);
        ControlledSchedule schedule = ControlledSchedule.NONE;
        PharmacyId pharmacy;
        LocalDate lastFilled = today().minusDays(30);
        PrescriptionStatus status = PrescriptionStatus.ACTIVE;
        String instructions = "one tablet by mouth daily";

        PrescriptionRecord build() {
            return new PrescriptionRecord(sourceId, version, medication, "197361", "25 mg", instructions, 30,
                    daysSupply, refills, written, expires, "Dr. Imani Okafor", schedule, pharmacy, lastFilled, status);
        }
    }

    Rx rx() {
        return new Rx();
    }

    Imported load(Member member, PrescriptionRecord... records) {
        return meds().importPrescriptions(FEED, member.patient(), new ImportPrescriptions(List.of(records)));
    }

    /** Imports one prescription and returns its line of the list. */
    MedicationView imported(Member member, Rx rx) {
        load(member, rx.build());
        return line(member, rx.medication);
    }

    /** Every line of the member's medication list, page by page. */
    List<MedicationView> list(Member member) {
        return all(request -> meds().medications(member.actor(), member.patient(), request));
    }

    MedicationView line(Member member, String medication) {
        return list(member).stream().filter(m -> m.medication().equals(medication)).findFirst()
                .orElseThrow(() -> new AssertionError("not listed"));
    }

    PharmacyView pharmacy() {
        return meds().addPharmacy(DESK, new AddPharmacy(unique("Corner Pharmacy "), "12 Elm St", "+1 555 010 2000",
                String.format("%07d", SEQUENCE.incrementAndGet() * 7 % 10_000_000)));
    }

    /** Every page of a paged list, with page size 2 to exercise the cursors. */
    static <T> List<T> all(java.util.function.Function<PageRequest, Page<T>> lister) {
        List<T> out = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        for (int i = 0; i < 1000; i++) {
            Page<T> page = lister.apply(request);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            out.addAll(page.items());
            if (!page.hasNext()) {
                return out;
            }
            request = page.nextRequest(2);
        }
        return fail("too many pages");
    }

    // ---------------------------------------------------------------- history

    HistoryRecord entry(HistoryCategory category, String sourceId, long version, String name, Instant at) {
        return new HistoryRecord(category, sourceId, version, null, name, "mild rash", category == HistoryCategory.VITAL
                ? "128" : null, category == HistoryCategory.VITAL ? "mmHg" : null, at, false);
    }

    List<HistoryEntryView> history(Member member, HistoryCategory category) {
        return all(request -> records().history(member.actor(), member.patient(), category, request));
    }

    void loadHistory(Member member, HistoryRecord... entries) {
        records().importHistory(FEED, member.patient(), new ImportHistory(List.of(entries)));
    }

    // ---------------------------------------------------------------- read-backs

    /** Events on the patient's audit chain. */
    List<AuditEvent> audit(PatientId patient) {
        return storage.inTransaction(tx -> {
            long head = tx.auditTrail().head(AuditChain.of(patient)).map(ChainHead::sequence).orElse(0L);
            return head == 0 ? List.<AuditEvent>of() : tx.auditTrail().events(AuditChain.of(patient), 0, 1000);
        });
    }

    List<RefillRequest> requestsOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.refillRequests().forPatient(patient, null, 1000));
    }

    Map<OutboxStatus, Long> outboxCounts() {
        return storage.inTransaction(tx -> tx.outbox().countByStatus());
    }

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
        return delivered.subList(before, delivered.size()).stream().filter(n -> n.address().equals(member.email()))
                .toList();
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
}

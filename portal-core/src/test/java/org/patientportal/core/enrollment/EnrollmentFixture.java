package org.patientportal.core.enrollment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.testing.AuditTrails;
import org.patientportal.core.testing.DeliveredCodes;
import org.patientportal.core.testing.InspectableStorage;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Account;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Delivery;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * What every enrollment rule suite shares: a fresh storage (from the subclass's {@link #storage()}),
 * a {@link MutableClock}, a {@link RecordingNotificationSender}, a test portal and helpers. Subclasses run the same rules on each adapter.
 */
public abstract class EnrollmentFixture {
    protected static final Actor DESK = Actor.staff("desk-1", Role.FRONT_DESK);
    protected static final Actor ADMIN = Actor.staff("admin-1", Role.ADMIN);
    protected static final Actor CLINICIAN = Actor.staff("doc-1", Role.CLINICIAN);
    protected static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);
    protected static final String SSN4 = "1234";
    protected static final String PASSWORD = "a long passphrase for the portal";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    protected MutableClock clock;
    protected PortalStorage raw;
    protected InspectableStorage storage;
    protected RecordingNotificationSender sender;
    protected Portal portal;

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    protected StorageKind storageKind;

    /** A new, empty storage of the adapter under test. */
    protected PortalStorage storage() {
        return storageKind.create();
    }

    @BeforeEach
    protected void createPortal() {
        clock = MutableClock.start();
        raw = storage();
        storage = InspectableStorage.wrap(raw);
        sender = new RecordingNotificationSender();
        portal = TestPortals.builder(storage, clock, sender).build();
    }

    @AfterEach
    protected void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    protected Enrollment enrollment() {
        return portal.enrollment();
    }

    protected static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    protected RegisterPatient patientDetails(String mrn) {
        return new RegisterPatient(mrn, "Dana", "Rivers", BIRTH_DATE, SSN4, "dana@example.org", "+15555550123");
    }

    protected PatientId register() {
        return enrollment().registerPatient(DESK, patientDetails(unique("MRN-")));
    }

    protected ActivationCode issue(PatientId patient, Delivery delivery) {
        return enrollment().issueActivationCode(DESK, patient, delivery);
    }

    protected SignUp signUp(String code, String username) {
        return new SignUp(code, SSN4, BIRTH_DATE, username, PASSWORD, null);
    }

    /**
     * The code the patient holds: a printed code's value, or an email or SMS code read from the
     * notification delivered now (EN-1: never returned to the staff caller).
     */
    protected String codeOf(ActivationCode code) {
        return DeliveredCodes.codeOf(code, portal, sender);
    }

    /** Issues a code and returns it as the patient holds it ({@link #codeOf}). */
    protected String issueCode(PatientId patient, Delivery delivery) {
        return codeOf(issue(patient, delivery));
    }

    /** A sign-up with a printed code's value; an email or SMS code is taken with {@link #codeOf} first. */
    protected SignUp signUp(ActivationCode code) {
        return signUp(Objects.requireNonNull(code.value(), "an email or SMS code has no value (EN-1): use codeOf"),
                unique("user"));
    }

    protected SignUp signUp(String code) {
        return signUp(code, unique("user"));
    }

    protected List<Patient> patients() {
        return storage.inTransaction(tx -> tx.patients().page(null, 1000));
    }

    protected Optional<Account> accountOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.accounts().findByPatient(patient));
    }

    protected ActivationCodeRecord stored(ActivationCodeId id) {
        return storage.inTransaction(tx -> tx.activationCodes().find(id)).orElseThrow();
    }

    /** Every audit event of every chain. */
    protected List<AuditEvent> allEvents() {
        return storage.inTransaction(tx -> {
            List<AuditEvent> out = new ArrayList<>();
            for (ChainHead head : tx.auditTrail().chains(null, 1000)) {
                out.addAll(tx.auditTrail().events(head.chain(), 0, 1000));
            }
            return out;
        });
    }

    protected long auditEventCount() {
        return storage.inTransaction(tx -> tx.auditTrail().chains(null, 1000).stream()
                .mapToLong(ChainHead::sequence).sum());
    }

    protected List<AuditEvent> events(PatientId patient) {
        return storage.inTransaction(tx -> tx.auditTrail().events(AuditChain.of(patient), 0, 1000));
    }

    /** Every event that concerns no patient, oldest first. */
    protected List<AuditEvent> systemEvents() {
        return AuditTrails.patientless(storage);
    }

    protected AuditEvent lastEvent(PatientId patient) {
        List<AuditEvent> events = events(patient);
        return events.get(events.size() - 1);
    }
}

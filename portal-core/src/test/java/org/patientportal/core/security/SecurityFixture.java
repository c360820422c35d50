package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.internal.CodeFormat;
import org.patientportal.core.testing.InspectableStorage;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Account;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Delivery;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * What the storage-backed security suites share: a fresh storage of the adapter under test (from
 * the subclass, one per test class), wrapped in an {@link InspectableStorage}; a {@link MutableClock}; a test portal
 * (fast hasher) with a {@link RecordingNotificationSender}; helpers that go through the public API, and read-backs through the storage SPI
 * (the "second look" that proves what was, or was not, stored).
 */
abstract class SecurityFixture {
    static final Actor DESK = Actor.staff("desk-sec", Role.FRONT_DESK);
    static final Actor CLINICIAN = Actor.staff("doc-sec", Role.CLINICIAN);
    static final Actor ADMIN = Actor.staff("admin-sec", Role.ADMIN);
    static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);
    static final String SSN4 = "7391";
    static final String PASSWORD = "orchard lantern velvet kestrel";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    MutableClock clock;
    InspectableStorage storage;
    RecordingNotificationSender sender;
    Portal portal;
    /**
     * The storage of each run of each suite class, shared by the run's tests (a new PostgreSQL
     * database per test would cost a third of a second each): opened by the run's first test,
     * all closed after the class. Suites run one class at a time.
     */
    private static final Map<String, PortalStorage> SHARED = new ConcurrentHashMap<>();

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    StorageKind storageKind;

    /** A new, empty storage of the adapter under test; one per run of a test class. */
    protected PortalStorage newStorage() {
        return storageKind.create();
    }

    @AfterAll
    static void closeStorages() {
        SHARED.values().forEach(PortalStorage::close);
        SHARED.clear();
    }

    private PortalStorage shared() {
        return SHARED.computeIfAbsent(getClass().getName() + " on " + storageKind, key -> newStorage());
    }

    /**
     * A fresh clock and portal per test over the class's storage (a new PostgreSQL database per
     * test would cost a third of a second each). Tests use their own patients and usernames.
     */
    @BeforeEach
    void createPortal() {
        clock = MutableClock.start();
        storage = InspectableStorage.wrap(shared());
        sender = new RecordingNotificationSender();
        portal = TestPortals.builder(storage, clock, sender).build();
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    /** A valid code that was never issued. */
    static String neverIssuedCode() {
        return CodeFormat.display(CodeFormat.generate());
    }

    PatientId register() {
        return portal.enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-SEC-"), "Dana", "Rivers",
                BIRTH_DATE, SSN4, "dana@example.org", "+15555550123"));
    }

    ActivationCode issue(PatientId patient) {
        return portal.enrollment().issueActivationCode(DESK, patient, Delivery.LETTER);
    }

    static SignUp signUp(String code, String username) {
        return new SignUp(code, SSN4, BIRTH_DATE, username, PASSWORD, null);
    }

    /** A registered patient with an account, through the public API. */
    SignedUp enroll(String username) {
        return portal.enrollment().signUp(signUp(issue(register()).value(), username));
    }

    /** Runs {@code call}, which must fail with an SDK exception, and returns that exception. */
    static PortalException failure(Runnable call) {
        try {
            call.run();
        } catch (PortalException e) {
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("expected an SDK exception, got " + e, e);
        }
        return fail("expected the call to fail");
    }

    /** Asserts both exceptions tell exactly the same: class, code, message, no cause, nothing suppressed. */
    static void assertIndistinguishable(PortalException actual, PortalException expected, String as) {
        assertThat(actual).as(as).isNotNull();
        assertThat(actual.getClass()).as(as + ": class").isEqualTo(expected.getClass());
        assertThat(actual.code()).as(as + ": code()").isEqualTo(expected.code());
        assertThat(actual.getMessage()).as(as + ": getMessage()").isEqualTo(expected.getMessage());
        assertThat(actual.getLocalizedMessage()).as(as + ": getLocalizedMessage()").isEqualTo(expected.getLocalizedMessage());
        assertThat(actual.getCause()).as(as + ": cause").isNull();
        assertThat(actual.getSuppressed()).as(as + ": suppressed").isEmpty();
    }

    ActivationCodeRecord stored(ActivationCodeId id) {
        return storage.inTransaction(tx -> tx.activationCodes().find(id)).orElseThrow();
    }

    Optional<Account> accountOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.accounts().findByPatient(patient));
    }

    Optional<Account> accountByKey(String usernameKey) {
        return storage.inTransaction(tx -> tx.accounts().findByUsernameKey(usernameKey));
    }

    List<Patient> patients() {
        return storage.inTransaction(tx -> tx.patients().page(null, 1000));
    }

    /** Every audit event of every chain. */
    List<AuditEvent> allEvents() {
        return storage.inTransaction(tx -> {
            List<AuditEvent> out = new ArrayList<>();
            for (ChainHead head : tx.auditTrail().chains(null, 1000)) {
                long after = 0;
                while (after < head.sequence()) {
                    List<AuditEvent> page = tx.auditTrail().events(head.chain(), after, 1000);
                    if (page.isEmpty()) {
                        break;
                    }
                    out.addAll(page);
                    after = page.get(page.size() - 1).sequence();
                }
            }
            return out;
        });
    }

    void assertAuditIntact() {
        assertThat(portal.audit().verify().intact()).as("AD-2 audit chains intact").isTrue();
    }
}

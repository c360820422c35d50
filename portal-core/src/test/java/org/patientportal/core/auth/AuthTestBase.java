package org.patientportal.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.testing.AuditTrails;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.Delivery;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientId;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * What every auth suite shares: a fresh storage from the subclass, a {@link MutableClock}, a test
 * portal (fast hasher) and helpers that enroll a patient through the public API and read rows back
 * through the storage SPI.
 */
abstract class AuthTestBase {
    static final String USERNAME = "jdoe";
    static final String PASSWORD = "correct horse battery staple";
    static final String WRONG = "not the right passphrase at all";
    static final String SSN4 = "1234";
    static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);
    static final Actor DESK = Actor.staff("desk-1", Role.FRONT_DESK);

    private static final AtomicInteger MRN = new AtomicInteger();

    MutableClock clock;
    PortalStorage storage;
    Portal portal;

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    StorageKind storageKind;

    /** A new, empty storage of the adapter under test. */
    protected PortalStorage newStorage() {
        return storageKind.create();
    }

    @BeforeEach
    void setUpPortal() {
        clock = MutableClock.start();
        storage = newStorage();
        portal = TestPortals.portal(storage, clock);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    /** Another node: a second portal (own cache) on the same storage and key. */
    Portal node(AuthPolicy policy) {
        return TestPortals.builder(storage, clock).authPolicy(policy).build();
    }

    /** A portal with another password hashing on the same storage. */
    Portal withHashing(PasswordHashing hashing) {
        return Portal.builder().storage(storage).clock(clock).secretKey(TestPortals.testKey())
                .passwordHashing(hashing).notificationSender(new RecordingNotificationSender())
                .allowInsecureForTests().build();
    }

    /** A registered patient with an account, made through the public API. */
    Enrolled enroll(String username, String password) {
        return enroll(portal, username, password);
    }

    Enrolled enroll(Portal through, String username, String password) {
        PatientId patient = through.enrollment().registerPatient(DESK, new RegisterPatient(
                "MRN-" + MRN.incrementAndGet(), "Dana", "Rivers", BIRTH_DATE, SSN4, null, null));
        ActivationCode code = through.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON);
        SignedUp signedUp = through.enrollment().signUp(new SignUp(code.value(), SSN4, BIRTH_DATE, username, password, null));
        return new Enrolled(signedUp.accountId(), patient);
    }

    Enrolled enroll() {
        return enroll(USERNAME, PASSWORD);
    }

    record Enrolled(AccountId accountId, PatientId patientId) {
    }

    Account account(AccountId id) {
        return storage.inTransaction(tx -> tx.accounts().find(id).orElseThrow());
    }

    SessionRecord sessionRecord(SessionId id) {
        return storage.inTransaction(tx -> tx.sessions().find(id).orElseThrow());
    }

    List<AuditEvent> events(AuditChain chain) {
        return storage.inTransaction(tx -> tx.auditTrail().events(chain, 0, 1000));
    }

    /** Every event that concerns no patient, oldest first. */
    List<AuditEvent> patientlessEvents() {
        return AuditTrails.patientless(storage);
    }

    List<AuditEvent> events(PatientId patient) {
        return events(AuditChain.of(patient));
    }

    /** Every outbox entry due now (claimed for the test). */
    List<OutboxEntry> dueOutbox() {
        return new ArrayList<>(storage.inTransaction(tx -> tx.outbox().claimDue(clock.instant(), 1000, "test-claim",
                clock.instant().plusSeconds(60))));
    }

    /** Logs in with a wrong password and checks the one generic failure. */
    void failLogin(Portal through, String username, String password) {
        AuthenticationFailedException failure = catchThrowableOfType(AuthenticationFailedException.class,
                () -> through.auth().logIn(username, password));
        assertThat(failure).as("login must fail").isNotNull();
        assertThat(failure.getMessage()).isEqualTo(AuthenticationFailedException.MESSAGE);
        assertThat(failure.code()).isEqualTo("authentication_failed");
    }

    void failLogin(String username, String password) {
        failLogin(portal, username, password);
    }

    void failLogins(int times) {
        for (int i = 0; i < times; i++) {
            failLogin(USERNAME, WRONG);
        }
    }

    void assertAuditIntact() {
        assertThat(portal.audit().verify().intact()).as("audit chains intact").isTrue();
    }
}

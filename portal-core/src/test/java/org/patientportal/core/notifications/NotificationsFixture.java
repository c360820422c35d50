package org.patientportal.core.notifications;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.testing.AuditTrails;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Delivery;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * What the notification suites share: a fresh storage of the subclass's adapter, a
 * {@link MutableClock}, a {@link RecordingNotificationSender} and a portal over them.
 */
abstract class NotificationsFixture {
    static final Actor DESK = Actor.staff("desk-1", Role.FRONT_DESK);
    static final Actor ADMIN = Actor.staff("admin-1", Role.ADMIN);
    static final Actor CLINICIAN = Actor.staff("doc-1", Role.CLINICIAN);
    static final String GIVEN = "Dana";
    static final String FAMILY = "Rivers";
    static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);
    static final String SSN4 = "1234";
    static final String PASSWORD = "a long passphrase for the portal";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    MutableClock clock;
    PortalStorage storage;
    RecordingNotificationSender sender;
    Portal portal;

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    StorageKind storageKind;

    PortalStorage storage() {
        return storageKind.create();
    }

    /** The policy of the portal under test. */
    NotificationPolicy policy() {
        return NotificationPolicy.defaults();
    }

    @BeforeEach
    void createPortal() {
        clock = MutableClock.start();
        storage = storage();
        sender = new RecordingNotificationSender();
        portal = TestPortals.builder(storage, clock, sender).notificationPolicy(policy()).build();
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    Notifications notifications() {
        return portal.notifications();
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    PatientId register(String email, String mobile) {
        return portal.enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-"), GIVEN, FAMILY,
                BIRTH_DATE, SSN4, email, mobile));
    }

    PatientId register() {
        return register("dana@example.org", "+15555550123");
    }

    /** A registered patient with an account, logged in: their actor. */
    Actor enrolledPatient(PatientId patient) {
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON);
        String username = unique("user");
        SignedUp signedUp = portal.enrollment().signUp(new SignUp(code.value(), SSN4, BIRTH_DATE, username,
                PASSWORD, null));
        Session session = portal.auth().logIn(username, PASSWORD);
        Actor actor = portal.auth().authenticate(session.token());
        if (!actor.patientId().orElseThrow().equals(signedUp.patientId())) {
            throw new AssertionError("signed up someone else");
        }
        return actor;
    }

    Map<OutboxStatus, Long> counts() {
        return storage.inTransaction(tx -> tx.outbox().countByStatus());
    }

    OutboxEntry entry(OutboxEntryId id) {
        return storage.inTransaction(tx -> tx.outbox().find(id)).orElseThrow();
    }

    static OutboxEntryId entryId(Notification notification) {
        String id = notification.id();
        return OutboxEntryId.parse(id.substring(0, id.indexOf(':')));
    }

    /** Enqueues a pending entry of {@code kind} for {@code patient}, due now. */
    OutboxEntry enqueue(String kind, PatientId patient) {
        OutboxEntry entry = OutboxEntry.pending(kind, patient, null, OutboxPayloads.NONE, null, clock.instant(), clock.instant());
        storage.inTransaction(tx -> {
            tx.outbox().enqueue(entry);
            return null;
        });
        return entry;
    }

    /** The patient's events; null: every event that concerns no patient, oldest first. */
    List<AuditEvent> events(PatientId patient) {
        if (patient == null) {
            return AuditTrails.patientless(storage);
        }
        return storage.inTransaction(tx -> tx.auditTrail().events(AuditChain.of(patient), 0, 1000));
    }

    /** Every audit event of every chain. */
    List<AuditEvent> allEvents() {
        return storage.inTransaction(tx -> {
            List<AuditEvent> out = new ArrayList<>();
            for (ChainHead head : tx.auditTrail().chains(null, 1000)) {
                out.addAll(tx.auditTrail().events(head.chain(), 0, 1000));
            }
            return out;
        });
    }
}

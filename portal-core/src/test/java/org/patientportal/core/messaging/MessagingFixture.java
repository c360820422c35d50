package org.patientportal.core.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.patientportal.core.Actor;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PortalBuilder;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.core.testing.PortalSuiteFixture;
import org.patientportal.model.AccountId;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditChain;
import org.patientportal.model.Delivery;
import org.patientportal.model.Message;
import org.patientportal.model.MessageThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.screening.UrgencyScreener;

/**
 * What the messaging suites share: one storage of the adapter under test per run of a test class, and per
 * test a fresh clock (Monday 2026-03-02 09:00Z), sender and portal; each test makes its own pool,
 * topic, pool member and patients. The clinic's zone is New York.
 */
abstract class MessagingFixture extends PortalSuiteFixture {
    static final Actor DESK = Actor.staff("desk-ms", Role.FRONT_DESK);
    static final Actor ADMIN = Actor.staff("admin-ms", Role.ADMIN);
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final String SSN4 = "4321";
    static final String PASSWORD = "a long passphrase for the portal";
    static final LocalDate ADULT = LocalDate.of(1980, 5, 20);
    static final PageRequest FIRST = PageRequest.first(50);

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    PoolView pool;
    TopicView topic;
    Actor nurse;

    /** The screener of the portal under test (default: the SDK's). */
    UrgencyScreener screener() {
        return UrgencyScreeners.standard();
    }

    @Override
    protected PortalBuilder configure(PortalBuilder builder) {
        return builder.urgencyScreener(screener());
    }

    /** This test's pool, topic and pool member, in a clinic in New York; after the portal is made. */
    @BeforeEach
    void createClinic() {
        messaging().setClinicZone(ADMIN, NEW_YORK);
        pool = messaging().createPool(ADMIN, new CreatePool(unique("Nurse line ")));
        topic = messaging().createTopic(ADMIN, new CreateTopic(unique("Medication question "), pool.id(), null));
        nurse = Actor.staff(unique("nurse-"), Role.CLINICIAN);
        messaging().addPoolMember(ADMIN, pool.id(), nurse.staffId().orElseThrow());
    }

    Messaging messaging() {
        return portal.messaging();
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    /** A patient with an account, logged in. */
    record Member(PatientId patient, AccountId account, Actor actor) {
    }

    Member member() {
        return member(ADULT);
    }

    Member member(LocalDate birthDate) {
        PatientId patient = register(birthDate);
        String code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON).value();
        String username = unique("ms-user");
        AccountId account = portal.enrollment().signUp(new SignUp(code, SSN4, birthDate, username, PASSWORD, null))
                .accountId();
        Actor actor = portal.auth().authenticate(portal.auth().logIn(username, PASSWORD).token());
        return new Member(patient, account, actor);
    }

    PatientId register(LocalDate birthDate) {
        return portal.enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-MS-"), "Robin", "Vale",
                birthDate, SSN4, unique("pt") + "@example.org", null));
    }

    void grant(Member proxy, PatientId patient, ProxyRelationship relationship) {
        portal.proxies().grant(ADMIN, patient, new GrantProxy(proxy.account(), relationship,
                java.util.EnumSet.allOf(ProxyScope.class)));
    }

    StartThread thread(String subject, String body) {
        return new StartThread(topic.id(), null, subject, body, false, null);
    }

    Sent start(Member member, String subject, String body) {
        return messaging().start(member.actor(), member.patient(), thread(subject, body));
    }

    Sent staffReply(Member member, MessageThreadId thread, String body) {
        return messaging().reply(nurse, member.patient(), thread, new Reply(body, false, null));
    }

    // ---------------------------------------------------------------- read-backs through the SPI

    MessageThread stored(MessageThreadId id) {
        return storage.inTransaction(tx -> tx.messageThreads().find(id)).orElseThrow();
    }

    List<MessageThread> threadsOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.messageThreads().forPatient(patient, null, 1000));
    }

    List<Message> messagesOf(MessageThreadId thread) {
        return storage.inTransaction(tx -> tx.messages().inThread(thread, 0, 1000));
    }

    Map<OutboxStatus, Long> outboxCounts() {
        return storage.inTransaction(tx -> tx.outbox().countByStatus());
    }

    /** The audit events on a patient's chain, oldest first. */
    List<AuditEvent> auditOf(PatientId patient) {
        return storage.inTransaction(tx -> tx.auditTrail().events(AuditChain.of(patient), 0, 1000));
    }

    Instant now() {
        return clock.instant();
    }
}

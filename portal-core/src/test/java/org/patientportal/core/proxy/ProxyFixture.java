package org.patientportal.core.proxy;

import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.Actor;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.ScopeProbe;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.AccountId;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.PortalStorage;

/**
 * What every proxy suite shares: a fresh storage of the subclass's adapter, a {@link MutableClock}, a
 * test portal, the {@link ScopeProbe} over the same storage, and helpers that enroll patients through
 * the public API (register, code, sign-up, log-in, authenticate).
 */
public abstract class ProxyFixture {
    protected static final Actor ADMIN = Actor.staff("admin-1", Role.ADMIN);
    protected static final Actor DESK = Actor.staff("desk-1", Role.FRONT_DESK);
    protected static final Actor CLINICIAN = Actor.staff("doc-1", Role.CLINICIAN);
    protected static final LocalDate ADULT_BIRTH_DATE = LocalDate.of(1980, 5, 20);
    protected static final Set<ProxyScope> ALL = EnumSet.allOf(ProxyScope.class);
    protected static final String PASSWORD = "a long passphrase for the portal";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    protected MutableClock clock;
    protected PortalStorage storage;
    protected Portal portal;
    protected ScopeProbe probe;

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    StorageKind storageKind;

    protected PortalStorage storage() {
        return storageKind.create();
    }

    /** The clock the portal is built with (the suite's mutable clock, perhaps in another zone). */
    protected Clock portalClock() {
        return clock;
    }

    @BeforeEach
    protected void createPortal() {
        clock = MutableClock.start();
        storage = storage();
        portal = TestPortals.portal(storage, portalClock());
        probe = ScopeProbe.over(storage, portalClock());
    }

    @AfterEach
    protected void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    /** A patient enrolled and logged in: its id, its account and its actor. */
    protected record Enrolled(PatientId patient, AccountId account, Actor actor) {
    }

    protected static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    /** Registers a patient born on {@code birthDate} (without an account). */
    protected PatientId register(LocalDate birthDate) {
        return portal.enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-"), "Robin", "Vale", birthDate,
                "4321", "robin@example.org", "+15555550100"));
    }

    /** Registers a patient born on {@code birthDate}, signs them up and logs them in. */
    protected Enrolled enroll(LocalDate birthDate) {
        PatientId patient = register(birthDate);
        String code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON).value();
        String username = unique("user");
        SignedUp signedUp = portal.enrollment().signUp(new SignUp(code, "4321", birthDate, username, PASSWORD, null));
        Actor actor = portal.auth().authenticate(portal.auth().logIn(username, PASSWORD).token());
        return new Enrolled(patient, signedUp.accountId(), actor);
    }

    /** An enrolled adult. */
    protected Enrolled adult() {
        return enroll(ADULT_BIRTH_DATE);
    }

    protected ProxyGrantView grant(Enrolled proxy, PatientId patient, ProxyRelationship relationship, Set<ProxyScope> scopes) {
        return portal.proxies().grant(ADMIN, patient, new GrantProxy(proxy.account(), relationship, scopes));
    }

    protected void setDate(LocalDate date) {
        clock.set(date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }

    protected void setInstant(String instant) {
        clock.set(Instant.parse(instant));
    }

    /** The scopes {@code proxy} has on {@code patient} per {@code actingFor}, or null if it is not listed. */
    protected Set<ProxyScope> actingScopes(Enrolled proxy, PatientId patient) {
        return portal.proxies().actingFor(proxy.actor(), PageRequest.first(100)).items().stream()
                .filter(a -> a.patientId().equals(patient))
                .map(ActingFor::scopes)
                .findFirst().orElse(null);
    }

    /**
     * Asserts that {@code call} was denied exactly as "not found" (type, code, message) and that the
     * denial was audited once, DENIED with {@code reason}; gives the audit event.
     */
    protected AuditEvent assertDeniedAsNotFound(Runnable call, String reason) {
        Set<AuditEventId> before = deniedIds();
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isExactlyInstanceOf(NotFoundException.class).hasMessage("patient not found");
        assertThat(((NotFoundException) thrown).code()).isEqualTo("not_found");
        AuditEvent event = onlyNewDenied(before);
        assertThat(event.reason()).isEqualTo(reason);
        return event;
    }

    /** The one DENIED event written since {@code before} was taken. */
    protected AuditEvent onlyNewDenied(Set<AuditEventId> before) {
        List<AuditEvent> fresh = allEvents().stream()
                .filter(e -> e.outcome() == AuditOutcome.DENIED && !before.contains(e.id())).toList();
        assertThat(fresh).as("new DENIED audit events").hasSize(1);
        return fresh.get(0);
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

    protected Set<AuditEventId> deniedIds() {
        return allEvents().stream().filter(e -> e.outcome() == AuditOutcome.DENIED).map(AuditEvent::id)
                .collect(java.util.stream.Collectors.toSet());
    }

    protected List<AuditEvent> events(PatientId patient) {
        return storage.inTransaction(tx -> tx.auditTrail().events(AuditChain.of(patient), 0, 1000));
    }

    protected AuditEvent lastEvent(PatientId patient) {
        List<AuditEvent> events = events(patient);
        return events.get(events.size() - 1);
    }

    /** The grants stored on a patient's record, as the API shows them. */
    protected List<ProxyGrantView> storedGrants(PatientId patient) {
        return storedGrantRows(patient).stream().map(g -> new ProxyGrantView(g.id(), g.proxyAccountId(),
                g.patientId(), g.relationship(), g.scopes(), g.teenConsent(), g.grantedAt(), g.grantedBy(),
                g.expiresAt(), g.revokedAt(), g.revokedBy())).toList();
    }

    protected List<ProxyGrant> storedGrantRows(PatientId patient) {
        return storage.inTransaction(tx -> tx.proxyGrants().listForPatient(patient, null, 1000));
    }
}

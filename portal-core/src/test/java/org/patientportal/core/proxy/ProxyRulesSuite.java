package org.patientportal.core.proxy;

import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.ScopeProbe;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.ProxyGrants;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;

/** PX-1, PX-3, IN-2 and AD-1 for proxies and the access policy, on every adapter. */
@OnEveryStorage
@DisplayName("Proxy rules (PX-1, PX-3) and the access policy")
class ProxyRulesSuite extends ProxyFixture {
    private static final LocalDate CHILD = LocalDate.of(2018, 4, 3);

    // ---------------------------------------------------------------- PX-1 grant

    @Test
    @DisplayName("PX-1 an admin grants scopes to an account; the grant is stored and audited with the role used (ST-2)")
    void adminGrants() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        ProxyGrantView grant = grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER,
                Set.of(ProxyScope.APPOINTMENTS, ProxyScope.RESULTS));

        assertThat(grant.proxyAccountId()).isEqualTo(caregiver.account());
        assertThat(grant.patientId()).isEqualTo(patient.patient());
        assertThat(grant.scopes()).containsExactlyInAnyOrder(ProxyScope.APPOINTMENTS, ProxyScope.RESULTS);
        assertThat(grant.teenConsent()).isEmpty();
        assertThat(grant.grantedBy()).isEqualTo("admin-1");
        assertThat(storedGrants(patient.patient())).containsExactly(grant);
        AuditEvent event = lastEvent(patient.patient());
        assertThat(event.action()).isEqualTo(AuditAction.CREATE);
        assertThat(event.category()).isEqualTo("proxy-grant");
        assertThat(event.recordId()).isEqualTo(grant.id().toString());
        assertThat(event.actor().role()).isEqualTo("ADMIN");
        assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    }

    @Test
    @DisplayName("PX-1 a proxy acts only with a granted scope; the scope it lacks answers as not found")
    void scopesDecide() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, Set.of(ProxyScope.APPOINTMENTS));

        assertThat(probe.appointments(caregiver.actor(), patient.patient())).isEqualTo("PROXY");
        assertDeniedAsNotFound(() -> probe.results(caregiver.actor(), patient.patient()), "scope_not_granted");
        assertDeniedAsNotFound(() -> probe.medications(caregiver.actor(), patient.patient()), "scope_not_granted");
        assertThat(probe.appointments(patient.actor(), patient.patient())).isEqualTo("SELF");
    }

    @Test
    @DisplayName("PX-1 a stranger patient is answered exactly as for an unknown patient id, and audited DENIED on the target's chain")
    void strangerLooksLikeUnknown() {
        Enrolled patient = adult();
        Enrolled stranger = adult();

        AuditEvent denied = assertDeniedAsNotFound(() -> probe.results(stranger.actor(), patient.patient()), "no_grant");
        assertThat(denied.patientId()).isEqualTo(patient.patient());
        assertThat(denied.actor().kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(denied.actor().id()).isEqualTo(stranger.account().toString());
        AuditEvent unknown = assertDeniedAsNotFound(() -> probe.results(stranger.actor(), PatientId.newId()), "no_grant");
        assertThat(unknown.patientId()).isNull();
        NotFoundException unknownToStaff = catchThrowableOfType(NotFoundException.class,
                () -> portal.proxies().grants(ADMIN, PatientId.newId(), PageRequest.first(10)).items());
        assertThat(unknownToStaff).hasMessage("patient not found");
    }

    @Test
    @DisplayName("AD-1 a proxy's call is audited as PROXY with its account id, on the chain of the patient acted for")
    void proxyAudit() {
        PatientId child = register(CHILD);
        Enrolled parent = adult();
        grant(parent, child, ProxyRelationship.PARENT, ALL);

        probe.results(parent.actor(), child);
        AuditEvent event = lastEvent(child);
        assertThat(event.actor().kind()).isEqualTo(ActorKind.PROXY);
        assertThat(event.actor().id()).isEqualTo(parent.account().toString());
        assertThat(event.patientId()).isEqualTo(child);
        assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(event.category()).isEqualTo("probe");
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("PX-1 grant refusals: own record, unknown account, a second active grant (after a revoke a new one is fine)")
    void grantRefusals() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();

        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> grant(patient, patient.patient(), ProxyRelationship.CAREGIVER, ALL)).reason()).isEqualTo("own_record");
        assertThatThrownBy(() -> portal.proxies().grant(ADMIN, patient.patient(),
                new GrantProxy(AccountId.newId(), ProxyRelationship.CAREGIVER, ALL)))
                .isExactlyInstanceOf(NotFoundException.class).hasMessage("account not found");
        ProxyGrantView first = grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL);
        assertThatThrownBy(() -> grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL))
                .isExactlyInstanceOf(ConflictException.class);
        assertThat(lastEvent(patient.patient()).outcome()).isEqualTo(AuditOutcome.FAILED);
        portal.proxies().revoke(ADMIN, patient.patient(), first.id());
        assertThat(grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL).id()).isNotEqualTo(first.id());
    }

    @Test
    @DisplayName("IN-2 an invalid grant reports every violation with field paths, writes no grant, and is audited FAILED")
    void grantValidation() {
        Enrolled patient = adult();
        Set<ProxyScope> withNull = new HashSet<>();
        withNull.add(null);

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.proxies().grant(ADMIN, patient.patient(), new GrantProxy(null, null, Set.of())));
        assertThat(e.violations()).extracting(Violation::path).containsExactly("proxyAccount", "relationship", "scopes");
        InvalidRequestException nulls = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.proxies().grant(ADMIN, null, new GrantProxy(patient.account(), ProxyRelationship.PARENT,
                        withNull)));
        assertThat(nulls.violations()).extracting(Violation::path).contains("patient")
                .anyMatch(path -> path.startsWith("scopes"));
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> portal.proxies().grant(ADMIN, patient.patient(), null)).violations())
                .extracting(Violation::path).containsExactly("command");
        assertThat(storedGrants(patient.patient())).isEmpty();
        assertThat(lastEvent(patient.patient()).outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(lastEvent(patient.patient()).reason()).isEqualTo("invalid_request");
    }

    @Test
    @DisplayName("ST-1 only an admin grants and renews: front desk and clinician get access denied, audited DENIED")
    void onlyAdminGrants() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        GrantProxy command = new GrantProxy(caregiver.account(), ProxyRelationship.CAREGIVER, ALL);

        assertThatThrownBy(() -> portal.proxies().grant(DESK, patient.patient(), command))
                .isExactlyInstanceOf(AccessDeniedException.class).hasMessage("access denied");
        assertThatThrownBy(() -> portal.proxies().grant(CLINICIAN, patient.patient(), command))
                .isExactlyInstanceOf(AccessDeniedException.class);
        AuditEvent denied = lastEvent(patient.patient());
        assertThat(denied.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(denied.reason()).isEqualTo("access_denied");
        assertThat(denied.actor().id()).isEqualTo("doc-1");
        assertDeniedAsNotFound(() -> portal.proxies().grant(patient.actor(), patient.patient(), command),
                "not_for_patients");
        assertThat(storedGrants(patient.patient())).isEmpty();
    }

    // ---------------------------------------------------------------- PX-3 revoke

    @Test
    @DisplayName("PX-3 an admin revokes: the proxy loses access at once; revoking again changes nothing")
    void adminRevokes() {
        PatientId child = register(CHILD);
        Enrolled parent = adult();
        ProxyGrantView grant = grant(parent, child, ProxyRelationship.PARENT, ALL);

        portal.proxies().revoke(ADMIN, child, grant.id());
        assertDeniedAsNotFound(() -> probe.appointments(parent.actor(), child), "no_grant");
        assertThat(storedGrants(child)).isEmpty();
        ProxyGrant stored = storage.inTransaction(tx -> tx.proxyGrants().find(grant.id())).orElseThrow();
        assertThat(stored.revokedBy()).isEqualTo("admin-1");
        portal.proxies().revoke(ADMIN, child, grant.id());
        assertThat(portal.proxies().actingFor(parent.actor(), PageRequest.first(10)).items()).hasSize(1);
    }

    @Test
    @DisplayName("PX-3 an adult patient revokes any grant on their record; a minor patient may not (answered as not found)")
    void patientRevokes() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        ProxyGrantView grant = grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL);
        Enrolled teen = enroll(LocalDate.of(2012, 1, 10));
        Enrolled parent = adult();
        ProxyGrantView teenGrant = grant(parent, teen.patient(), ProxyRelationship.PARENT, ALL);

        portal.proxies().revoke(patient.actor(), patient.patient(), grant.id());
        assertThat(storedGrants(patient.patient())).isEmpty();
        AuditEvent event = lastEvent(patient.patient());
        assertThat(event.actor().kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(event.action()).isEqualTo(AuditAction.UPDATE);
        assertThat(storage.inTransaction(tx -> tx.proxyGrants().find(grant.id())).orElseThrow().revokedBy())
                .isEqualTo(patient.account().toString());

        assertDeniedAsNotFound(() -> portal.proxies().revoke(teen.actor(), teen.patient(), teenGrant.id()), "not_adult");
        assertDeniedAsNotFound(() -> portal.proxies().revoke(parent.actor(), teen.patient(), teenGrant.id()),
                "not_for_proxies");
        assertThat(storedGrants(teen.patient())).containsExactly(teenGrant);
    }

    @Test
    @DisplayName("PX-3 a grant named on another patient's record is not found, and nothing is revoked")
    void revokeOtherRecord() {
        Enrolled a = adult();
        Enrolled b = adult();
        Enrolled caregiver = adult();
        ProxyGrantView onB = grant(caregiver, b.patient(), ProxyRelationship.CAREGIVER, ALL);

        assertThatThrownBy(() -> portal.proxies().revoke(a.actor(), a.patient(), onB.id()))
                .isExactlyInstanceOf(NotFoundException.class).hasMessage("proxy grant not found");
        assertThatThrownBy(() -> portal.proxies().revoke(ADMIN, a.patient(), ProxyGrantId.newId()))
                .isExactlyInstanceOf(NotFoundException.class);
        assertThat(storedGrants(b.patient())).containsExactly(onB);
    }

    // ---------------------------------------------------------------- listing

    @Test
    @DisplayName("PX-1 grants on a record: the patient, front desk and admin list them; a clinician and a proxy may not")
    void listGrants() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        ProxyGrantView grant = grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL);

        assertThat(portal.proxies().grants(patient.actor(), patient.patient(), PageRequest.first(10)).items()).containsExactly(grant);
        assertThat(portal.proxies().grants(DESK, patient.patient(), PageRequest.first(10)).items()).containsExactly(grant);
        assertThat(portal.proxies().grants(ADMIN, patient.patient(), PageRequest.first(10)).items()).containsExactly(grant);
        assertThatThrownBy(() -> portal.proxies().grants(CLINICIAN, patient.patient(), PageRequest.first(10)).items())
                .isExactlyInstanceOf(AccessDeniedException.class);
        assertDeniedAsNotFound(() -> portal.proxies().grants(caregiver.actor(), patient.patient(), PageRequest.first(10)).items(), "not_for_proxies");
    }

    @Test
    @DisplayName("PX-1 actingFor: the account's own record first, then every patient with an effective grant, each read audited")
    void actingFor() {
        Enrolled parent = adult();
        PatientId first = register(CHILD);
        PatientId second = register(LocalDate.of(2016, 9, 9));
        Enrolled elder = adult();
        grant(parent, first, ProxyRelationship.PARENT, Set.of(ProxyScope.APPOINTMENTS));
        grant(parent, second, ProxyRelationship.GUARDIAN, ALL);
        ProxyGrantView care = grant(parent, elder.patient(), ProxyRelationship.CAREGIVER, Set.of(ProxyScope.RECORDS));
        portal.proxies().revoke(ADMIN, elder.patient(), care.id());

        List<ActingFor> list = portal.proxies().actingFor(parent.actor(), PageRequest.first(10)).items();
        assertThat(list).extracting(ActingFor::patientId).containsExactly(parent.patient(), first, second);
        assertThat(list.get(0).self()).isTrue();
        assertThat(list.get(0).scopes()).isEqualTo(ALL);
        assertThat(list.get(1).relationship()).isEqualTo(ProxyRelationship.PARENT);
        assertThat(list.get(1).scopes()).containsExactly(ProxyScope.APPOINTMENTS);
        assertThat(list.get(1).givenName()).isEqualTo("Robin");
        assertThat(list.get(1).toString()).doesNotContain("Robin");
        AuditEvent read = lastEvent(first);
        assertThat(read.action()).isEqualTo(AuditAction.READ);
        assertThat(read.actor().kind()).isEqualTo(ActorKind.PROXY);
        assertThat(lastEvent(parent.patient()).actor().kind()).isEqualTo(ActorKind.PATIENT);

        // paged one by one: the own record, then each grant; the revoked one is not listed
        Page<ActingFor> one = portal.proxies().actingFor(parent.actor(), PageRequest.first(1));
        List<PatientId> paged = new java.util.ArrayList<>(one.items().stream().map(ActingFor::patientId).toList());
        while (one.hasNext()) {
            one = portal.proxies().actingFor(parent.actor(), one.nextRequest(1));
            one.items().forEach(a -> paged.add(a.patientId()));
        }
        assertThat(paged).containsExactly(parent.patient(), first, second);

        assertThatThrownBy(() -> portal.proxies().actingFor(DESK, PageRequest.first(10)))
                .isExactlyInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> portal.proxies().actingFor(null, PageRequest.first(10)))
                .isExactlyInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> portal.proxies().actingFor(parent.actor(), PageRequest.after("forged", 10)))
                .isExactlyInstanceOf(InvalidRequestException.class);
    }

    // ---------------------------------------------------------------- consent

    @Test
    @DisplayName("PX-2 consent: only RESULTS and MESSAGING (IN-2), only scopes the grant gives, only by the teen, not for a caregiver grant")
    void consentRules() {
        Enrolled teen = enroll(LocalDate.of(2011, 11, 30));
        Enrolled parent = adult();
        ProxyGrantView narrow = grant(parent, teen.patient(), ProxyRelationship.PARENT, Set.of(ProxyScope.RESULTS));

        InvalidRequestException invalid = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.proxies().consent(teen.actor(), teen.patient(), null, Set.of(ProxyScope.APPOINTMENTS)));
        assertThat(invalid.violations()).extracting(Violation::path).containsExactly("grant", "scopes");
        assertThat(catchThrowableOfType(RuleViolationException.class, () -> portal.proxies().consent(teen.actor(),
                teen.patient(), narrow.id(), Set.of(ProxyScope.MESSAGING))).reason()).isEqualTo("scope_not_granted");
        assertDeniedAsNotFound(() -> portal.proxies().consent(parent.actor(), teen.patient(), narrow.id(),
                Set.of(ProxyScope.RESULTS)), "not_for_proxies");
        assertThatThrownBy(() -> portal.proxies().consent(ADMIN, teen.patient(), narrow.id(), Set.of()))
                .isExactlyInstanceOf(AccessDeniedException.class);
        Enrolled adult = adult();
        Enrolled caregiver = adult();
        ProxyGrantView care = grant(caregiver, adult.patient(), ProxyRelationship.CAREGIVER, ALL);
        assertThat(catchThrowableOfType(RuleViolationException.class, () -> portal.proxies().consent(adult.actor(),
                adult.patient(), care.id(), Set.of())).reason()).isEqualTo("not_a_teen");
        assertThat(storedGrants(teen.patient())).containsExactly(narrow);
    }

    // ---------------------------------------------------------------- the policy itself

    @Test
    @DisplayName("PX-3 adult-only self operations: the day before the 18th birthday answered as not found, on the day allowed")
    void adultSelfOnly() {
        setDate(LocalDate.of(2020, 1, 1));
        Enrolled patient = enroll(LocalDate.of(2010, 7, 1));

        setInstant("2028-06-30T23:59:59Z");
        assertDeniedAsNotFound(() -> probe.adultSelf(patient.actor(), patient.patient()), "not_adult");
        setInstant("2028-07-01T00:00:00Z");
        assertThat(probe.adultSelf(patient.actor(), patient.patient())).isEqualTo("SELF");
    }

    @Test
    @DisplayName("ST-1 staff need a listed role; a patient on a staff-only operation of their own record is answered as not found")
    void staffRoles() {
        Enrolled patient = adult();
        assertThat(probe.clinicianOnly(CLINICIAN, patient.patient())).isEqualTo("STAFF");
        assertThat(lastEvent(patient.patient()).actor().role()).isEqualTo("CLINICIAN");
        assertThatThrownBy(() -> probe.clinicianOnly(ADMIN, patient.patient()))
                .isExactlyInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> probe.results(ADMIN, patient.patient()))
                .isExactlyInstanceOf(AccessDeniedException.class);
        assertDeniedAsNotFound(() -> probe.clinicianOnly(patient.actor(), patient.patient()), "not_for_patients");
        AuditEvent anonymous = assertDeniedAsNotFound(() -> probe.results(null, patient.patient()), "no_actor");
        assertThat(anonymous.actor().kind()).isEqualTo(ActorKind.ANONYMOUS);
        assertThat(anonymous.patientId()).isEqualTo(patient.patient());
    }

    @Test
    @DisplayName("the policy fails closed: an exception inside the decision denies, answered as not found and audited (policy_error)")
    void failsClosed() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL);
        ScopeProbe broken = ScopeProbe.over(grantsThatThrow(storage), clock);

        assertDeniedAsNotFound(() -> broken.results(caregiver.actor(), patient.patient()), "policy_error");
        assertThat(broken.results(patient.actor(), patient.patient())).isEqualTo("SELF");
        assertThat(probe.results(caregiver.actor(), patient.patient())).isEqualTo("PROXY");
    }

    /** {@code storage} whose proxy grants store throws a non-storage exception on every lookup. */
    private static PortalStorage grantsThatThrow(PortalStorage storage) {
        return new PortalStorage() {
            @Override
            public <T> T inTransaction(TransactionalWork<T> work) {
                return storage.inTransaction(tx -> work.execute((StorageTransaction) Proxy.newProxyInstance(
                        StorageTransaction.class.getClassLoader(), new Class<?>[] {StorageTransaction.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("proxyGrants")) {
                                return Proxy.newProxyInstance(ProxyGrants.class.getClassLoader(),
                                        new Class<?>[] {ProxyGrants.class}, (p, m, a) -> {
                                            throw new IllegalStateException("a bug in a store");
                                        });
                            }
                            try {
                                return method.invoke(tx, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        })));
            }

            @Override
            public void close() {
                // the suite closes the real storage
            }
        };
    }
}

package org.patientportal.core.proxy;

import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.ScopeProbe;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;

/**
 * PX-2 to the day: ages from the clock (its date in its zone) and the birth date; the 12th and 18th
 * birthdays, leap-day births, caregiver expiry at exactly 18 months, renewal. Run on every adapter.
 */
@OnEveryStorage
@DisplayName("Proxy ages to the day (PX-2)")
class ProxyAgeSuite extends ProxyFixture {
    private static final Set<ProxyScope> WITHOUT_TEEN_SCOPES =
            EnumSet.of(ProxyScope.APPOINTMENTS, ProxyScope.MEDICATIONS, ProxyScope.RECORDS);

    @Test
    @DisplayName("PX-2 under 12 a parent has every granted scope, up to the last second of the day before the 12th birthday")
    void underTwelveFull() {
        PatientId child = register(LocalDate.of(2014, 6, 15));
        Enrolled parent = adult();
        grant(parent, child, ProxyRelationship.PARENT, ALL);

        setInstant("2026-06-14T23:59:59Z");
        assertThat(probe.results(parent.actor(), child)).isEqualTo("PROXY");
        assertThat(probe.messaging(parent.actor(), child)).isEqualTo("PROXY");
        assertThat(probe.resultsAndMessaging(parent.actor(), child)).isEqualTo("PROXY");
        assertThat(actingScopes(parent, child)).isEqualTo(ALL);
    }

    @Test
    @DisplayName("PX-2 on the 12th birthday the parent loses RESULTS and MESSAGING, and keeps the other scopes")
    void twelfthBirthday() {
        PatientId child = register(LocalDate.of(2014, 6, 15));
        Enrolled parent = adult();
        grant(parent, child, ProxyRelationship.PARENT, ALL);

        setInstant("2026-06-15T00:00:00Z");
        assertDeniedAsNotFound(() -> probe.results(parent.actor(), child), "teen_restricted");
        assertDeniedAsNotFound(() -> probe.messaging(parent.actor(), child), "teen_restricted");
        assertDeniedAsNotFound(() -> probe.resultsAndMessaging(parent.actor(), child), "teen_restricted");
        assertThat(probe.appointments(parent.actor(), child)).isEqualTo("PROXY");
        assertThat(probe.medications(parent.actor(), child)).isEqualTo("PROXY");
        assertThat(probe.records(parent.actor(), child)).isEqualTo("PROXY");
        assertThat(actingScopes(parent, child)).isEqualTo(WITHOUT_TEEN_SCOPES);
    }

    @Test
    @DisplayName("PX-2 a teen's consent gives RESULTS and MESSAGING back, one by one, and withdrawing it takes them away")
    void teenConsent() {
        Enrolled teen = enroll(LocalDate.of(2012, 1, 10));
        Enrolled parent = adult();
        ProxyGrantView grant = grant(parent, teen.patient(), ProxyRelationship.GUARDIAN, ALL);
        assertDeniedAsNotFound(() -> probe.results(parent.actor(), teen.patient()), "teen_restricted");

        ProxyGrantView consented = portal.proxies().consent(teen.actor(), teen.patient(), grant.id(),
                Set.of(ProxyScope.RESULTS));
        assertThat(consented.teenConsent()).containsExactly(ProxyScope.RESULTS);
        assertThat(probe.results(parent.actor(), teen.patient())).isEqualTo("PROXY");
        assertDeniedAsNotFound(() -> probe.messaging(parent.actor(), teen.patient()), "teen_restricted");

        portal.proxies().consent(teen.actor(), teen.patient(), grant.id(), Set.of(ProxyScope.RESULTS, ProxyScope.MESSAGING));
        assertThat(probe.resultsAndMessaging(parent.actor(), teen.patient())).isEqualTo("PROXY");
        assertThat(actingScopes(parent, teen.patient())).isEqualTo(ALL);

        portal.proxies().consent(teen.actor(), teen.patient(), grant.id(), Set.of());
        assertDeniedAsNotFound(() -> probe.results(parent.actor(), teen.patient()), "teen_restricted");
        AuditEvent consent = events(teen.patient()).stream().filter(e -> e.category().equals("proxy-grant")
                && e.actor().kind() == ActorKind.PATIENT).reduce((a, b) -> b).orElseThrow();
        assertThat(consent.recordId()).isEqualTo(grant.id().toString());
        assertThat(consent.actor().id()).isEqualTo(teen.account().toString());
    }

    @Test
    @DisplayName("PX-2 consent only from a patient aged 12 to 17: the day before the 12th and on the 18th birthday it is refused")
    void consentOnlyByTeen() {
        setDate(LocalDate.of(2020, 1, 1));
        Enrolled child = enroll(LocalDate.of(2014, 6, 15));
        Enrolled parent = adult();
        ProxyGrantView grant = grant(parent, child.patient(), ProxyRelationship.PARENT, ALL);

        setInstant("2026-06-14T23:59:59Z");
        assertThat(catchThrowableOfType(RuleViolationException.class, () -> portal.proxies().consent(child.actor(),
                child.patient(), grant.id(), Set.of(ProxyScope.RESULTS))).reason()).isEqualTo("not_a_teen");
        setInstant("2026-06-15T00:00:00Z");
        assertThat(portal.proxies().consent(child.actor(), child.patient(), grant.id(), Set.of(ProxyScope.RESULTS))
                .teenConsent()).containsExactly(ProxyScope.RESULTS);
        setInstant("2032-06-15T00:00:00Z");
        assertThat(catchThrowableOfType(RuleViolationException.class, () -> portal.proxies().consent(child.actor(),
                child.patient(), grant.id(), Set.of())).reason()).isEqualTo("not_a_teen");
    }

    @Test
    @DisplayName("PX-2 the day before the 18th birthday the parent still acts; on the 18th birthday the grant has ended by itself")
    void eighteenthBirthday() {
        PatientId child = register(LocalDate.of(2014, 6, 15));
        Enrolled parent = adult();
        ProxyGrantView grant = grant(parent, child, ProxyRelationship.PARENT, ALL);
        assertThat(grant.expiresAt()).isEqualTo(Instant.parse("2032-06-15T00:00:00Z"));

        setInstant("2032-06-14T23:59:59Z");
        assertThat(probe.appointments(parent.actor(), child)).isEqualTo("PROXY");
        assertThat(actingScopes(parent, child)).isEqualTo(WITHOUT_TEEN_SCOPES);

        setInstant("2032-06-15T00:00:00Z");
        AuditEvent denied = assertDeniedAsNotFound(() -> probe.appointments(parent.actor(), child), "grant_ended");
        assertThat(denied.actor().kind()).isEqualTo(ActorKind.PROXY);
        assertThat(denied.patientId()).isEqualTo(child);
        assertThat(actingScopes(parent, child)).isNull();
        assertThat(portal.proxies().actingFor(parent.actor(), PageRequest.first(10)).items()).hasSize(1);
    }

    @Test
    @DisplayName("PX-2 a child born on 29 February: restricted on 29 February of the 12th year, ended on 28 February of the 18th")
    void leapDayBirth() {
        setDate(LocalDate.of(2019, 6, 1));
        PatientId child = register(LocalDate.of(2008, 2, 29));
        Enrolled parent = adult();
        ProxyGrantView grant = grant(parent, child, ProxyRelationship.PARENT, ALL);
        assertThat(grant.expiresAt()).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));

        setInstant("2020-02-28T23:59:59Z");
        assertThat(probe.results(parent.actor(), child)).isEqualTo("PROXY");
        setInstant("2020-02-29T00:00:00Z");
        assertDeniedAsNotFound(() -> probe.results(parent.actor(), child), "teen_restricted");
        assertThat(probe.appointments(parent.actor(), child)).isEqualTo("PROXY");

        setInstant("2026-02-27T23:59:59Z");
        assertThat(probe.appointments(parent.actor(), child)).isEqualTo("PROXY");
        setInstant("2026-02-28T00:00:00Z");
        assertDeniedAsNotFound(() -> probe.appointments(parent.actor(), child), "grant_ended");
    }

    @Test
    @DisplayName("PX-2 a parent grant fits up to the day before the 18th birthday, a caregiver grant from that day (leap-day birth)")
    void relationshipFitsAgeToTheDay() {
        setDate(LocalDate.of(2020, 1, 1));
        PatientId patient = register(LocalDate.of(2008, 2, 29));
        Enrolled parent = adult();
        Enrolled caregiver = adult();

        setInstant("2026-02-27T23:59:59Z");
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> grant(caregiver, patient, ProxyRelationship.CAREGIVER, ALL)).reason()).isEqualTo("patient_not_adult");
        assertThat(grant(parent, patient, ProxyRelationship.PARENT, ALL).expiresAt())
                .isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));

        setInstant("2026-02-28T00:00:00Z");
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> grant(parent, patient, ProxyRelationship.GUARDIAN, ALL)).reason()).isEqualTo("patient_not_minor");
        assertThat(grant(caregiver, patient, ProxyRelationship.CAREGIVER, ALL).expiresAt())
                .isEqualTo(Instant.parse("2027-08-28T00:00:00Z"));
    }

    @Test
    @DisplayName("PX-2 the day is the clock's date in the clock's zone: a New York clinic's child turns 18 at midnight in New York")
    void clockZoneDecidesTheDay() {
        PatientId child = register(LocalDate.of(2014, 6, 15));
        Enrolled parent = adult();
        grant(parent, child, ProxyRelationship.PARENT, ALL);
        ScopeProbe newYork = ScopeProbe.over(storage, clock.withZone(ZoneId.of("America/New_York")));

        setInstant("2032-06-15T03:59:59Z");
        assertDeniedAsNotFound(() -> probe.appointments(parent.actor(), child), "grant_ended");
        assertThat(newYork.appointments(parent.actor(), child)).isEqualTo("PROXY");
        setInstant("2032-06-15T04:00:00Z");
        assertDeniedAsNotFound(() -> newYork.appointments(parent.actor(), child), "grant_ended");
    }

    @Test
    @DisplayName("PX-2 a caregiver grant expires at exactly 18 months: allowed the day before and a microsecond before, denied at the instant")
    void caregiverExpiry() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        ProxyGrantView grant = grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL);
        assertThat(grant.grantedAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(grant.expiresAt()).isEqualTo(Instant.parse("2027-09-02T09:00:00Z"));

        setInstant("2027-09-01T09:00:00Z");
        assertThat(probe.results(caregiver.actor(), patient.patient())).isEqualTo("PROXY");
        setInstant("2027-09-02T08:59:59.999999Z");
        assertThat(probe.messaging(caregiver.actor(), patient.patient())).isEqualTo("PROXY");
        assertThat(actingScopes(caregiver, patient.patient())).isEqualTo(ALL);

        setInstant("2027-09-02T09:00:00Z");
        AuditEvent denied = assertDeniedAsNotFound(() -> probe.results(caregiver.actor(), patient.patient()),
                "grant_expired");
        assertThat(denied.actor().kind()).isEqualTo(ActorKind.PROXY);
        assertThat(denied.actor().id()).isEqualTo(caregiver.account().toString());
        assertThat(actingScopes(caregiver, patient.patient())).isNull();
    }

    @Test
    @DisplayName("PX-2 renewal: 18 months from the renewal; before expiry it extends, after expiry it restores access")
    void renewal() {
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        ProxyGrantView grant = grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL);

        setInstant("2027-08-02T09:00:00Z");
        ProxyGrantView renewed = portal.proxies().renew(ADMIN, patient.patient(), grant.id());
        assertThat(renewed.expiresAt()).isEqualTo(Instant.parse("2029-02-02T09:00:00Z"));
        assertThat(renewed.grantedAt()).isEqualTo(grant.grantedAt());
        setInstant("2027-09-02T09:00:00Z");
        assertThat(probe.records(caregiver.actor(), patient.patient())).isEqualTo("PROXY");
        setInstant("2029-02-02T09:00:00Z");
        assertDeniedAsNotFound(() -> probe.records(caregiver.actor(), patient.patient()), "grant_expired");

        setInstant("2029-06-01T12:00:00Z");
        assertThat(portal.proxies().renew(ADMIN, patient.patient(), grant.id()).expiresAt())
                .isEqualTo(Instant.parse("2030-12-01T12:00:00Z"));
        assertThat(probe.records(caregiver.actor(), patient.patient())).isEqualTo("PROXY");
        assertThat(lastEvent(patient.patient()).actor().kind()).isEqualTo(ActorKind.PROXY);
    }

    @Test
    @DisplayName("PX-2 18 months from 31 August ends on the last day of February (java.time month arithmetic)")
    void caregiverMonthEnd() {
        setInstant("2024-08-31T10:00:00Z");
        Enrolled patient = adult();
        Enrolled caregiver = adult();
        ProxyGrantView grant = grant(caregiver, patient.patient(), ProxyRelationship.CAREGIVER, ALL);
        assertThat(grant.expiresAt()).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
    }

    @Test
    @DisplayName("PX-2 a parent or guardian grant is not renewed: it ends on the 18th birthday")
    void childGrantNotRenewable() {
        PatientId child = register(LocalDate.of(2014, 6, 15));
        Enrolled parent = adult();
        ProxyGrantView grant = grant(parent, child, ProxyRelationship.PARENT, ALL);
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> portal.proxies().renew(ADMIN, child, grant.id())).reason()).isEqualTo("not_renewable");
    }
}

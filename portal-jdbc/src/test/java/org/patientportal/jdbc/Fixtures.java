package org.patientportal.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.ActorKind;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.model.Slot;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.StorageTransaction;

/** Test records with unique keys. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123456Z");

    private Fixtures() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static Patient patient() {
        return new Patient(PatientId.newId(), unique("MRN"), "Ada", "Lovelace", LocalDate.of(1984, 2, 29),
                unique("ssn4"), "ada@example.org", "+15551234567", T0, 0);
    }

    static Account account(PatientId patient) {
        String name = unique("user");
        return new Account(AccountId.newId(), patient, name, name.toLowerCase(java.util.Locale.ROOT),
                "$argon2id$v=19$m=19456,t=2,p=1$salt$hash", AccountStatus.ACTIVE, 0, null, T0, T0, 0);
    }

    static ActivationCodeRecord code(PatientId patient, Instant issuedAt) {
        return new ActivationCodeRecord(ActivationCodeId.newId(), patient, CodePurpose.SIGN_UP, unique("code"),
                Delivery.LETTER, issuedAt, issuedAt.plusSeconds(86_400), "staff-1", CodeStatus.ACTIVE, 0, null, 0);
    }

    static SessionRecord session(AccountId account) {
        return new SessionRecord(SessionId.newId(), account, unique("token"), T0, T0, T0.plusSeconds(43_200), null, 0);
    }

    static OutboxEntry outbox(Instant due) {
        return OutboxEntry.pending("test-kind", null, null, "{\"k\":\"v\"}", null, T0, due);
    }

    static ProxyGrant grant(AccountId proxy, PatientId patient) {
        return grant(ProxyGrantId.newId(), proxy, patient);
    }

    static ProxyGrant grant(ProxyGrantId id, AccountId proxy, PatientId patient) {
        return new ProxyGrant(id, proxy, patient, ProxyRelationship.PARENT,
                EnumSet.of(ProxyScope.APPOINTMENTS, ProxyScope.RESULTS, ProxyScope.MESSAGING),
                Set.of(ProxyScope.RESULTS), T0, "staff-1", T0.plusSeconds(86_400L * 365), null, null, 0);
    }

    static Department department() {
        return new Department(DepartmentId.newId(), unique("Cardiology"), ZoneId.of("America/New_York"), 0);
    }

    static Provider provider() {
        return new Provider(ProviderId.newId(), unique("Dr. A. Okafor"), true, 0);
    }

    static VisitType visitType() {
        return new VisitType(VisitTypeId.newId(), unique("Annual physical"), Duration.ofMinutes(30), true,
                PatientEligibility.ANY, true, 0);
    }

    /** Stores the reference rows a slot names: its department, provider and visit type. */
    static void insertClinic(StorageTransaction tx, Department department, Provider provider, VisitType visitType) {
        tx.departments().insert(department);
        tx.providers().insert(provider);
        tx.visitTypes().insert(visitType);
    }

    /** An open 30-minute slot starting {@code start}. */
    static Slot slot(Provider provider, Department department, Instant start, VisitTypeId... visitTypes) {
        return Slot.open(provider.id(), department.id(), start, start.plusSeconds(1800), Set.of(visitTypes));
    }

    /** A BOOKED appointment of {@code patient} in {@code slot}. */
    static Appointment appointment(PatientId patient, Slot slot) {
        return Appointment.book(AppointmentId.newId(), patient, slot, slot.visitTypes().iterator().next(), T0,
                "account-1");
    }

    static AuditEvent event(AuditChain chain, long sequence, String previousHash) {
        return new AuditEvent(AuditEventId.newId(), chain, sequence, T0, null,
                new AuditActor(ActorKind.SYSTEM, "system", null), AuditAction.EXECUTE, "test", null,
                AuditOutcome.SUCCESS, null, previousHash, "hash-" + chain + "-" + sequence);
    }
}

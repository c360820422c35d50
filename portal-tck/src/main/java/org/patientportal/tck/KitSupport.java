package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.ActorKind;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Channel;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * What the storage contracts share: the kit's constants, row factories, transaction helpers
 * ({@code write}, {@code read}, {@code run}, {@code writeRetrying}), the concurrency harness and the
 * paged-list checks. Each contract class extends it and is given the storage of the current test.
 */
abstract class KitSupport {
    /** Threads in the concurrency contracts. */
    static final int THREADS = 32;
    /** Bound of every wait in the kit. */
    static final Duration AWAIT = Duration.ofSeconds(10);
    /** How long a contract lets a wrong adapter answer before the transaction it should wait for ends (detection only). */
    static final Duration GRACE = Duration.ofMillis(300);
    /** Attempts of a transaction that fails with a {@link TransientStorageException}. */
    static final int MAX_ATTEMPTS = 20;
    /** The kit's "now": microsecond precision, as every instant the kit writes. */
    static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");
    /** The kit's "today": the date of {@link #T0}. */
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    /** Threads in the booking contracts (SC-3). */
    static final int BOOKERS = 64;
    /** A Monday, 9:00 in New York: the kit's appointment times are minutes after it. */
    static final Instant DAY = Instant.parse("2026-04-06T13:00:00Z");

    static final int PAGE_ROWS = 25;
    static final int PAGE_SIZE = 7;

    /** The storage of the current test. */
    protected abstract PortalStorage storage();

    // ------------------------------------------------------------------------------------------
    // Fixtures
    // ------------------------------------------------------------------------------------------

    /** One row in each of the seventeen stores, written by one work. */
    final class Everything {
        final Patient patient = patient();
        final Patient child = patient();
        final Account account = account(patient.id());
        final ActivationCodeRecord code = code(patient.id());
        final SessionRecord session = session(account.id());
        final AuditChain chain = AuditChain.of(patient.id());
        final AuditEvent event = event(chain, patient.id(), ChainHead.empty(chain));
        final String correlationKey = "appointment:" + UUID.randomUUID();
        final OutboxEntry entry = OutboxEntry.pending("appointment-reminder", patient.id(), account.id(),
                "{\"when\":\"tomorrow\"}", correlationKey, T0, T0);
        final IdempotencyRecord idempotency = idempotency("scheduling.book", unique("key"));
        final ProxyGrant grant = grant(account.id(), child.id());
        final NotificationPreferences preferences = new NotificationPreferences(patient.id(),
                Map.of("appointment-reminder", Set.of(Channel.SMS), "test-result", Set.of()), "push-device-1", T0, null, 0);
        final Clinic clinic = new Clinic(department(), provider(), visitType("Checkup", 30), visitType("Annual physical", 60));
        final Slot slot = slot(clinic, minutes(0), 30, clinic.checkup().id(), clinic.physical().id());
        final Appointment appointment = appointment(patient.id(), slot, clinic.checkup().id());
        final VisitSummary summary = summary(appointment, "Seen today.", 0);
        final AppointmentRequest request = request(patient, clinic);
        final WaitlistEntry waiting = waitlistEntry(appointment);
        final SlotQuery everySlot = new SlotQuery(minutes(-6000), minutes(6000), null, null, null);

        void insertAll(StorageTransaction tx) {
            tx.patients().insert(patient);
            tx.patients().insert(child);
            tx.accounts().insert(account);
            tx.activationCodes().insert(code);
            tx.sessions().insert(session);
            tx.auditTrail().lockHead(chain);
            tx.auditTrail().append(event);
            tx.outbox().enqueue(entry);
            tx.idempotencyRecords().insert(idempotency);
            tx.proxyGrants().insert(grant);
            tx.preferences().save(preferences);
            tx.departments().insert(clinic.department());
            tx.providers().insert(clinic.provider());
            tx.visitTypes().insert(clinic.checkup());
            tx.visitTypes().insert(clinic.physical());
            tx.slots().insertAll(List.of(slot));
            assertThat(tx.slots().book(slot.id(), appointment.id())).isTrue();
            assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
            tx.visitSummaries().save(summary);
            tx.appointmentRequests().insert(request);
            tx.waitlist().insert(waiting);
        }

        void assertAbsent() {
            run(tx -> {
                assertThat(tx.patients().find(patient.id())).isEmpty();
                assertThat(tx.patients().findByMrn(patient.mrn())).isEmpty();
                assertThat(tx.patients().page(null, 1000)).isEmpty();
                assertThat(tx.accounts().find(account.id())).isEmpty();
                assertThat(tx.accounts().findByUsernameKey(account.usernameKey())).isEmpty();
                assertThat(tx.accounts().findByPatient(patient.id())).isEmpty();
                assertThat(tx.activationCodes().find(code.id())).isEmpty();
                assertThat(tx.activationCodes().findByHash(code.codeHash())).isEmpty();
                assertThat(tx.activationCodes().findByPatient(patient.id())).isEmpty();
                assertThat(tx.sessions().find(session.id())).isEmpty();
                assertThat(tx.sessions().findByTokenHash(session.tokenHash())).isEmpty();
                assertThat(tx.sessions().listUnrevoked(account.id(), null, 1000)).isEmpty();
                assertThat(tx.auditTrail().head(chain)).isEmpty();
                assertThat(tx.auditTrail().events(chain, 0, 1000)).isEmpty();
                assertThat(tx.auditTrail().chains(null, 1000)).isEmpty();
                assertThat(tx.outbox().find(entry.id())).isEmpty();
                assertThat(tx.outbox().dead(null, 1000)).isEmpty();
                assertThat(tx.idempotencyRecords().find(idempotency.scope(), idempotency.key())).isEmpty();
                assertThat(tx.patients().find(child.id())).isEmpty();
                assertThat(tx.patients().findByMobile(patient.mobile())).isEmpty();
                assertThat(tx.outbox().countByStatus()).isEqualTo(counts(0, 0, 0, 0, 0));
                assertThat(tx.proxyGrants().find(grant.id())).isEmpty();
                assertThat(tx.proxyGrants().findUnrevoked(account.id(), child.id())).isEmpty();
                assertThat(tx.proxyGrants().listForProxy(account.id(), null, 1000)).isEmpty();
                assertThat(tx.proxyGrants().listForPatient(child.id(), null, 1000)).isEmpty();
                assertThat(tx.preferences().find(patient.id())).isEmpty();
                assertThat(tx.departments().find(clinic.department().id())).isEmpty();
                assertThat(tx.departments().page(null, 1000)).isEmpty();
                assertThat(tx.providers().find(clinic.provider().id())).isEmpty();
                assertThat(tx.providers().page(null, 1000)).isEmpty();
                assertThat(tx.visitTypes().find(clinic.checkup().id())).isEmpty();
                assertThat(tx.visitTypes().page(null, 1000)).isEmpty();
                assertThat(tx.slots().find(slot.id())).isEmpty();
                assertThat(tx.slots().findOpen(everySlot, null, 1000)).isEmpty();
                assertThat(tx.slots().overlapping(clinic.provider().id(), minutes(-6000), minutes(6000))).isEmpty();
                assertThat(tx.appointments().find(appointment.id())).isEmpty();
                assertThat(tx.appointments().upcoming(patient.id(), minutes(-6000), null, 1000)).isEmpty();
                assertThat(tx.appointments().past(patient.id(), minutes(6000), null, 1000)).isEmpty();
                assertThat(tx.visitSummaries().find(appointment.id())).isEmpty();
                assertThat(tx.appointmentRequests().find(request.id())).isEmpty();
                assertThat(tx.appointmentRequests().open(null, 1000)).isEmpty();
                assertThat(tx.appointmentRequests().forPatient(patient.id(), null, 1000)).isEmpty();
                assertThat(tx.waitlist().find(waiting.id())).isEmpty();
                assertThat(tx.waitlist().waiting(waiting.visitTypeId(), waiting.providerId(), null, 1000)).isEmpty();
                assertThat(tx.waitlist().forPatient(patient.id(), null, 1000)).isEmpty();
            });
            run(tx -> assertThat(tx.outbox().claimDue(at(86_400), 1000, "probe", at(90_000))).isEmpty());
        }

        void assertPresent() {
            run(tx -> {
                assertThat(tx.patients().find(patient.id())).contains(patient);
                assertThat(tx.accounts().find(account.id())).contains(account);
                assertThat(tx.activationCodes().find(code.id())).contains(code);
                assertThat(tx.sessions().find(session.id())).contains(session);
                assertThat(tx.auditTrail().events(chain, 0, 10)).containsExactly(event);
                assertThat(tx.outbox().find(entry.id())).contains(entry);
                assertThat(tx.idempotencyRecords().find(idempotency.scope(), idempotency.key())).contains(idempotency);
                assertThat(tx.patients().findByMobile(patient.mobile())).containsExactlyElementsOf(byPatientId(List.of(patient, child)));
                assertThat(tx.proxyGrants().find(grant.id())).contains(grant);
                assertThat(tx.proxyGrants().findUnrevoked(account.id(), child.id())).containsExactly(grant);
                assertThat(tx.preferences().find(patient.id())).contains(withVersion(preferences, 1));
                assertThat(tx.departments().find(clinic.department().id())).contains(clinic.department());
                assertThat(tx.providers().find(clinic.provider().id())).contains(clinic.provider());
                assertThat(tx.visitTypes().find(clinic.physical().id())).contains(clinic.physical());
                assertThat(tx.slots().find(slot.id())).hasValueSatisfying(s -> {
                    assertThat(s.status()).isEqualTo(SlotStatus.BOOKED);
                    assertThat(s.appointmentId()).isEqualTo(appointment.id());
                });
                assertThat(tx.slots().findOpen(everySlot, null, 1000)).isEmpty();
                assertThat(tx.appointments().upcoming(patient.id(), minutes(-6000), null, 1000)).containsExactly(appointment);
                assertThat(tx.visitSummaries().find(appointment.id())).contains(summaryVersion(summary, 1));
                assertThat(tx.appointmentRequests().open(null, 1000)).containsExactly(request);
                assertThat(tx.waitlist().waiting(waiting.visitTypeId(), waiting.providerId(), null, 1000)).containsExactly(waiting);
            });
        }
    }

    /** The kit's own failure, thrown by works to roll them back. */
    static final class KitFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KitFailure() {
            super("failure thrown by the compatibility kit's work");
        }
    }

    /**
     * How one concurrent task ended.
     *
     * @param value   its result, if it succeeded
     * @param failure what it threw, or null
     * @param <T>     the result type
     */
    record Outcome<T>(T value, Throwable failure) {
    }

    /** The instant {@code seconds} after {@link #T0} (microsecond precision). */
    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static Patient patient() {
        return patient(unique("MRN"));
    }

    static Patient patient(String mrn) {
        return new Patient(PatientId.newId(), mrn, "Ada", "Lovelace", LocalDate.of(1984, 2, 29), unique("ssn4"),
                "ada@example.org", "+15555550123", T0, 0);
    }

    static Patient withMrn(Patient p, String mrn) {
        return new Patient(p.id(), mrn, p.givenName(), p.familyName(), p.birthDate(), p.ssn4Hash(), p.email(),
                p.mobile(), p.registeredAt(), p.version());
    }

    static Account account(PatientId patientId) {
        String username = unique("JDoe");
        return new Account(AccountId.newId(), patientId, username, username.toLowerCase(Locale.ROOT),
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo", AccountStatus.ACTIVE, 0, null,
                T0, T0, 0);
    }

    static Account withUsernameKey(Account a, String usernameKey) {
        return new Account(a.id(), a.patientId(), usernameKey.toUpperCase(Locale.ROOT), usernameKey, a.passwordHash(),
                a.status(), a.failedLoginCount(), a.lastFailedLoginAt(), a.createdAt(), a.passwordChangedAt(),
                a.version());
    }

    static ActivationCodeRecord code(PatientId patientId) {
        return code(patientId, CodePurpose.SIGN_UP, T0);
    }

    static ActivationCodeRecord code(PatientId patientId, CodePurpose purpose, Instant issuedAt) {
        return new ActivationCodeRecord(ActivationCodeId.newId(), patientId, purpose, unique("hash"), Delivery.LETTER,
                issuedAt, issuedAt.plus(Duration.ofDays(30)), "staff-1", CodeStatus.ACTIVE, 0, null, 0);
    }

    static SessionRecord session(AccountId accountId) {
        return new SessionRecord(SessionId.newId(), accountId, unique("token"), T0, T0, T0.plus(Duration.ofHours(12)),
                null, 0);
    }

    static AuditEvent event(AuditChain chain, PatientId patientId, ChainHead head) {
        long sequence = head.sequence() + 1;
        return new AuditEvent(AuditEventId.newId(), chain, sequence, at(sequence), patientId,
                new AuditActor(ActorKind.STAFF, "staff-1", "FRONT_DESK"), AuditAction.READ, "patient",
                patientId == null ? null : patientId.toString(), AuditOutcome.SUCCESS, null, head.hash(),
                unique("hash"));
    }

    static AuditEvent withLink(AuditEvent e, long sequence, String previousHash) {
        return new AuditEvent(e.id(), e.chain(), sequence, e.occurredAt(), e.patientId(), e.actor(), e.action(),
                e.category(), e.recordId(), e.outcome(), e.reason(), previousHash, e.hash());
    }

    static ProxyGrant grant(AccountId proxy, PatientId patient) {
        return new ProxyGrant(ProxyGrantId.newId(), proxy, patient, ProxyRelationship.PARENT, EnumSet.allOf(ProxyScope.class),
                Set.of(), T0, "staff-admin-1", at(86_400L * 365 * 10), null, null, 0);
    }

    static NotificationPreferences withVersion(NotificationPreferences p, long version) {
        return new NotificationPreferences(p.patientId(), p.channelsByKind(), p.pushAddress(), p.smsConsentAt(),
                p.smsStoppedAt(), version);
    }

    static Patient withMobile(Patient p, String mobile) {
        return new Patient(p.id(), p.mrn(), p.givenName(), p.familyName(), p.birthDate(), p.ssn4Hash(), p.email(),
                mobile, p.registeredAt(), p.version());
    }

    /** A mobile number (E.164 shape) no other test uses. */
    static String mobile() {
        return "+1" + (2_000_000_000L + ThreadLocalRandom.current().nextLong(7_000_000_000L));
    }

    static Map<OutboxStatus, Long> counts(long pending, long claimed, long delivered, long dead, long cancelled) {
        Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
        counts.put(OutboxStatus.PENDING, pending);
        counts.put(OutboxStatus.CLAIMED, claimed);
        counts.put(OutboxStatus.DELIVERED, delivered);
        counts.put(OutboxStatus.DEAD, dead);
        counts.put(OutboxStatus.CANCELLED, cancelled);
        return counts;
    }

    static List<ProxyGrant> byId(List<ProxyGrant> grants) {
        List<ProxyGrant> sorted = new ArrayList<>(grants);
        sorted.sort(Comparator.comparing(g -> g.id().value(), Uuids.UNSIGNED_ORDER));
        return sorted;
    }

    static List<Patient> byPatientId(List<Patient> patients) {
        List<Patient> sorted = new ArrayList<>(patients);
        sorted.sort(Comparator.comparing(p -> p.id().value(), Uuids.UNSIGNED_ORDER));
        return sorted;
    }

    static OutboxEntry entry(Instant deliverAfter) {
        return entry(deliverAfter, null);
    }

    static OutboxEntry entry(Instant deliverAfter, String correlationKey) {
        return OutboxEntry.pending("appointment-reminder", null, null, "{\"template\":\"reminder\"}", correlationKey,
                T0.minus(Duration.ofDays(1)), deliverAfter);
    }

    static IdempotencyRecord idempotency(String scope, String key) {
        return new IdempotencyRecord(scope, key, unique("request"), "{\"appointmentId\":\"" + UUID.randomUUID() + "\"}",
                T0);
    }

    Patient insertPatient() {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        return patient;
    }

    List<Patient> insertPatients(int count) {
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            patients.add(patient());
        }
        run(tx -> patients.forEach(tx.patients()::insert));
        return patients;
    }

    Account insertAccount() {
        Patient patient = patient();
        Account account = account(patient.id());
        run(tx -> {
            tx.patients().insert(patient);
            tx.accounts().insert(account);
        });
        return account;
    }

    List<Account> insertAccounts(int count) {
        List<Patient> patients = new ArrayList<>();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Patient patient = patient();
            patients.add(patient);
            accounts.add(account(patient.id()));
        }
        run(tx -> {
            patients.forEach(tx.patients()::insert);
            accounts.forEach(tx.accounts()::insert);
        });
        return accounts;
    }

    List<AuditEvent> appendEvents(AuditChain chain, int count) {
        return write(tx -> {
            List<AuditEvent> events = new ArrayList<>();
            ChainHead head = tx.auditTrail().lockHead(chain);
            for (int i = 0; i < count; i++) {
                AuditEvent event = event(chain, null, head);
                tx.auditTrail().append(event);
                events.add(event);
                head = new ChainHead(chain, event.sequence(), event.hash());
            }
            return events;
        });
    }

    // ------------------------------------------------------------------------------------------
    // Scheduling fixtures
    // ------------------------------------------------------------------------------------------

    /**
     * The parents of slots and appointments, inserted: a department, a provider and two visit types.
     *
     * @param department the department (New York)
     * @param provider   the provider
     * @param checkup    a 30-minute visit type
     * @param physical   a 60-minute visit type
     */
    record Clinic(Department department, Provider provider, VisitType checkup, VisitType physical) {
    }

    /** Order of appointments in the lists: (start, id), ids unsigned. */
    static final Comparator<Appointment> START_ORDER = Comparator.comparing(Appointment::start)
            .thenComparing(a -> a.id().value(), Uuids.UNSIGNED_ORDER);

    /** The instant {@code m} minutes after {@link #DAY} (9:00 in New York). */
    static Instant minutes(long m) {
        return DAY.plus(Duration.ofMinutes(m));
    }

    static Department department() {
        return new Department(DepartmentId.newId(), unique("Family Medicine"), ZoneId.of("America/New_York"), 0);
    }

    static Provider provider() {
        return new Provider(ProviderId.newId(), "Dr. " + unique("Okafor"), true, 0);
    }

    static VisitType visitType(String name, int minutes) {
        return new VisitType(VisitTypeId.newId(), name, Duration.ofMinutes(minutes), true, PatientEligibility.ANY, true, 0);
    }

    Clinic insertClinic() {
        Clinic clinic = new Clinic(department(), provider(), visitType("Checkup", 30), visitType("Annual physical", 60));
        run(tx -> {
            tx.departments().insert(clinic.department());
            tx.providers().insert(clinic.provider());
            tx.visitTypes().insert(clinic.checkup());
            tx.visitTypes().insert(clinic.physical());
        });
        return clinic;
    }

    Department insertDepartment() {
        Department department = department();
        run(tx -> tx.departments().insert(department));
        return department;
    }

    Provider insertProvider() {
        Provider provider = provider();
        run(tx -> tx.providers().insert(provider));
        return provider;
    }

    VisitType insertVisitType() {
        VisitType visitType = visitType("Follow-up", 20);
        run(tx -> tx.visitTypes().insert(visitType));
        return visitType;
    }

    /** An OPEN slot of the clinic's provider and department, for the checkup unless visit types are given. */
    static Slot slot(Clinic clinic, Instant start, long length, VisitTypeId... visitTypes) {
        Set<VisitTypeId> types = visitTypes.length == 0 ? Set.of(clinic.checkup().id()) : Set.of(visitTypes);
        return Slot.open(clinic.provider().id(), clinic.department().id(), start, start.plus(Duration.ofMinutes(length)), types);
    }

    Slot insertSlot(Clinic clinic, Instant start, long length) {
        Slot slot = slot(clinic, start, length);
        run(tx -> tx.slots().insertAll(List.of(slot)));
        return slot;
    }

    Slot insertSlotUntil(Clinic clinic, Instant start, Instant end) {
        Slot slot = Slot.open(clinic.provider().id(), clinic.department().id(), start, end, Set.of(clinic.checkup().id()));
        run(tx -> tx.slots().insertAll(List.of(slot)));
        return slot;
    }

    static Slot withStatus(Slot s, SlotStatus status, AppointmentId appointment) {
        return new Slot(s.id(), s.providerId(), s.departmentId(), s.start(), s.end(), s.visitTypes(), status, appointment,
                s.version());
    }

    /** A new BOOKED appointment of the patient in the slot, booked by front-desk staff. */
    static Appointment appointment(PatientId patient, Slot slot, VisitTypeId visitType) {
        return Appointment.book(AppointmentId.newId(), patient, slot, visitType, T0, "staff-front-desk-1");
    }

    /** A new slot, booked in one work by a new appointment of the patient (as core books). */
    Appointment insertBooked(Clinic clinic, Patient patient, Instant start, long length) {
        Slot slot = slot(clinic, start, length);
        Appointment appointment = appointment(patient.id(), slot, clinic.checkup().id());
        run(tx -> {
            tx.slots().insertAll(List.of(slot));
            assertThat(tx.slots().book(slot.id(), appointment.id())).isTrue();
            assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
        });
        return appointment;
    }

    static Appointment appointmentVersion(Appointment a, long version) {
        return new Appointment(a.id(), a.patientId(), a.slotId(), a.providerId(), a.departmentId(), a.visitTypeId(),
                a.start(), a.end(), a.status(), a.bookedAt(), a.bookedBy(), a.closedAt(), a.closedBy(), a.closeReason(),
                version);
    }

    static VisitSummary summary(Appointment visit, String text, long version) {
        return new VisitSummary(visit.id(), visit.patientId(), text, List.of(new Diagnosis("I10", "Essential hypertension")),
                at(3600), "staff-clinician-1", version);
    }

    static VisitSummary summaryVersion(VisitSummary s, long version) {
        return new VisitSummary(s.appointmentId(), s.patientId(), s.summary(), s.diagnoses(), s.recordedAt(),
                s.recordedBy(), version);
    }

    /** An OPEN request of the patient for the clinic's physical, any provider and department, in the next 30 days. */
    static AppointmentRequest request(Patient patient, Clinic clinic) {
        return new AppointmentRequest(AppointmentRequestId.newId(), patient.id(), clinic.physical().id(), null, null,
                at(86_400), at(86_400L * 30), RequestStatus.OPEN, T0, null, null, null, null, 0);
    }

    static AppointmentRequest requestVersion(AppointmentRequest r, long version) {
        return new AppointmentRequest(r.id(), r.patientId(), r.visitTypeId(), r.providerId(), r.departmentId(),
                r.earliest(), r.latest(), r.status(), r.createdAt(), r.decidedAt(), r.decidedBy(), r.appointmentId(),
                r.declineReason(), version);
    }

    /** A WAITING entry for an earlier slot than the appointment, same visit type and provider. */
    static WaitlistEntry waitlistEntry(Appointment appointment) {
        return new WaitlistEntry(WaitlistEntryId.newId(), appointment.patientId(), appointment.id(),
                appointment.visitTypeId(), appointment.providerId(), T0, WaitlistStatus.WAITING, null, 0);
    }

    static WaitlistEntry entryVersion(WaitlistEntry e, long version) {
        return new WaitlistEntry(e.id(), e.patientId(), e.appointmentId(), e.visitTypeId(), e.providerId(), e.createdAt(),
                e.status(), e.closedAt(), version);
    }

    /** The slots in (start, id) order, ids unsigned. */
    static List<Slot> byStart(List<Slot> slots) {
        List<Slot> sorted = new ArrayList<>(slots);
        sorted.sort(Comparator.comparing(Slot::start).thenComparing(s -> s.id().value(), Uuids.UNSIGNED_ORDER));
        return sorted;
    }

    static <T> List<T> sortedBy(List<T> rows, Function<T, UUID> idOf) {
        List<T> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(idOf, Uuids.UNSIGNED_ORDER));
        return sorted;
    }

    /** Every open slot the query finds, read in pages of {@value #PAGE_SIZE}. */
    List<Slot> findAllOpen(SlotQuery query) {
        return collectStartPages((after, limit) -> read(tx -> tx.slots().findOpen(query, after, limit)),
                Slot::start, s -> s.id().value());
    }

    /** Every appointment of the patient from {@code from} on (one page of 1000). */
    List<Appointment> upcoming(PatientId patient, Instant from) {
        return read(tx -> tx.appointments().upcoming(patient, from, null, 1000));
    }

    /** Reads every page of a list paged by (start, id) with the shared paged-list contract ({@link #collectPages}). */
    static <T> List<T> collectStartPages(BiFunction<StartCursor, Integer, List<T>> pageReader,
                                         Function<T, Instant> startOf, Function<T, UUID> idOf) {
        return collectPages(pageReader, row -> new StartCursor(startOf.apply(row), idOf.apply(row)));
    }

    // ------------------------------------------------------------------------------------------
    // Plumbing
    // ------------------------------------------------------------------------------------------

    /** Runs a work that writes in one transaction and returns its result. */
    <T> T write(TransactionalWork<T> work) {
        return storage().inTransaction(work);
    }

    /** Runs a work that only reads in one transaction and returns its result. */
    <T> T read(TransactionalWork<T> work) {
        return storage().inTransaction(work);
    }

    /** Runs a work without a result (writes, or assertions on what the transaction sees) in one transaction. */
    void run(Consumer<StorageTransaction> work) {
        storage().inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /**
     * Runs assertions on what one read-only transaction sees, e.g.
     * {@code check(tx -> assertThat(tx.patients().find(id)).contains(patient))}: an assertion on a
     * read needs no typed lambda this way.
     */
    void check(Consumer<StorageTransaction> assertions) {
        run(assertions);
    }

    /** Like {@link #write}, retried on a {@link TransientStorageException} up to {@value #MAX_ATTEMPTS} attempts. */
    <T> T writeRetrying(TransactionalWork<T> work) {
        return retrying(storage(), work);
    }

    /**
     * Runs a work on {@code storage} in one transaction, again on a {@link TransientStorageException}
     * (as core does), up to {@value #MAX_ATTEMPTS} attempts; for the contract files that do not extend
     * this class.
     */
    static <T> T retrying(PortalStorage storage, TransactionalWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return storage.inTransaction(work);
            } catch (TransientStorageException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** A new {@link #patient()}, stored on {@code storage}; for the contract files that do not extend this class. */
    static PatientId storedPatient(PortalStorage storage) {
        Patient patient = patient();
        storage.inTransaction(tx -> {
            tx.patients().insert(patient);
            return null;
        });
        return patient.id();
    }

    /**
     * The paged-list contract every store that pages shares: reads the list in pages of
     * {@value #PAGE_SIZE}, each after the cursor of the previous page's last row, and checks that no
     * page is longer than asked, that no cursor comes twice (no row is read twice, pages move
     * forward), that re-reading a page from the same cursor gives the same rows (stable cursors), and
     * that the end is signalled by an empty page. The caller compares the rows read, in order,
     * with every row it inserted ({@link #assertPaged}).
     *
     * @param pageReader reads up to {@code limit} rows after a cursor ({@code null}: from the start)
     * @param cursorOf   the cursor of a row: where the next page starts
     * @return every row read, in the order read
     */
    static <T, C> List<T> collectPages(BiFunction<C, Integer, List<T>> pageReader, Function<T, C> cursorOf) {
        List<T> all = new ArrayList<>();
        Set<C> cursors = new HashSet<>();
        C after = null;
        for (int pages = 0; pages < 1000; pages++) {
            List<T> page = pageReader.apply(after, PAGE_SIZE);
            assertThat(page).as("page %d", pages).hasSizeLessThanOrEqualTo(PAGE_SIZE);
            assertThat(pageReader.apply(after, PAGE_SIZE)).as("page %d read again from the same cursor", pages)
                    .containsExactlyElementsOf(page);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = cursorOf.apply(page.get(page.size() - 1));
            assertThat(cursors.add(after)).as("page %d moves past the previous pages", pages).isTrue();
        }
        throw new AssertionError("pagination does not end");
    }

    /** The paged-list contract ({@link #collectPages}), and the rows read are exactly {@code expected}, in its order. */
    static <T, C> void assertPaged(List<T> expected, BiFunction<C, Integer, List<T>> pageReader, Function<T, C> cursorOf) {
        assertThat(collectPages(pageReader, cursorOf)).containsExactlyElementsOf(expected);
    }

    static List<Integer> oneTo(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(i);
        }
        return list;
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released within " + AWAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static <T> T get(Future<T> future) throws InterruptedException {
        try {
            return future.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the task failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the task did not complete within " + AWAIT + " (is it waiting for a lock?)", e);
        }
    }

    /**
     * Runs {@code first} in a transaction held open, then {@code second} in another (retried on a
     * {@link TransientStorageException}), and ends the first only once the second answered or
     * {@link #GRACE} passed: an adapter that decides without waiting for the first transaction (a
     * check-then-write) answers within the grace and is caught; a correct one waits for the first
     * to commit, whatever the grace.
     *
     * @return the first's and the second's results
     */
    <T> List<T> whileHeld(TransactionalWork<T> first, TransactionalWork<T> second) throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<T> holder = pool.submit(() -> write(tx -> {
                T result = first.execute(tx);
                written.countDown();
                await(release);
                return result;
            }));
            await(written);
            Future<T> other;
            try {
                other = pool.submit(() -> writeRetrying(second));
                try {
                    other.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // a correct adapter is still waiting for the first transaction; the result is read below
                }
            } finally {
                release.countDown();
            }
            T firstResult = get(holder);
            return Arrays.asList(firstResult, get(other));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code task(0..threads-1)} on as many threads, released together, and collects how each ended. */
    static <T> List<Outcome<T>> concurrently(int threads, IntFunction<T> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    await(go);
                    return task.apply(index);
                }));
            }
            await(ready);
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a concurrent task did not complete within " + AWAIT, e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    static <T> List<T> successes(List<Outcome<T>> outcomes) {
        List<T> values = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (outcome.failure() == null) {
                values.add(outcome.value());
            }
        }
        return values;
    }

    static <T> List<Throwable> failures(List<Outcome<T>> outcomes) {
        List<Throwable> failures = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (outcome.failure() != null) {
                failures.add(outcome.failure());
            }
        }
        return failures;
    }
}

package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
import org.patientportal.model.AppointmentStatus;
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
import org.patientportal.model.OutboxEntryId;
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
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.StartCursor;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * The storage compatibility kit: every guarantee of the storage SPI
 * ({@link PortalStorage} and its stores) stated as a test. An adapter proves itself by extending
 * this class in its own test sources and implementing one factory method:
 *
 * <pre>{@code
 * class JdbcStorageCompatibilityTest extends StorageCompatibilityKit {
 *     @Override
 *     protected PortalStorage createStorage() {
 *         return JdbcStorage.create(freshDatabase());
 *     }
 * }
 * }</pre>
 *
 * <p>Contracts are grouped in {@code @Nested} classes, one per store plus the cross-cutting ones
 * (transactions, pagination, failures). {@link #createStorage()} is called before <em>each</em>
 * test and must return a storage whose stores are all empty; {@link #closeStorage} is called after
 * each test. {@link #breakStorage} is an optional hook that makes the storage fail like a lost
 * database; without it the failure contract is skipped (aborted), not failed.
 *
 * <p>Conventions the kit relies on:
 * <ul>
 *   <li>every {@link Instant} the kit writes is already truncated to microseconds (the precision
 *       of a PostgreSQL {@code timestamptz}), so a database adapter must round-trip it exactly;</li>
 *   <li>ids are real time-ordered ids from the model ({@code PatientId.newId()}, ...), except in the
 *       ordering contract, which also uses arbitrary UUIDs: pages are ordered by id as unsigned
 *       128-bit numbers, which is PostgreSQL's and H2's order of a {@code uuid} column and the
 *       lexicographic order of the canonical lower-case strings (not {@link UUID#compareTo});</li>
 *   <li>rows referenced by others (the patient of an account, the account of a session, the
 *       provider, department and visit types of a slot, the patient and slot of an appointment,
 *       the appointment of a visit summary or wait-list entry) are inserted first, so foreign keys
 *       in a schema are welcome;</li>
 *   <li>concurrency contracts run {@value #THREADS} threads released together by a latch; they
 *       retry a transaction that fails with a {@link TransientStorageException} (up to
 *       {@value #MAX_ATTEMPTS} times), as core does; every wait is bounded by {@link #AWAIT}, and no
 *       contract sleeps for correctness (the two contracts that hold a booking's transaction open
 *       give a second booker up to {@link #GRACE} to answer wrongly before ending it: that bound
 *       decides only whether a check-then-write adapter is caught, never whether a correct one
 *       passes).</li>
 * </ul>
 */
public abstract class StorageCompatibilityKit {
    /** Threads in the concurrency contracts. */
    protected static final int THREADS = 32;
    /** Bound of every wait in the kit. */
    protected static final Duration AWAIT = Duration.ofSeconds(10);
    /** How long a contract lets a wrong adapter answer before the transaction it should wait for ends (detection only). */
    protected static final Duration GRACE = Duration.ofMillis(300);
    /** Attempts of a transaction that fails with a {@link TransientStorageException}. */
    protected static final int MAX_ATTEMPTS = 20;
    /** The kit's "now": microsecond precision, as every instant the kit writes. */
    protected static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");

    /** Threads in the booking contracts (SC-3). */
    protected static final int BOOKERS = 64;
    /** A Monday, 9:00 in New York: the kit's appointment times are minutes after it. */
    protected static final Instant DAY = Instant.parse("2026-04-06T13:00:00Z");

    private static final int PAGE_ROWS = 25;
    private static final int PAGE_SIZE = 7;

    private PortalStorage storage;

    /** For subclasses. */
    protected StorageCompatibilityKit() {
    }

    /**
     * Creates the storage under test. Called before each test; the storage's stores must be empty.
     *
     * @return a fresh, empty storage
     */
    protected abstract PortalStorage createStorage();

    /**
     * Releases the storage after each test. Closes it by default.
     *
     * @param storage what {@link #createStorage()} returned
     */
    protected void closeStorage(PortalStorage storage) {
        storage.close();
    }

    /**
     * Makes the storage fail as if its database were lost (for instance, close or shut down the
     * {@code DataSource} under it), so that the next call of
     * {@link PortalStorage#inTransaction} fails. Override it to run the failure contract; by
     * default that contract is skipped.
     *
     * @param storage what {@link #createStorage()} returned
     */
    protected void breakStorage(PortalStorage storage) {
        Assumptions.abort("breakStorage(PortalStorage) is not overridden: the driver-failure contract is skipped");
    }

    /** The storage of the current test. */
    protected final PortalStorage storage() {
        return storage;
    }

    @BeforeEach
    final void openStorageUnderTest() {
        storage = createStorage();
        assertThat(storage).as("createStorage()").isNotNull();
    }

    @AfterEach
    final void closeStorageUnderTest() {
        if (storage != null) {
            closeStorage(storage);
            storage = null;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Transactions
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("transactions")
    class Transactions {
        @Test
        @DisplayName("the work's result is returned and all its writes commit together")
        void commitsTogether() {
            Patient patient = patient();
            Account account = account(patient.id());
            String result = inTx((StorageTransaction tx) -> {
                tx.patients().insert(patient);
                tx.accounts().insert(account);
                return "done";
            });
            assertThat(result).isEqualTo("done");
            assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).contains(patient);
            assertThat(read((StorageTransaction tx) -> tx.accounts().find(account.id()))).contains(account);
        }

        @Test
        @DisplayName("atomicity: an exception thrown by the work leaves nothing behind in any of the seventeen stores and is rethrown as is")
        void rollbackLeavesNothing() {
            Everything everything = new Everything();
            KitFailure failure = new KitFailure();
            Throwable thrown = catchThrowable(() -> storage.inTransaction(tx -> {
                everything.write(tx);
                throw failure;
            }));
            assertThat(thrown).isSameAs(failure);
            everything.assertAbsent();

            // Nothing is left locked or reserved either: the very same rows can be written now.
            run(everything::write);
            everything.assertPresent();
        }

        @Test
        @DisplayName("a store's failure inside the work, propagated, rolls back the work's earlier writes")
        void storeFailureRollsBack() {
            Patient first = patient();
            run(tx -> tx.patients().insert(first));
            Patient second = patient();
            Patient sameMrn = patient(first.mrn());
            assertThatThrownBy(() -> run(tx -> {
                tx.patients().insert(second);
                tx.patients().insert(sameMrn);
            })).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().find(second.id()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.patients().find(sameMrn.id()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMrn(first.mrn()))).contains(first);
        }

        @Test
        @DisplayName("a rolled-back work leaves counters, codes and sessions unchanged (EN-4, EN-6, AU-5, AU-6)")
        void rollbackKeepsCounters() {
            Patient patient = patient();
            Account account = account(patient.id());
            ActivationCodeRecord code = code(patient.id());
            SessionRecord session = session(account.id());
            run(tx -> {
                tx.patients().insert(patient);
                tx.accounts().insert(account);
                tx.activationCodes().insert(code);
                tx.sessions().insert(session);
            });
            assertThatThrownBy(() -> run(tx -> {
                assertThat(tx.activationCodes().recordFailedAttempt(code.id())).isEqualTo(1);
                assertThat(tx.accounts().recordLoginFailure(account.id(), at(60))).isEqualTo(1);
                assertThat(tx.activationCodes().consume(code.id(), at(60))).isTrue();
                assertThat(tx.sessions().revoke(session.id(), at(60))).isTrue();
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);

            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(code.id()))).contains(code);
            assertThat(read((StorageTransaction tx) -> tx.accounts().find(account.id()))).contains(account);
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(session.id()))).contains(session);
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().recordFailedAttempt(code.id()))).isEqualTo(1);
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().consume(code.id(), at(120)))).isTrue();
        }

        @Test
        @DisplayName("uncommitted writes are visible to their own transaction and invisible to others until commit")
        void readCommitted() throws Exception {
            Patient patient = patient();
            CountDownLatch written = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> writer = pool.submit(() -> inTx((StorageTransaction tx) -> {
                    tx.patients().insert(patient);
                    boolean seesOwn = tx.patients().find(patient.id()).isPresent()
                            && tx.patients().findByMrn(patient.mrn()).isPresent();
                    written.countDown();
                    await(release);
                    return seesOwn;
                }));
                await(written);
                try {
                    Future<List<Object>> reader = pool.submit(() -> inTx((StorageTransaction tx) -> List.<Object>of(
                            tx.patients().find(patient.id()),
                            tx.patients().findByMrn(patient.mrn()),
                            tx.patients().page(null, 10))));
                    assertThat(get(reader)).containsExactly(Optional.empty(), Optional.empty(), List.of());
                    assertThat(writer.isDone()).as("the writer is still open").isFalse();
                } finally {
                    release.countDown();
                }
                assertThat(get(writer)).as("the writer sees its own insert").isTrue();
                assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).contains(patient);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("readers do not wait for a writer's row lock: they see the last committed row")
        void readersDoNotWait() throws Exception {
            Patient patient = patient();
            run(tx -> tx.patients().insert(patient));
            Patient renamed = new Patient(patient.id(), patient.mrn(), "Augusta", patient.familyName(),
                    patient.birthDate(), patient.ssn4Hash(), patient.email(), patient.mobile(), patient.registeredAt(), 0);
            CountDownLatch written = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Patient> writer = pool.submit(() -> inTx((StorageTransaction tx) -> {
                    Patient stored = tx.patients().update(renamed);
                    written.countDown();
                    await(release);
                    return stored;
                }));
                await(written);
                try {
                    Future<Optional<Patient>> reader = pool.submit(() -> read((StorageTransaction tx) -> tx.patients().find(patient.id())));
                    assertThat(get(reader)).contains(patient);
                } finally {
                    release.countDown();
                }
                assertThat(get(writer).version()).isEqualTo(1);
                assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).contains(renamed.withVersion(1));
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("transactions do not nest: inTransaction inside a work fails with IllegalStateException")
        void doNotNest() {
            Patient patient = patient();
            Throwable nested = inTx((StorageTransaction tx) -> {
                tx.patients().insert(patient);
                return catchThrowable(() -> storage.inTransaction(inner -> inner.patients().find(patient.id())));
            });
            assertThat(nested).isInstanceOf(IllegalStateException.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).as("the outer work still commits").contains(patient);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Failures
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("driver failures")
    class Failures {
        @Test
        @DisplayName("a lost database surfaces as a StorageException with no SQL text in its message or any cause")
        void driverFailure() {
            Patient patient = patient();
            breakStorage(storage);
            Throwable onRead = catchThrowable(() -> read((StorageTransaction tx) -> tx.patients().find(patient.id())));
            Throwable onWrite = catchThrowable(() -> run(tx -> tx.patients().insert(patient)));
            Throwable onGrants = catchThrowable(() -> read((StorageTransaction tx) ->
                    tx.proxyGrants().listForPatient(patient.id(), null, 10)));
            Throwable onPreferences = catchThrowable(() -> read((StorageTransaction tx) ->
                    tx.preferences().save(NotificationPreferences.none(patient.id()))));
            Throwable onSlots = catchThrowable(() -> read((StorageTransaction tx) ->
                    tx.slots().findOpen(new SlotQuery(minutes(0), minutes(60), null, null, null), null, 10)));
            Throwable onBooking = catchThrowable(() -> read((StorageTransaction tx) ->
                    tx.slots().book(SlotId.newId(), AppointmentId.newId())));
            for (Throwable thrown : List.of(onRead, onWrite, onGrants, onPreferences, onSlots, onBooking)) {
                PortalAssertions.assertThatStorageFailure(thrown).isStorageException().hasNoSqlText();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Patients
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("patients")
    class PatientsContract {
        @Test
        @DisplayName("a patient round-trips every field through find and findByMrn")
        void roundTrip() {
            Patient full = patient();
            Patient sparse = new Patient(PatientId.newId(), unique("MRN"), "Grace", "Hopper", LocalDate.of(1906, 12, 9),
                    unique("ssn4"), null, null, T0.plus(1, ChronoUnit.MICROS), 0);
            run(tx -> {
                tx.patients().insert(full);
                tx.patients().insert(sparse);
            });
            for (Patient p : List.of(full, sparse)) {
                assertThat(read((StorageTransaction tx) -> tx.patients().find(p.id()))).contains(p);
                assertThat(read((StorageTransaction tx) -> tx.patients().findByMrn(p.mrn()))).contains(p);
            }
        }

        @Test
        @DisplayName("an unknown id or MRN finds nothing")
        void unknown() {
            run(tx -> tx.patients().insert(patient()));
            assertThat(read((StorageTransaction tx) -> tx.patients().find(PatientId.newId()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMrn("no-such-mrn"))).isEmpty();
        }

        @Test
        @DisplayName("a taken id is a duplicate key")
        void duplicateId() {
            Patient patient = patient();
            run(tx -> tx.patients().insert(patient));
            Patient sameId = new Patient(patient.id(), unique("MRN"), "Other", "Person", LocalDate.of(1990, 1, 1),
                    unique("ssn4"), null, null, T0, 0);
            assertThatThrownBy(() -> run(tx -> tx.patients().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).contains(patient);
        }

        @Test
        @DisplayName("a taken MRN is a duplicate key")
        void duplicateMrn() {
            Patient patient = patient();
            run(tx -> tx.patients().insert(patient));
            assertThatThrownBy(() -> run(tx -> tx.patients().insert(patient(patient.mrn()))))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().page(null, 10))).containsExactly(patient);
        }

        @Test
        @DisplayName("update stores every field, increases the version by one and returns the stored patient")
        void update() {
            Patient patient = patient();
            run(tx -> tx.patients().insert(patient));
            Patient changed = new Patient(patient.id(), unique("MRN"), "Augusta Ada", "King", LocalDate.of(1985, 3, 1),
                    unique("ssn4"), null, "+15555550199", at(5), 0);
            Patient stored = inTx((StorageTransaction tx) -> tx.patients().update(changed));
            assertThat(stored).isEqualTo(changed.withVersion(1));
            assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).contains(stored);
            Patient again = inTx((StorageTransaction tx) -> tx.patients().update(stored));
            assertThat(again.version()).isEqualTo(2);
        }

        @Test
        @DisplayName("an update from a stale version fails with an optimistic-lock exception and changes nothing")
        void staleUpdate() {
            Patient patient = patient();
            run(tx -> tx.patients().insert(patient));
            Patient stored = inTx((StorageTransaction tx) -> tx.patients().update(patient));
            Patient stale = new Patient(patient.id(), patient.mrn(), "Stale", patient.familyName(), patient.birthDate(),
                    patient.ssn4Hash(), patient.email(), patient.mobile(), patient.registeredAt(), 0);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.patients().update(stale))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).contains(stored);
        }

        @Test
        @DisplayName("an update of a missing patient fails with an optimistic-lock exception")
        void updateMissing() {
            Patient ghost = patient();
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.patients().update(ghost))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().find(ghost.id()))).isEmpty();
        }

        @Test
        @DisplayName("an update to an MRN another patient holds is a duplicate key; a changed MRN frees the old one")
        void updateMrn() {
            Patient first = patient();
            Patient second = patient();
            run(tx -> {
                tx.patients().insert(first);
                tx.patients().insert(second);
            });
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.patients().update(withMrn(second, first.mrn()))))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().find(second.id()))).contains(second);

            String newMrn = unique("MRN");
            Patient moved = inTx((StorageTransaction tx) -> tx.patients().update(withMrn(first, newMrn)));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMrn(newMrn))).contains(moved);
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMrn(first.mrn()))).isEmpty();
            Patient reuse = patient(first.mrn());
            run(tx -> tx.patients().insert(reuse));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMrn(first.mrn()))).contains(reuse);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent updates from one version exactly one succeeds, the others fail as stale")
        void concurrentUpdates() throws Exception {
            Patient patient = patient();
            run(tx -> tx.patients().insert(patient));
            List<Outcome<Patient>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) -> tx.patients().update(
                    new Patient(patient.id(), patient.mrn(), "Name" + i, patient.familyName(), patient.birthDate(),
                            patient.ssn4Hash(), patient.email(), patient.mobile(), patient.registeredAt(), 0))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
            Patient winner = successes(outcomes).get(0);
            assertThat(winner.version()).isEqualTo(1);
            assertThat(read((StorageTransaction tx) -> tx.patients().find(patient.id()))).contains(winner);
        }

        @Test
        @DisplayName("page returns every patient exactly once, in id order, across pages of " + PAGE_SIZE)
        void paging() {
            List<Patient> all = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS; i++) {
                all.add(patient());
            }
            List<Patient> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(7));
            run(tx -> shuffled.forEach(tx.patients()::insert));
            List<Patient> paged = collectPages((after, limit) -> read((StorageTransaction tx) -> tx.patients().page(after, limit)),
                    Patient::id);
            all.sort(Comparator.comparing(p -> p.id().value(), StorageCompatibilityKit::compareUnsigned));
            assertThat(paged).containsExactlyElementsOf(all);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Accounts
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("accounts")
    class AccountsContract {
        @Test
        @DisplayName("an account round-trips every field through find, findByUsernameKey and findByPatient")
        void roundTrip() {
            Patient p1 = patient();
            Patient p2 = patient();
            Account fresh = account(p1.id());
            Account used = new Account(AccountId.newId(), p2.id(), "Grace.H", unique("grace.h"), "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
                    AccountStatus.DISABLED, 3, at(-30), at(-3600), at(-60), 0);
            run(tx -> {
                tx.patients().insert(p1);
                tx.patients().insert(p2);
                tx.accounts().insert(fresh);
                tx.accounts().insert(used);
            });
            for (Account a : List.of(fresh, used)) {
                assertThat(read((StorageTransaction tx) -> tx.accounts().find(a.id()))).contains(a);
                assertThat(read((StorageTransaction tx) -> tx.accounts().findByUsernameKey(a.usernameKey()))).contains(a);
                assertThat(read((StorageTransaction tx) -> tx.accounts().findByPatient(a.patientId()))).contains(a);
            }
        }

        @Test
        @DisplayName("an unknown id, username key or patient finds nothing")
        void unknown() {
            Patient patient = patient();
            Account account = account(patient.id());
            run(tx -> {
                tx.patients().insert(patient);
                tx.accounts().insert(account);
            });
            assertThat(read((StorageTransaction tx) -> tx.accounts().find(AccountId.newId()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.accounts().findByUsernameKey(account.usernameKey() + "x"))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.accounts().findByPatient(PatientId.newId()))).isEmpty();
        }

        @Test
        @DisplayName("a taken id is a duplicate key")
        void duplicateId() {
            Patient p1 = insertPatient();
            Patient p2 = insertPatient();
            Account account = account(p1.id());
            run(tx -> tx.accounts().insert(account));
            Account sameId = new Account(account.id(), p2.id(), "other", unique("other"), account.passwordHash(),
                    AccountStatus.ACTIVE, 0, null, T0, T0, 0);
            assertThatThrownBy(() -> run(tx -> tx.accounts().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.accounts().findByPatient(p2.id()))).isEmpty();
        }

        @Test
        @DisplayName("a taken username key is a duplicate key (AU-1)")
        void duplicateUsernameKey() {
            Patient p1 = insertPatient();
            Patient p2 = insertPatient();
            Account account = account(p1.id());
            run(tx -> tx.accounts().insert(account));
            Account sameKey = withUsernameKey(account(p2.id()), account.usernameKey());
            assertThatThrownBy(() -> run(tx -> tx.accounts().insert(sameKey))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.accounts().findByUsernameKey(account.usernameKey()))).contains(account);
        }

        @Test
        @DisplayName("a second account for one patient is a duplicate key (EN-8)")
        void oneAccountPerPatient() {
            Patient patient = insertPatient();
            Account account = account(patient.id());
            run(tx -> tx.accounts().insert(account));
            assertThatThrownBy(() -> run(tx -> tx.accounts().insert(account(patient.id()))))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.accounts().findByPatient(patient.id()))).contains(account);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent inserts of distinct accounts with one username key exactly one commits (AU-1)")
        void concurrentUsernameKey() throws Exception {
            List<Patient> patients = insertPatients(THREADS);
            String key = unique("jdoe");
            List<Outcome<AccountId>> outcomes = concurrently(THREADS, i -> {
                Account account = withUsernameKey(account(patients.get(i).id()), key);
                return inTxRetrying((StorageTransaction tx) -> {
                    tx.accounts().insert(account);
                    return account.id();
                });
            });
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.accounts().findByUsernameKey(key)).map(Account::id))
                    .contains(successes(outcomes).get(0));
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent inserts of accounts for one patient exactly one commits (EN-8)")
        void concurrentOnePerPatient() throws Exception {
            Patient patient = insertPatient();
            List<Outcome<AccountId>> outcomes = concurrently(THREADS, i -> {
                Account account = account(patient.id());
                return inTxRetrying((StorageTransaction tx) -> {
                    tx.accounts().insert(account);
                    return account.id();
                });
            });
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.accounts().findByPatient(patient.id())).map(Account::id))
                    .contains(successes(outcomes).get(0));
        }

        @Test
        @DisplayName("update replaces the account, increases the version by one and leaves the failed-login counter alone")
        void update() {
            Patient patient = insertPatient();
            Account account = account(patient.id());
            run(tx -> tx.accounts().insert(account));
            assertThat(inTx((StorageTransaction tx) -> tx.accounts().recordLoginFailure(account.id(), at(10)))).isEqualTo(1);
            Account changed = new Account(account.id(), account.patientId(), account.username(), account.usernameKey(),
                    "$argon2id$v=19$m=65536,t=3,p=1$bmV3c2FsdA$bmV3aGFzaA", AccountStatus.DISABLED, 0, null,
                    account.createdAt(), at(20), 0);
            Account stored = inTx((StorageTransaction tx) -> tx.accounts().update(changed));
            Account expected = new Account(account.id(), account.patientId(), account.username(), account.usernameKey(),
                    changed.passwordHash(), AccountStatus.DISABLED, 1, at(10), account.createdAt(), at(20), 1);
            assertThat(stored).isEqualTo(expected);
            assertThat(read((StorageTransaction tx) -> tx.accounts().find(account.id()))).contains(expected);
        }

        @Test
        @DisplayName("an update from a stale version, or of a missing account, fails with an optimistic-lock exception")
        void staleUpdate() {
            Patient patient = insertPatient();
            Account account = account(patient.id());
            run(tx -> tx.accounts().insert(account));
            Account stored = inTx((StorageTransaction tx) -> tx.accounts().update(account.withStatus(AccountStatus.DISABLED)));
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.accounts().update(account.withPasswordHash("$stale$hash", at(5)))))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.accounts().find(account.id()))).contains(stored);
            Account ghost = account(PatientId.newId());
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.accounts().update(ghost))).isInstanceOf(OptimisticLockException.class);
        }

        @Test
        @DisplayName("recordLoginFailure counts, records when, keeps the version, and answers -1 for an unknown account (AU-5)")
        void recordLoginFailure() {
            Patient patient = insertPatient();
            Account account = account(patient.id());
            run(tx -> tx.accounts().insert(account));
            assertThat(inTx((StorageTransaction tx) -> tx.accounts().recordLoginFailure(account.id(), at(1)))).isEqualTo(1);
            assertThat(inTx((StorageTransaction tx) -> tx.accounts().recordLoginFailure(account.id(), at(2)))).isEqualTo(2);
            Account stored = read((StorageTransaction tx) -> tx.accounts().find(account.id())).orElseThrow();
            assertThat(stored.failedLoginCount()).isEqualTo(2);
            assertThat(stored.lastFailedLoginAt()).isEqualTo(at(2));
            assertThat(stored.version()).isEqualTo(account.version());
            assertThat(inTx((StorageTransaction tx) -> tx.accounts().recordLoginFailure(AccountId.newId(), at(3)))).isEqualTo(-1);
        }

        @Test
        @DisplayName("recordLoginFailure by " + THREADS + " concurrent threads counts exactly " + THREADS + " (AU-5)")
        void concurrentLoginFailures() throws Exception {
            Patient patient = insertPatient();
            Account account = account(patient.id());
            run(tx -> tx.accounts().insert(account));
            List<Outcome<Integer>> outcomes = concurrently(THREADS,
                    i -> inTxRetrying((StorageTransaction tx) -> tx.accounts().recordLoginFailure(account.id(), at(i))));
            assertThat(failures(outcomes)).isEmpty();
            assertThat(successes(outcomes)).containsExactlyInAnyOrderElementsOf(oneTo(THREADS));
            assertThat(read((StorageTransaction tx) -> tx.accounts().find(account.id())).orElseThrow().failedLoginCount()).isEqualTo(THREADS);
        }

        @Test
        @DisplayName("resetLoginFailures sets the count back to zero and keeps the version (AU-5)")
        void resetLoginFailures() {
            Patient patient = insertPatient();
            Account account = account(patient.id());
            run(tx -> tx.accounts().insert(account));
            run(tx -> {
                tx.accounts().recordLoginFailure(account.id(), at(1));
                tx.accounts().recordLoginFailure(account.id(), at(2));
            });
            run(tx -> tx.accounts().resetLoginFailures(account.id()));
            Account stored = read((StorageTransaction tx) -> tx.accounts().find(account.id())).orElseThrow();
            assertThat(stored.failedLoginCount()).isZero();
            assertThat(stored.version()).isEqualTo(account.version());
            assertThat(inTx((StorageTransaction tx) -> tx.accounts().recordLoginFailure(account.id(), at(3)))).isEqualTo(1);
            run(tx -> tx.accounts().resetLoginFailures(AccountId.newId()));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Activation codes
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("activation codes")
    class ActivationCodesContract {
        @Test
        @DisplayName("a code round-trips every field through find and findByHash")
        void roundTrip() {
            Patient patient = insertPatient();
            ActivationCodeRecord signUp = code(patient.id());
            ActivationCodeRecord reset = new ActivationCodeRecord(ActivationCodeId.newId(), patient.id(),
                    CodePurpose.PASSWORD_RESET, unique("hash"), Delivery.SMS, at(1), at(601), "system",
                    CodeStatus.ACTIVE, 2, null, 0);
            run(tx -> {
                tx.activationCodes().insert(signUp);
                tx.activationCodes().insert(reset);
            });
            for (ActivationCodeRecord c : List.of(signUp, reset)) {
                assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(c.id()))).contains(c);
                assertThat(read((StorageTransaction tx) -> tx.activationCodes().findByHash(c.codeHash()))).contains(c);
            }
        }

        @Test
        @DisplayName("an unknown id, hash or patient finds nothing")
        void unknown() {
            Patient patient = insertPatient();
            run(tx -> tx.activationCodes().insert(code(patient.id())));
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(ActivationCodeId.newId()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().findByHash("no-such-hash"))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().findByPatient(PatientId.newId()))).isEmpty();
        }

        @Test
        @DisplayName("a taken id or code hash is a duplicate key (EN-7)")
        void duplicates() {
            Patient patient = insertPatient();
            ActivationCodeRecord code = code(patient.id());
            run(tx -> tx.activationCodes().insert(code));
            ActivationCodeRecord sameId = new ActivationCodeRecord(code.id(), patient.id(), CodePurpose.SIGN_UP,
                    unique("hash"), Delivery.LETTER, T0, at(60), "staff-1", CodeStatus.ACTIVE, 0, null, 0);
            ActivationCodeRecord sameHash = new ActivationCodeRecord(ActivationCodeId.newId(), patient.id(),
                    CodePurpose.SIGN_UP, code.codeHash(), Delivery.LETTER, T0, at(60), "staff-1", CodeStatus.ACTIVE, 0,
                    null, 0);
            assertThatThrownBy(() -> run(tx -> tx.activationCodes().insert(sameId)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> run(tx -> tx.activationCodes().insert(sameHash)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().findByPatient(patient.id()))).containsExactly(code);
        }

        @Test
        @DisplayName("findByPatient lists the patient's codes only, newest first")
        void findByPatient() {
            Patient patient = insertPatient();
            Patient other = insertPatient();
            List<ActivationCodeRecord> codes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                codes.add(code(patient.id(), CodePurpose.values()[i % 2], at(i * 60L)));
            }
            List<ActivationCodeRecord> shuffled = new ArrayList<>(codes);
            Collections.shuffle(shuffled, new Random(3));
            run(tx -> {
                shuffled.forEach(tx.activationCodes()::insert);
                tx.activationCodes().insert(code(other.id()));
            });
            Collections.reverse(codes);
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().findByPatient(patient.id()))).containsExactlyElementsOf(codes);
        }

        @Test
        @DisplayName("recordFailedAttempt counts failures and answers -1 for an unknown code (EN-6)")
        void recordFailedAttempt() {
            Patient patient = insertPatient();
            ActivationCodeRecord code = code(patient.id());
            run(tx -> tx.activationCodes().insert(code));
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().recordFailedAttempt(code.id()))).isEqualTo(1);
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().recordFailedAttempt(code.id()))).isEqualTo(2);
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(code.id())).orElseThrow().failedAttempts()).isEqualTo(2);
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().recordFailedAttempt(ActivationCodeId.newId()))).isEqualTo(-1);
        }

        @Test
        @DisplayName("recordFailedAttempt by " + THREADS + " concurrent threads counts exactly " + THREADS + " (EN-6)")
        void concurrentFailedAttempts() throws Exception {
            Patient patient = insertPatient();
            ActivationCodeRecord code = code(patient.id());
            run(tx -> tx.activationCodes().insert(code));
            List<Outcome<Integer>> outcomes = concurrently(THREADS,
                    i -> inTxRetrying((StorageTransaction tx) -> tx.activationCodes().recordFailedAttempt(code.id())));
            assertThat(failures(outcomes)).isEmpty();
            assertThat(successes(outcomes)).containsExactlyInAnyOrderElementsOf(oneTo(THREADS));
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(code.id())).orElseThrow().failedAttempts()).isEqualTo(THREADS);
        }

        @Test
        @DisplayName("consume marks an ACTIVE code USED once; a used, revoked or unknown code is not consumed (EN-4)")
        void consume() {
            Patient patient = insertPatient();
            ActivationCodeRecord code = code(patient.id());
            ActivationCodeRecord revoked = code(patient.id());
            run(tx -> {
                tx.activationCodes().insert(code);
                tx.activationCodes().insert(revoked);
            });
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().consume(code.id(), at(30)))).isTrue();
            ActivationCodeRecord used = read((StorageTransaction tx) -> tx.activationCodes().find(code.id())).orElseThrow();
            assertThat(used.status()).isEqualTo(CodeStatus.USED);
            assertThat(used.closedAt()).isEqualTo(at(30));
            assertThat(used.codeHash()).isEqualTo(code.codeHash());
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().consume(code.id(), at(40)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(code.id()))).contains(used);

            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().revoke(revoked.id(), at(50)))).isTrue();
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().consume(revoked.id(), at(60)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().consume(ActivationCodeId.newId(), at(60)))).isFalse();
        }

        @Test
        @DisplayName("an activation code is consumed exactly once by " + THREADS + " concurrent threads (EN-4)")
        void concurrentConsume() throws Exception {
            Patient patient = insertPatient();
            ActivationCodeRecord code = code(patient.id());
            run(tx -> tx.activationCodes().insert(code));
            List<Outcome<Boolean>> outcomes = concurrently(THREADS,
                    i -> inTxRetrying((StorageTransaction tx) -> tx.activationCodes().consume(code.id(), at(i))));
            assertThat(failures(outcomes)).isEmpty();
            assertThat(successes(outcomes)).containsOnly(true, false).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(code.id())).orElseThrow().status()).isEqualTo(CodeStatus.USED);
        }

        @Test
        @DisplayName("revoke marks an ACTIVE code REVOKED once; a used or unknown code is not revoked (EN-1)")
        void revoke() {
            Patient patient = insertPatient();
            ActivationCodeRecord code = code(patient.id());
            ActivationCodeRecord used = code(patient.id());
            run(tx -> {
                tx.activationCodes().insert(code);
                tx.activationCodes().insert(used);
                tx.activationCodes().consume(used.id(), at(1));
            });
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().revoke(code.id(), at(10)))).isTrue();
            ActivationCodeRecord revoked = read((StorageTransaction tx) -> tx.activationCodes().find(code.id())).orElseThrow();
            assertThat(revoked.status()).isEqualTo(CodeStatus.REVOKED);
            assertThat(revoked.closedAt()).isEqualTo(at(10));
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().revoke(code.id(), at(20)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().revoke(used.id(), at(20)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(used.id())).orElseThrow().status()).isEqualTo(CodeStatus.USED);
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().revoke(ActivationCodeId.newId(), at(20)))).isFalse();
        }

        @Test
        @DisplayName("revokeActive revokes the patient's ACTIVE codes of that purpose only, and counts them (EN-1)")
        void revokeActive() {
            Patient patient = insertPatient();
            Patient other = insertPatient();
            ActivationCodeRecord active1 = code(patient.id(), CodePurpose.SIGN_UP, at(1));
            ActivationCodeRecord active2 = code(patient.id(), CodePurpose.SIGN_UP, at(2));
            ActivationCodeRecord used = code(patient.id(), CodePurpose.SIGN_UP, at(3));
            ActivationCodeRecord reset = code(patient.id(), CodePurpose.PASSWORD_RESET, at(4));
            ActivationCodeRecord othersCode = code(other.id(), CodePurpose.SIGN_UP, at(5));
            run(tx -> {
                for (ActivationCodeRecord c : List.of(active1, active2, used, reset, othersCode)) {
                    tx.activationCodes().insert(c);
                }
                tx.activationCodes().consume(used.id(), at(6));
            });
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().revokeActive(patient.id(), CodePurpose.SIGN_UP, at(10))))
                    .isEqualTo(2);
            for (ActivationCodeRecord c : List.of(active1, active2)) {
                ActivationCodeRecord stored = read((StorageTransaction tx) -> tx.activationCodes().find(c.id())).orElseThrow();
                assertThat(stored.status()).isEqualTo(CodeStatus.REVOKED);
                assertThat(stored.closedAt()).isEqualTo(at(10));
            }
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(used.id())).orElseThrow().status()).isEqualTo(CodeStatus.USED);
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(reset.id()))).contains(reset);
            assertThat(read((StorageTransaction tx) -> tx.activationCodes().find(othersCode.id()))).contains(othersCode);
            assertThat(inTx((StorageTransaction tx) -> tx.activationCodes().revokeActive(patient.id(), CodePurpose.SIGN_UP, at(11))))
                    .isZero();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Sessions
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("sessions")
    class SessionsContract {
        private Account account;

        @BeforeEach
        void createAccount() {
            account = StorageCompatibilityKit.this.insertAccount();
        }

        @Test
        @DisplayName("a session round-trips every field through find and findByTokenHash")
        void roundTrip() {
            SessionRecord session = session(account.id());
            run(tx -> tx.sessions().insert(session));
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(session.id()))).contains(session);
            assertThat(read((StorageTransaction tx) -> tx.sessions().findByTokenHash(session.tokenHash()))).contains(session);
        }

        @Test
        @DisplayName("an unknown id or token hash finds nothing")
        void unknown() {
            run(tx -> tx.sessions().insert(session(account.id())));
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(SessionId.newId()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.sessions().findByTokenHash("no-such-token"))).isEmpty();
        }

        @Test
        @DisplayName("a taken id or token hash is a duplicate key (AU-6)")
        void duplicates() {
            SessionRecord session = session(account.id());
            run(tx -> tx.sessions().insert(session));
            SessionRecord sameId = new SessionRecord(session.id(), account.id(), unique("token"), T0, T0, at(3600),
                    null, 0);
            SessionRecord sameToken = new SessionRecord(SessionId.newId(), account.id(), session.tokenHash(), T0, T0,
                    at(3600), null, 0);
            assertThatThrownBy(() -> run(tx -> tx.sessions().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> run(tx -> tx.sessions().insert(sameToken)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.sessions().listUnrevoked(account.id(), null, 10))).containsExactly(session);
        }

        @Test
        @DisplayName("touch writes lastSeenAt only if the session is not revoked and was last seen before the threshold")
        void touch() {
            SessionRecord session = session(account.id());
            SessionRecord revoked = session(account.id());
            run(tx -> {
                tx.sessions().insert(session);
                tx.sessions().insert(revoked);
                tx.sessions().revoke(revoked.id(), at(1));
            });
            // lastSeenAt is T0: not before T0, so nothing is written
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().touch(session.id(), at(30), T0))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(session.id())).orElseThrow().lastSeenAt()).isEqualTo(T0);
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().touch(session.id(), at(90), at(30)))).isTrue();
            SessionRecord touched = read((StorageTransaction tx) -> tx.sessions().find(session.id())).orElseThrow();
            assertThat(touched.lastSeenAt()).isEqualTo(at(90));
            assertThat(touched.revokedAt()).isNull();
            assertThat(touched.tokenHash()).isEqualTo(session.tokenHash());
            assertThat(touched.absoluteExpiresAt()).isEqualTo(session.absoluteExpiresAt());
            // within a minute of the last write: not again
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().touch(session.id(), at(100), at(40)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(session.id())).orElseThrow().lastSeenAt()).isEqualTo(at(90));

            assertThat(inTx((StorageTransaction tx) -> tx.sessions().touch(revoked.id(), at(90), at(3600)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(revoked.id())).orElseThrow().lastSeenAt()).isEqualTo(T0);
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().touch(SessionId.newId(), at(90), at(3600)))).isFalse();
        }

        @Test
        @DisplayName("revoke revokes a session once and records when; an unknown session is not revoked (AU-6)")
        void revoke() {
            SessionRecord session = session(account.id());
            run(tx -> tx.sessions().insert(session));
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().revoke(session.id(), at(5)))).isTrue();
            SessionRecord revoked = read((StorageTransaction tx) -> tx.sessions().find(session.id())).orElseThrow();
            assertThat(revoked.revoked()).isTrue();
            assertThat(revoked.revokedAt()).isEqualTo(at(5));
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().revoke(session.id(), at(6)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(session.id())).orElseThrow().revokedAt()).isEqualTo(at(5));
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().revoke(SessionId.newId(), at(6)))).isFalse();
        }

        @Test
        @DisplayName("a session is revoked exactly once by " + THREADS + " concurrent threads (AU-6)")
        void concurrentRevoke() throws Exception {
            SessionRecord session = session(account.id());
            run(tx -> tx.sessions().insert(session));
            List<Outcome<Boolean>> outcomes = concurrently(THREADS,
                    i -> inTxRetrying((StorageTransaction tx) -> tx.sessions().revoke(session.id(), at(i))));
            assertThat(failures(outcomes)).isEmpty();
            assertThat(successes(outcomes)).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(session.id())).orElseThrow().revoked()).isTrue();
        }

        @Test
        @DisplayName("revokeAll revokes every unrevoked session of the account, counts them, and leaves other accounts alone (AU-6)")
        void revokeAll() {
            Account other = insertAccount();
            List<SessionRecord> mine = List.of(session(account.id()), session(account.id()), session(account.id()));
            SessionRecord theirs = session(other.id());
            run(tx -> {
                mine.forEach(tx.sessions()::insert);
                tx.sessions().insert(theirs);
                tx.sessions().revoke(mine.get(0).id(), at(1));
            });
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().revokeAll(account.id(), at(10)))).isEqualTo(2);
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(mine.get(0).id())).orElseThrow().revokedAt()).isEqualTo(at(1));
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(mine.get(1).id())).orElseThrow().revokedAt()).isEqualTo(at(10));
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(mine.get(2).id())).orElseThrow().revokedAt()).isEqualTo(at(10));
            assertThat(read((StorageTransaction tx) -> tx.sessions().find(theirs.id()))).contains(theirs);
            assertThat(read((StorageTransaction tx) -> tx.sessions().listUnrevoked(account.id(), null, 10))).isEmpty();
            assertThat(inTx((StorageTransaction tx) -> tx.sessions().revokeAll(account.id(), at(11)))).isZero();
        }

        @Test
        @DisplayName("listUnrevoked returns every unrevoked session of the account exactly once, in id order, across pages of " + PAGE_SIZE)
        void listUnrevoked() {
            Account other = insertAccount();
            List<SessionRecord> sessions = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS + 5; i++) {
                sessions.add(session(account.id()));
            }
            List<SessionRecord> shuffled = new ArrayList<>(sessions);
            Collections.shuffle(shuffled, new Random(11));
            List<SessionRecord> revoked = sessions.subList(0, 5);
            run(tx -> {
                shuffled.forEach(tx.sessions()::insert);
                tx.sessions().insert(session(other.id()));
            });
            run(tx -> revoked.forEach(s -> tx.sessions().revoke(s.id(), at(1))));
            List<SessionRecord> expected = new ArrayList<>(sessions.subList(5, sessions.size()));
            expected.sort(Comparator.comparing(s -> s.id().value(), StorageCompatibilityKit::compareUnsigned));
            List<SessionRecord> paged = collectPages(
                    (after, limit) -> read((StorageTransaction tx) -> tx.sessions().listUnrevoked(account.id(), after, limit)),
                    SessionRecord::id);
            assertThat(paged).containsExactlyElementsOf(expected);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Audit trail
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("audit trail")
    class AuditTrailContract {
        @Test
        @DisplayName("the audit trail is append-only: its interface has no update, delete or remove method (AD-2)")
        void appendOnly() {
            for (Method method : AuditTrail.class.getMethods()) {
                assertThat(method.getName().toLowerCase(Locale.ROOT))
                        .as("AuditTrail.%s", method.getName())
                        .doesNotStartWith("update").doesNotStartWith("delete").doesNotStartWith("remove");
            }
        }

        @Test
        @DisplayName("a chain without events has no head, and lockHead answers the empty head")
        void emptyChain() {
            AuditChain chain = AuditChain.of(PatientId.newId());
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(chain))).isEmpty();
            assertThat(inTx((StorageTransaction tx) -> tx.auditTrail().lockHead(chain))).isEqualTo(ChainHead.empty(chain));
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(chain))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().chains(null, 10))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().events(chain, 0, 10))).isEmpty();
        }

        @Test
        @DisplayName("appended events round-trip every field, in sequence order, and the head moves to the last (AD-1, AD-2)")
        void append() {
            Patient patient = insertPatient();
            AuditChain chain = AuditChain.of(patient.id());
            AuditEvent first = event(chain, patient.id(), ChainHead.empty(chain));
            AuditEvent second = new AuditEvent(AuditEventId.newId(), chain, 2, at(2), patient.id(),
                    new AuditActor(ActorKind.PATIENT, AccountId.newId().toString(), null), AuditAction.UPDATE,
                    "session", null, AuditOutcome.DENIED, "access-denied", first.hash(), unique("hash"));
            run(tx -> {
                assertThat(tx.auditTrail().lockHead(chain)).isEqualTo(ChainHead.empty(chain));
                tx.auditTrail().append(first);
                tx.auditTrail().append(second);
                assertThat(tx.auditTrail().head(chain)).contains(new ChainHead(chain, 2, second.hash()));
            });
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().events(chain, 0, 10))).containsExactly(first, second);
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(chain))).contains(new ChainHead(chain, 2, second.hash()));
            AuditEvent third = event(chain, patient.id(), new ChainHead(chain, 2, second.hash()));
            run(tx -> {
                assertThat(tx.auditTrail().lockHead(chain)).isEqualTo(new ChainHead(chain, 2, second.hash()));
                tx.auditTrail().append(third);
            });
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().events(chain, 1, 10))).containsExactly(second, third);
        }

        @Test
        @DisplayName("append without lockHead in the same transaction fails with IllegalStateException")
        void appendWithoutLock() {
            AuditChain chain = AuditChain.SYSTEM;
            run(tx -> tx.auditTrail().lockHead(chain));
            AuditEvent event = event(chain, null, ChainHead.empty(chain));
            assertThatThrownBy(() -> run(tx -> tx.auditTrail().append(event))).isInstanceOf(IllegalStateException.class);
            AuditChain other = AuditChain.of(PatientId.newId());
            assertThatThrownBy(() -> run(tx -> {
                tx.auditTrail().lockHead(other);
                tx.auditTrail().append(event);
            })).isInstanceOf(IllegalStateException.class);
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(chain))).isEmpty();
        }

        @Test
        @DisplayName("an event that does not follow the head (sequence or previous hash) fails with an optimistic-lock exception")
        void mustFollowHead() {
            AuditChain chain = AuditChain.SYSTEM;
            AuditEvent first = event(chain, null, ChainHead.empty(chain));
            run(tx -> {
                tx.auditTrail().lockHead(chain);
                tx.auditTrail().append(first);
            });
            ChainHead head = new ChainHead(chain, 1, first.hash());
            AuditEvent skipsOne = withLink(event(chain, null, head), 3, first.hash());
            AuditEvent repeatsOne = withLink(event(chain, null, head), 1, "");
            AuditEvent wrongHash = withLink(event(chain, null, head), 2, "not-the-head-hash");
            for (AuditEvent bad : List.of(skipsOne, repeatsOne, wrongHash)) {
                assertThatThrownBy(() -> run(tx -> {
                    tx.auditTrail().lockHead(chain);
                    tx.auditTrail().append(bad);
                })).isInstanceOf(OptimisticLockException.class);
            }
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().events(chain, 0, 10))).containsExactly(first);
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(chain))).contains(head);
        }

        @Test
        @DisplayName("a taken event id is a duplicate key")
        void duplicateId() {
            AuditChain chain = AuditChain.SYSTEM;
            AuditEvent first = event(chain, null, ChainHead.empty(chain));
            run(tx -> {
                tx.auditTrail().lockHead(chain);
                tx.auditTrail().append(first);
            });
            AuditChain other = AuditChain.of(PatientId.newId());
            AuditEvent sameId = new AuditEvent(first.id(), other, 1, at(1), null, first.actor(), AuditAction.READ,
                    "patient", null, AuditOutcome.SUCCESS, null, "", unique("hash"));
            assertThatThrownBy(() -> run(tx -> {
                tx.auditTrail().lockHead(other);
                tx.auditTrail().append(sameId);
            })).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(other))).isEmpty();
        }

        @Test
        @DisplayName("events returns every event of the chain exactly once, in sequence order, across pages of " + PAGE_SIZE)
        void eventsPaging() {
            AuditChain chain = AuditChain.SYSTEM;
            AuditChain other = AuditChain.of(PatientId.newId());
            List<AuditEvent> events = appendEvents(chain, PAGE_ROWS);
            appendEvents(other, 3);
            List<AuditEvent> paged = new ArrayList<>();
            long after = 0;
            while (true) {
                long from = after;
                List<AuditEvent> page = read((StorageTransaction tx) -> tx.auditTrail().events(chain, from, PAGE_SIZE));
                assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
                if (page.isEmpty()) {
                    break;
                }
                paged.addAll(page);
                after = page.get(page.size() - 1).sequence();
            }
            assertThat(paged).containsExactlyElementsOf(events);
        }

        @Test
        @DisplayName("chains returns the head of every chain exactly once, in chain-name order, across pages of " + PAGE_SIZE)
        void chainsPaging() {
            List<AuditChain> chains = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS - 1; i++) {
                chains.add(AuditChain.of(new PatientId(UUID.randomUUID())));
            }
            chains.add(AuditChain.SYSTEM);
            List<ChainHead> heads = new ArrayList<>();
            for (AuditChain chain : chains) {
                List<AuditEvent> appended = appendEvents(chain, 1 + heads.size() % 3);
                AuditEvent last = appended.get(appended.size() - 1);
                heads.add(new ChainHead(chain, last.sequence(), last.hash()));
            }
            heads.sort(Comparator.comparing(h -> h.chain().value()));
            List<ChainHead> paged = new ArrayList<>();
            AuditChain after = null;
            while (true) {
                AuditChain from = after;
                List<ChainHead> page = read((StorageTransaction tx) -> tx.auditTrail().chains(from, PAGE_SIZE));
                assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
                if (page.isEmpty()) {
                    break;
                }
                paged.addAll(page);
                after = page.get(page.size() - 1).chain();
            }
            assertThat(paged).containsExactlyElementsOf(heads);
        }

        @Test
        @DisplayName("lockHead of one chain does not wait for another chain's open lock (AD-2)")
        void chainsDoNotBlockEachOther() throws Exception {
            AuditChain first = AuditChain.of(PatientId.newId());
            AuditChain second = AuditChain.of(PatientId.newId());
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Void> holder = pool.submit(() -> inTx((StorageTransaction tx) -> {
                    ChainHead head = tx.auditTrail().lockHead(first);
                    locked.countDown();
                    await(release);
                    tx.auditTrail().append(event(first, null, head));
                    return null;
                }));
                await(locked);
                try {
                    Future<ChainHead> other = pool.submit(() -> inTx((StorageTransaction tx) -> {
                        ChainHead head = tx.auditTrail().lockHead(second);
                        tx.auditTrail().append(event(second, null, head));
                        return head;
                    }));
                    assertThat(get(other)).isEqualTo(ChainHead.empty(second));
                    assertThat(holder.isDone()).as("the first chain's lock is still held").isFalse();
                } finally {
                    release.countDown();
                }
                get(holder);
            } finally {
                pool.shutdownNow();
            }
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(first)).orElseThrow().sequence()).isEqualTo(1);
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(second)).orElseThrow().sequence()).isEqualTo(1);
        }

        @Test
        @DisplayName(THREADS + " concurrent appenders to one chain leave an unbroken chain of " + THREADS + " events (AD-2)")
        void concurrentAppenders() throws Exception {
            AuditChain chain = AuditChain.SYSTEM;
            List<Outcome<Long>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) -> {
                ChainHead head = tx.auditTrail().lockHead(chain);
                AuditEvent event = event(chain, null, head);
                tx.auditTrail().append(event);
                return event.sequence();
            }));
            assertThat(failures(outcomes)).isEmpty();
            assertThat(successes(outcomes)).containsExactlyInAnyOrderElementsOf(
                    oneTo(THREADS).stream().map(Integer::longValue).toList());
            List<AuditEvent> events = read((StorageTransaction tx) -> tx.auditTrail().events(chain, 0, 1000));
            assertThat(events).hasSize(THREADS);
            String previous = "";
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).sequence()).isEqualTo(i + 1L);
                assertThat(events.get(i).previousHash()).isEqualTo(previous);
                previous = events.get(i).hash();
            }
            assertThat(read((StorageTransaction tx) -> tx.auditTrail().head(chain))).contains(new ChainHead(chain, THREADS, previous));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Outbox
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("outbox")
    class OutboxContract {
        @Test
        @DisplayName("an enqueued entry round-trips every field (NT-2)")
        void roundTrip() {
            Account account = insertAccount();
            OutboxEntry full = OutboxEntry.pending("activation-code", account.patientId(), account.id(),
                    Map.of("channel", "email", "template", "welcome"), "appointment:" + UUID.randomUUID(), T0, at(60));
            OutboxEntry bare = OutboxEntry.pending("password-changed", null, null, Map.of(), null, at(1), at(1));
            run(tx -> {
                tx.outbox().enqueue(full);
                tx.outbox().enqueue(bare);
            });
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(full.id()))).contains(full);
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(bare.id()))).contains(bare);
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(OutboxEntryId.newId()))).isEmpty();
        }

        @Test
        @DisplayName("a taken id is a duplicate key")
        void duplicateId() {
            OutboxEntry entry = entry(T0);
            run(tx -> tx.outbox().enqueue(entry));
            OutboxEntry sameId = new OutboxEntry(entry.id(), "other", null, null, Map.of(), null, T0, T0,
                    OutboxStatus.PENDING, 0, T0, null, null, null, null, 0);
            assertThatThrownBy(() -> run(tx -> tx.outbox().enqueue(sameId))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(entry.id()))).contains(entry);
        }

        @Test
        @DisplayName("claimDue claims due entries, oldest nextAttemptAt first, up to the limit, and records the claim")
        void claimDue() {
            List<OutboxEntry> entries = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                entries.add(entry(at(-60L * (i + 1))));
            }
            run(tx -> entries.forEach(tx.outbox()::enqueue));
            List<OutboxEntry> claimed = inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 3, "claim-a", at(300)));
            assertThat(claimed).extracting(OutboxEntry::id)
                    .containsExactly(entries.get(4).id(), entries.get(3).id(), entries.get(2).id());
            for (OutboxEntry c : claimed) {
                assertThat(c.status()).isEqualTo(OutboxStatus.CLAIMED);
                assertThat(c.claimedBy()).isEqualTo("claim-a");
                assertThat(c.claimExpiresAt()).isEqualTo(at(300));
                assertThat(read((StorageTransaction tx) -> tx.outbox().find(c.id()))).contains(c);
            }
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-b", at(300)))).extracting(OutboxEntry::id)
                    .containsExactly(entries.get(1).id(), entries.get(0).id());
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-c", at(300)))).isEmpty();
        }

        @Test
        @DisplayName("an entry is not claimed before its deliverAfter, and is due exactly at it")
        void deliverAfter() {
            OutboxEntry later = entry(at(3600));
            run(tx -> tx.outbox().enqueue(later));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(3599), 10, "claim-a", at(4000)))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(later.id()))).contains(later);
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(3600), 10, "claim-b", at(4000))))
                    .extracting(OutboxEntry::id).containsExactly(later.id());
        }

        @Test
        @DisplayName("a claim is not taken over before it expires; at its expiry another claimer takes it and the first token no longer works (NT-2)")
        void claimExpiry() {
            OutboxEntry entry = entry(T0);
            run(tx -> tx.outbox().enqueue(entry));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)))).hasSize(1);
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(59), 10, "claim-b", at(120)))).isEmpty();
            List<OutboxEntry> retaken = inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(60), 10, "claim-c", at(120)));
            assertThat(retaken).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(entry.id());
                assertThat(e.claimedBy()).isEqualTo("claim-c");
                assertThat(e.claimExpiresAt()).isEqualTo(at(120));
            });
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDelivered(entry.id(), "claim-a", at(61)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markFailed(entry.id(), "claim-a", "timeout", at(600)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDead(entry.id(), "claim-a", "timeout", at(61)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(entry.id())).orElseThrow().claimedBy()).isEqualTo("claim-c");
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDelivered(entry.id(), "claim-c", at(62)))).isTrue();
        }

        @Test
        @DisplayName("markDelivered with the claim's token marks the entry DELIVERED; a wrong token or an unknown entry changes nothing")
        void markDelivered() {
            OutboxEntry entry = entry(T0);
            run(tx -> tx.outbox().enqueue(entry));
            inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)));
            OutboxEntry claimed = read((StorageTransaction tx) -> tx.outbox().find(entry.id())).orElseThrow();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDelivered(entry.id(), "claim-x", at(5)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markFailed(entry.id(), "claim-x", "boom", at(5)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDead(entry.id(), "claim-x", "boom", at(5)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(entry.id()))).contains(claimed);
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDelivered(entry.id(), "claim-a", at(5)))).isTrue();
            OutboxEntry delivered = read((StorageTransaction tx) -> tx.outbox().find(entry.id())).orElseThrow();
            assertThat(delivered.status()).isEqualTo(OutboxStatus.DELIVERED);
            assertThat(delivered.completedAt()).isEqualTo(at(5));
            assertThat(delivered.payload()).isEqualTo(entry.payload());
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDelivered(entry.id(), "claim-a", at(6)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(3600), 10, "claim-b", at(4000)))).isEmpty();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDelivered(OutboxEntryId.newId(), "claim-a", at(6)))).isFalse();
        }

        @Test
        @DisplayName("markFailed counts the attempt, records the error and makes the entry PENDING again, due at nextAttemptAt (NT-2)")
        void markFailed() {
            OutboxEntry entry = entry(T0);
            run(tx -> tx.outbox().enqueue(entry));
            inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markFailed(entry.id(), "claim-a", "smtp-421", at(120)))).isTrue();
            OutboxEntry failed = read((StorageTransaction tx) -> tx.outbox().find(entry.id())).orElseThrow();
            assertThat(failed.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.lastError()).isEqualTo("smtp-421");
            assertThat(failed.nextAttemptAt()).isEqualTo(at(120));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markFailed(entry.id(), "claim-a", "smtp-421", at(240)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(119), 10, "claim-b", at(400)))).isEmpty();
            List<OutboxEntry> again = inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(120), 10, "claim-c", at(400)));
            assertThat(again).singleElement().satisfies(e -> {
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.claimedBy()).isEqualTo("claim-c");
            });
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markFailed(entry.id(), "claim-c", "smtp-421", at(500)))).isTrue();
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(entry.id())).orElseThrow().attempts()).isEqualTo(2);
        }

        @Test
        @DisplayName("markDead counts the attempt, records the error and dead-letters the entry, which is no longer claimed (NT-2)")
        void markDead() {
            OutboxEntry entry = entry(T0);
            run(tx -> tx.outbox().enqueue(entry));
            inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDead(entry.id(), "claim-a", "invalid-address", at(10)))).isTrue();
            OutboxEntry dead = read((StorageTransaction tx) -> tx.outbox().find(entry.id())).orElseThrow();
            assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(dead.lastError()).isEqualTo("invalid-address");
            assertThat(dead.completedAt()).isEqualTo(at(10));
            assertThat(read((StorageTransaction tx) -> tx.outbox().dead(null, 10))).containsExactly(dead);
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(86_400), 10, "claim-b", at(90_000)))).isEmpty();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().markDead(entry.id(), "claim-a", "again", at(11)))).isFalse();
        }

        @Test
        @DisplayName("requeue puts a DEAD entry back to PENDING with zero attempts, due at the given instant; other entries are not requeued")
        void requeue() {
            OutboxEntry dead = entry(T0);
            OutboxEntry pending = entry(T0);
            run(tx -> {
                tx.outbox().enqueue(dead);
                tx.outbox().enqueue(pending);
            });
            inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 1, "claim-a", at(60)));
            run(tx -> tx.outbox().markDead(dead.id(), "claim-a", "gave-up", at(5)));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().requeue(dead.id(), at(100)))).isTrue();
            OutboxEntry requeued = read((StorageTransaction tx) -> tx.outbox().find(dead.id())).orElseThrow();
            assertThat(requeued.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(requeued.attempts()).isZero();
            assertThat(requeued.nextAttemptAt()).isEqualTo(at(100));
            assertThat(read((StorageTransaction tx) -> tx.outbox().dead(null, 10))).isEmpty();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().requeue(dead.id(), at(100)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().requeue(pending.id(), at(100)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(pending.id()))).contains(pending);
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().requeue(OutboxEntryId.newId(), at(100)))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(100), 10, "claim-b", at(400)))).extracting(OutboxEntry::id)
                    .containsExactlyInAnyOrder(dead.id(), pending.id());
        }

        @Test
        @DisplayName("cancelPending cancels only PENDING entries with the correlation key, and counts them (SC-6)")
        void cancelPending() {
            String key = "appointment:" + UUID.randomUUID();
            OutboxEntry pending1 = entry(at(3600), key);
            OutboxEntry pending2 = entry(at(7200), key);
            OutboxEntry claimed = entry(T0, key);
            OutboxEntry otherKey = entry(at(3600), "appointment:" + UUID.randomUUID());
            OutboxEntry noKey = entry(at(3600), null);
            run(tx -> List.of(pending1, pending2, claimed, otherKey, noKey).forEach(tx.outbox()::enqueue));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-a", at(60)))).extracting(OutboxEntry::id)
                    .containsExactly(claimed.id());
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().cancelPending(key, at(30)))).isEqualTo(2);
            for (OutboxEntry e : List.of(pending1, pending2)) {
                OutboxEntry cancelled = read((StorageTransaction tx) -> tx.outbox().find(e.id())).orElseThrow();
                assertThat(cancelled.status()).isEqualTo(OutboxStatus.CANCELLED);
                assertThat(cancelled.completedAt()).isEqualTo(at(30));
            }
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(claimed.id())).orElseThrow().status()).isEqualTo(OutboxStatus.CLAIMED);
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(otherKey.id()))).contains(otherKey);
            assertThat(read((StorageTransaction tx) -> tx.outbox().find(noKey.id()))).contains(noKey);
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().cancelPending(key, at(31)))).isZero();
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(86_400), 10, "claim-b", at(90_000))))
                    .as("the lapsed claim and the other entries, never a cancelled one")
                    .extracting(OutboxEntry::id).containsExactlyInAnyOrder(claimed.id(), otherKey.id(), noKey.id());
        }

        @Test
        @DisplayName("dead returns every DEAD entry exactly once, in id order, across pages of " + PAGE_SIZE)
        void deadPaging() {
            List<OutboxEntry> entries = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS + 3; i++) {
                entries.add(entry(T0));
            }
            List<OutboxEntry> shuffled = new ArrayList<>(entries);
            Collections.shuffle(shuffled, new Random(5));
            run(tx -> shuffled.forEach(tx.outbox()::enqueue));
            List<OutboxEntry> claimed = inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 1000, "claim-a", at(60)));
            assertThat(claimed).hasSize(entries.size());
            Set<OutboxEntryId> alive = Set.of(entries.get(0).id(), entries.get(1).id(), entries.get(2).id());
            run(tx -> {
                for (OutboxEntry e : entries) {
                    if (alive.contains(e.id())) {
                        tx.outbox().markDelivered(e.id(), "claim-a", at(1));
                    } else {
                        tx.outbox().markDead(e.id(), "claim-a", "gave-up", at(1));
                    }
                }
            });
            List<OutboxEntryId> expected = entries.stream().map(OutboxEntry::id).filter(id -> !alive.contains(id))
                    .sorted(Comparator.comparing(OutboxEntryId::value, StorageCompatibilityKit::compareUnsigned))
                    .toList();
            List<OutboxEntry> paged = collectPages((after, limit) -> read((StorageTransaction tx) -> tx.outbox().dead(after, limit)),
                    OutboxEntry::id);
            assertThat(paged).extracting(OutboxEntry::id).containsExactlyElementsOf(expected);
            assertThat(paged).allMatch(e -> e.status() == OutboxStatus.DEAD);
        }

        @Test
        @DisplayName("concurrent claimers get disjoint sets that together cover every due entry (NT-2)")
        void concurrentClaimers() throws Exception {
            int claimers = 8;
            List<OutboxEntry> entries = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                entries.add(entry(at(-i)));
            }
            run(tx -> entries.forEach(tx.outbox()::enqueue));
            List<Outcome<List<OutboxEntryId>>> outcomes = concurrently(claimers, i -> {
                List<OutboxEntryId> mine = new ArrayList<>();
                for (int round = 0; ; round++) {
                    String token = "claimer-" + i + "-" + round;
                    List<OutboxEntry> batch = inTxRetrying((StorageTransaction tx) -> tx.outbox().claimDue(T0, 3, token, at(3600)));
                    if (batch.isEmpty()) {
                        return mine;
                    }
                    batch.forEach(e -> mine.add(e.id()));
                }
            });
            assertThat(failures(outcomes)).isEmpty();
            List<OutboxEntryId> all = new ArrayList<>();
            successes(outcomes).forEach(all::addAll);
            assertThat(all).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(entries.stream().map(OutboxEntry::id).toList());
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 1000, "late", at(3600)))).isEmpty();
        }

        @Test
        @DisplayName("claimDue skips entries another open transaction is claiming instead of waiting for them (SKIP LOCKED)")
        void skipLocked() throws Exception {
            List<OutboxEntry> entries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                entries.add(entry(at(-60 + i)));
            }
            run(tx -> entries.forEach(tx.outbox()::enqueue));
            CountDownLatch claimed = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<List<OutboxEntry>> first = pool.submit(() -> inTx((StorageTransaction tx) -> {
                    List<OutboxEntry> mine = tx.outbox().claimDue(T0, 3, "claim-a", at(60));
                    claimed.countDown();
                    await(release);
                    return mine;
                }));
                await(claimed);
                List<OutboxEntry> secondClaim;
                try {
                    Future<List<OutboxEntry>> second = pool.submit(
                            () -> inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 10, "claim-b", at(60))));
                    secondClaim = get(second);
                    assertThat(first.isDone()).as("the first claimer is still open").isFalse();
                } finally {
                    release.countDown();
                }
                List<OutboxEntry> firstClaim = get(first);
                assertThat(firstClaim).extracting(OutboxEntry::id)
                        .containsExactly(entries.get(0).id(), entries.get(1).id(), entries.get(2).id());
                assertThat(secondClaim).extracting(OutboxEntry::id)
                        .containsExactly(entries.get(3).id(), entries.get(4).id(), entries.get(5).id());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Idempotency records
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("idempotency records")
    class IdempotencyContract {
        @Test
        @DisplayName("a record round-trips every field; another scope or key finds nothing (IN-1)")
        void roundTrip() {
            IdempotencyRecord record = idempotency("scheduling.book", unique("key"));
            run(tx -> tx.idempotencyRecords().insert(record));
            assertThat(read((StorageTransaction tx) -> tx.idempotencyRecords().find(record.scope(), record.key()))).contains(record);
            assertThat(read((StorageTransaction tx) -> tx.idempotencyRecords().find("scheduling.cancel", record.key()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.idempotencyRecords().find(record.scope(), record.key() + "x"))).isEmpty();
        }

        @Test
        @DisplayName("a taken scope and key is a duplicate key; the same key in another scope is not (IN-1)")
        void duplicate() {
            String key = unique("key");
            IdempotencyRecord record = idempotency("scheduling.book", key);
            run(tx -> tx.idempotencyRecords().insert(record));
            assertThatThrownBy(() -> run(tx -> tx.idempotencyRecords().insert(idempotency("scheduling.book", key))))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.idempotencyRecords().find(record.scope(), key))).contains(record);
            IdempotencyRecord otherScope = idempotency("refills.request", key);
            run(tx -> tx.idempotencyRecords().insert(otherScope));
            assertThat(read((StorageTransaction tx) -> tx.idempotencyRecords().find("refills.request", key))).contains(otherScope);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent commands with one idempotency key exactly one commits its effects (IN-1)")
        void concurrentInserts() throws Exception {
            String key = unique("key");
            List<Patient> patients = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                patients.add(patient());
            }
            List<Outcome<PatientId>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) -> {
                tx.patients().insert(patients.get(i));
                tx.idempotencyRecords().insert(idempotency("patients.register", key));
                return patients.get(i).id();
            }));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.patients().page(null, 1000))).extracting(Patient::id)
                    .containsExactly(successes(outcomes).get(0));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Proxy grants
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("proxy grants (PX-1, PX-2, PX-3)")
    class ProxyGrantsContract {
        private Account proxy;
        private Patient child;

        @BeforeEach
        void createParties() {
            proxy = StorageCompatibilityKit.this.insertAccount();
            child = StorageCompatibilityKit.this.insertPatient();
        }

        @Test
        @DisplayName("a grant round-trips every field through find, scopes and teen consent as exact sets (PX-1)")
        void roundTrip() {
            Patient adult = insertPatient();
            Patient teen = insertPatient();
            ProxyGrant full = new ProxyGrant(ProxyGrantId.newId(), proxy.id(), child.id(), ProxyRelationship.PARENT,
                    EnumSet.allOf(ProxyScope.class), EnumSet.of(ProxyScope.RESULTS, ProxyScope.MESSAGING), T0,
                    "staff-admin-1", at(86_400L * 365 * 12), null, null, 0);
            ProxyGrant narrow = new ProxyGrant(ProxyGrantId.newId(), proxy.id(), adult.id(), ProxyRelationship.CAREGIVER,
                    Set.of(ProxyScope.APPOINTMENTS), Set.of(), at(1), "staff-admin-2", at(86_400L * 548), null, null, 0);
            ProxyGrant guardian = new ProxyGrant(ProxyGrantId.newId(), proxy.id(), teen.id(), ProxyRelationship.GUARDIAN,
                    EnumSet.of(ProxyScope.MEDICATIONS, ProxyScope.RECORDS, ProxyScope.RESULTS), Set.of(ProxyScope.RESULTS),
                    at(2), "staff-admin-3", at(86_400L * 365 * 3), null, null, 0);
            run(tx -> List.of(full, narrow, guardian).forEach(tx.proxyGrants()::insert));
            for (ProxyGrant g : List.of(full, narrow, guardian)) {
                assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(g.id()))).contains(g);
            }
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(ProxyGrantId.newId()))).isEmpty();
        }

        @Test
        @DisplayName("a taken id is a duplicate key")
        void duplicateId() {
            ProxyGrant grant = grant(proxy.id(), child.id());
            run(tx -> tx.proxyGrants().insert(grant));
            Patient other = insertPatient();
            ProxyGrant sameId = new ProxyGrant(grant.id(), proxy.id(), other.id(), ProxyRelationship.CAREGIVER,
                    Set.of(ProxyScope.RECORDS), Set.of(), at(1), "staff-admin-2", at(100), null, null, 0);
            assertThatThrownBy(() -> run(tx -> tx.proxyGrants().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id()))).contains(grant);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(proxy.id(), other.id()))).isEmpty();
        }

        @Test
        @DisplayName("findUnrevoked answers the grants not revoked of exactly that proxy and patient, in id order (PX-1)")
        void findUnrevoked() {
            Account otherProxy = insertAccount();
            Patient otherChild = insertPatient();
            ProxyGrant a1 = grant(proxy.id(), child.id());
            ProxyGrant revoked = grant(proxy.id(), child.id());
            ProxyGrant a2 = grant(proxy.id(), child.id());
            ProxyGrant sameProxy = grant(proxy.id(), otherChild.id());
            ProxyGrant samePatient = grant(otherProxy.id(), child.id());
            run(tx -> List.of(samePatient, a2, sameProxy, revoked, a1).forEach(tx.proxyGrants()::insert));
            assertThat(inTx((StorageTransaction tx) -> tx.proxyGrants().revoke(revoked.id(), "staff-admin-1", at(5)))).isTrue();

            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(proxy.id(), child.id())))
                    .containsExactlyElementsOf(byId(List.of(a1, a2)));
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(proxy.id(), otherChild.id())))
                    .containsExactly(sameProxy);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(otherProxy.id(), child.id())))
                    .containsExactly(samePatient);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(otherProxy.id(), otherChild.id()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(AccountId.newId(), child.id()))).isEmpty();
            run(tx -> {
                tx.proxyGrants().revoke(a1.id(), "staff-admin-1", at(6));
                tx.proxyGrants().revoke(a2.id(), "staff-admin-1", at(6));
            });
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(proxy.id(), child.id()))).isEmpty();
        }

        @Test
        @DisplayName("listForProxy returns every grant not revoked of the account exactly once, in id order, across pages of "
                + PAGE_SIZE + " (PX-1)")
        void listForProxy() {
            List<Patient> children = insertPatients(PAGE_ROWS + 5);
            Account otherProxy = insertAccount();
            List<ProxyGrant> grants = new ArrayList<>();
            for (Patient c : children) {
                grants.add(grant(proxy.id(), c.id()));
            }
            List<ProxyGrant> shuffled = new ArrayList<>(grants);
            Collections.shuffle(shuffled, new Random(13));
            run(tx -> {
                shuffled.forEach(tx.proxyGrants()::insert);
                tx.proxyGrants().insert(grant(otherProxy.id(), children.get(0).id()));
            });
            List<ProxyGrant> revoked = grants.subList(0, 5);
            run(tx -> revoked.forEach(g -> assertThat(tx.proxyGrants().revoke(g.id(), "staff-admin-1", at(1))).isTrue()));
            List<ProxyGrant> paged = collectPages(
                    (after, limit) -> read((StorageTransaction tx) -> tx.proxyGrants().listForProxy(proxy.id(), after, limit)),
                    ProxyGrant::id);
            assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(byId(grants.subList(5, grants.size())));
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().listForProxy(AccountId.newId(), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("listForPatient returns every grant not revoked on the record exactly once, in id order, across pages of "
                + PAGE_SIZE + " (PX-3)")
        void listForPatient() {
            List<Account> proxies = insertAccounts(PAGE_ROWS + 5);
            Patient otherChild = insertPatient();
            List<ProxyGrant> grants = new ArrayList<>();
            for (Account p : proxies) {
                grants.add(grant(p.id(), child.id()));
            }
            List<ProxyGrant> shuffled = new ArrayList<>(grants);
            Collections.shuffle(shuffled, new Random(17));
            run(tx -> {
                shuffled.forEach(tx.proxyGrants()::insert);
                tx.proxyGrants().insert(grant(proxies.get(0).id(), otherChild.id()));
            });
            List<ProxyGrant> revoked = grants.subList(grants.size() - 5, grants.size());
            run(tx -> revoked.forEach(g -> assertThat(tx.proxyGrants().revoke(g.id(), proxy.id().toString(), at(1))).isTrue()));
            List<ProxyGrant> paged = collectPages(
                    (after, limit) -> read((StorageTransaction tx) -> tx.proxyGrants().listForPatient(child.id(), after, limit)),
                    ProxyGrant::id);
            assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(byId(grants.subList(0, PAGE_ROWS)));
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().listForPatient(PatientId.newId(), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("update writes only scopes, teen consent and expiry, increases the version by one and returns the grant as stored (PX-2)")
        void update() {
            ProxyGrant grant = grant(proxy.id(), child.id());
            run(tx -> tx.proxyGrants().insert(grant));
            ProxyGrant changed = new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                    ProxyRelationship.CAREGIVER, EnumSet.of(ProxyScope.APPOINTMENTS, ProxyScope.RECORDS),
                    Set.of(ProxyScope.RESULTS), at(-3600), "someone-else", at(999), null, null, 0);
            ProxyGrant expected = new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                    grant.relationship(), changed.scopes(), changed.teenConsent(), grant.grantedAt(), grant.grantedBy(),
                    at(999), null, null, 1);
            ProxyGrant stored = inTx((StorageTransaction tx) -> tx.proxyGrants().update(changed));
            assertThat(stored).isEqualTo(expected);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id()))).contains(expected);

            ProxyGrant noConsent = expected.with(Set.of(ProxyScope.MEDICATIONS), Set.of(), at(1999));
            ProxyGrant again = inTx((StorageTransaction tx) -> tx.proxyGrants().update(noConsent));
            assertThat(again).isEqualTo(new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                    grant.relationship(), Set.of(ProxyScope.MEDICATIONS), Set.of(), grant.grantedAt(), grant.grantedBy(),
                    at(1999), null, null, 2));
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id()))).contains(again);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(proxy.id(), child.id()))).containsExactly(again);
        }

        @Test
        @DisplayName("an update from a stale version, of a revoked grant or of a missing grant fails with an optimistic-lock exception and changes nothing")
        void staleUpdate() {
            ProxyGrant grant = grant(proxy.id(), child.id());
            run(tx -> tx.proxyGrants().insert(grant));
            ProxyGrant stored = inTx((StorageTransaction tx) -> tx.proxyGrants().update(
                    grant.with(Set.of(ProxyScope.APPOINTMENTS), Set.of(), at(100))));
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.proxyGrants().update(
                    grant.with(Set.of(ProxyScope.RECORDS), Set.of(), at(200))))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id()))).contains(stored);

            assertThat(inTx((StorageTransaction tx) -> tx.proxyGrants().revoke(grant.id(), "staff-admin-1", at(300)))).isTrue();
            ProxyGrant revoked = read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id())).orElseThrow();
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.proxyGrants().update(
                    revoked.with(EnumSet.allOf(ProxyScope.class), Set.of(), at(400))))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id()))).contains(revoked);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(proxy.id(), child.id()))).isEmpty();

            ProxyGrant ghost = grant(proxy.id(), child.id());
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.proxyGrants().update(ghost)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(ghost.id()))).isEmpty();
        }

        @Test
        @DisplayName("revoke revokes a grant once and records who and when; a revoked or unknown grant is not revoked again (PX-3)")
        void revoke() {
            ProxyGrant grant = grant(proxy.id(), child.id());
            run(tx -> tx.proxyGrants().insert(grant));
            assertThat(inTx((StorageTransaction tx) -> tx.proxyGrants().revoke(grant.id(), "staff-admin-9", at(5)))).isTrue();
            ProxyGrant revoked = read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id())).orElseThrow();
            assertThat(revoked.revoked()).isTrue();
            assertThat(revoked).isEqualTo(new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                    grant.relationship(), grant.scopes(), grant.teenConsent(), grant.grantedAt(), grant.grantedBy(),
                    grant.expiresAt(), at(5), "staff-admin-9", revoked.version()));
            String patientActor = child.id().toString();
            assertThat(inTx((StorageTransaction tx) -> tx.proxyGrants().revoke(grant.id(), patientActor, at(6)))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id()))).contains(revoked);
            assertThat(inTx((StorageTransaction tx) -> tx.proxyGrants().revoke(ProxyGrantId.newId(), patientActor, at(6)))).isFalse();
        }

        @Test
        @DisplayName("a grant is revoked exactly once by " + THREADS + " concurrent revokers, and the winner's name and time are recorded (PX-3)")
        void concurrentRevoke() throws Exception {
            ProxyGrant grant = grant(proxy.id(), child.id());
            run(tx -> tx.proxyGrants().insert(grant));
            List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> inTxRetrying(
                    (StorageTransaction tx) -> tx.proxyGrants().revoke(grant.id(), "revoker-" + i, at(i)) ? i : -1));
            assertThat(failures(outcomes)).isEmpty();
            List<Integer> winners = successes(outcomes).stream().filter(i -> i >= 0).toList();
            assertThat(winners).hasSize(1);
            ProxyGrant revoked = read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id())).orElseThrow();
            assertThat(revoked.revokedBy()).isEqualTo("revoker-" + winners.get(0));
            assertThat(revoked.revokedAt()).isEqualTo(at(winners.get(0)));
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().listForPatient(child.id(), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent updates from one version exactly one succeeds, the others fail as stale (PX-2)")
        void concurrentUpdates() throws Exception {
            ProxyGrant grant = grant(proxy.id(), child.id());
            run(tx -> tx.proxyGrants().insert(grant));
            List<Outcome<ProxyGrant>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) ->
                    tx.proxyGrants().update(grant.with(grant.scopes(), Set.of(), at(1000 + i)))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
            ProxyGrant winner = successes(outcomes).get(0);
            assertThat(winner.version()).isEqualTo(1);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(grant.id()))).contains(winner);
        }

        @Test
        @DisplayName("a rolled-back work leaves grants as they were: no insert, update or revocation survives; its own reads saw them (PX-3)")
        void rollback() {
            ProxyGrant kept = grant(proxy.id(), child.id());
            run(tx -> tx.proxyGrants().insert(kept));
            ProxyGrant added = grant(proxy.id(), child.id());
            assertThatThrownBy(() -> run(tx -> {
                tx.proxyGrants().insert(added);
                tx.proxyGrants().update(kept.with(Set.of(ProxyScope.RECORDS), Set.of(), at(50)));
                assertThat(tx.proxyGrants().revoke(kept.id(), "staff-admin-1", at(60))).isTrue();
                assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), child.id())).containsExactly(added);
                assertThat(tx.proxyGrants().listForProxy(proxy.id(), null, 10)).containsExactly(added);
                assertThat(tx.proxyGrants().listForPatient(child.id(), null, 10)).containsExactly(added);
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(kept.id()))).contains(kept);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().find(added.id()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().findUnrevoked(proxy.id(), child.id()))).containsExactly(kept);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().listForProxy(proxy.id(), null, 10))).containsExactly(kept);
            assertThat(read((StorageTransaction tx) -> tx.proxyGrants().listForPatient(child.id(), null, 10))).containsExactly(kept);
            assertThat(inTx((StorageTransaction tx) -> tx.proxyGrants().revoke(kept.id(), "staff-admin-1", at(70)))).isTrue();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Notification preferences
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("notification preferences (NT-1)")
    class PreferencesContract {
        private Patient patient;

        @BeforeEach
        void createPatient() {
            patient = StorageCompatibilityKit.this.insertPatient();
        }

        @Test
        @DisplayName("a patient who never saved preferences has none")
        void absent() {
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(PatientId.newId()))).isEmpty();
        }

        @Test
        @DisplayName("save with version 0 inserts at version 1; a save from the stored version replaces them whole and increases it (NT-1)")
        void insertThenUpdate() {
            NotificationPreferences first = new NotificationPreferences(patient.id(),
                    Map.of("appointment-reminder", EnumSet.of(Channel.EMAIL, Channel.SMS)), null, null, null, 0);
            NotificationPreferences stored = inTx((StorageTransaction tx) -> tx.preferences().save(first));
            assertThat(stored).isEqualTo(withVersion(first, 1));
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(stored);

            NotificationPreferences second = new NotificationPreferences(patient.id(),
                    Map.of("test-result", Set.of(Channel.PUSH), "message-reply", Set.of()), "push-device-1", T0, null, 1);
            NotificationPreferences replaced = inTx((StorageTransaction tx) -> tx.preferences().save(second));
            assertThat(replaced).isEqualTo(withVersion(second, 2));
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id())))
                    .as("replaced whole: the kind not listed any more is gone").contains(replaced);
        }

        @Test
        @DisplayName("a second insert (version 0) for the patient is a duplicate key and changes nothing (NT-1)")
        void duplicateInsert() {
            NotificationPreferences stored = inTx((StorageTransaction tx) -> tx.preferences().save(
                    NotificationPreferences.none(patient.id())));
            NotificationPreferences again = new NotificationPreferences(patient.id(),
                    Map.of("password-changed", Set.of(Channel.SMS)), null, T0, null, 0);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.preferences().save(again)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(stored);
        }

        @Test
        @DisplayName("a save from a stale version, or of preferences never inserted, fails with an optimistic-lock exception and changes nothing (NT-1)")
        void stale() {
            NotificationPreferences v1 = inTx((StorageTransaction tx) -> tx.preferences().save(
                    NotificationPreferences.none(patient.id())));
            NotificationPreferences v2 = inTx((StorageTransaction tx) -> tx.preferences().save(new NotificationPreferences(
                    patient.id(), Map.of("test-result", Set.of(Channel.EMAIL)), null, null, null, v1.version())));
            NotificationPreferences stale = new NotificationPreferences(patient.id(),
                    Map.of("test-result", Set.of(Channel.SMS)), null, T0, null, v1.version());
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.preferences().save(stale)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(v2);

            Patient other = insertPatient();
            NotificationPreferences neverInserted = new NotificationPreferences(other.id(), Map.of(), null, null, null, 3);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.preferences().save(neverInserted)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(other.id()))).isEmpty();
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent saves from one version exactly one wins, the others fail as stale (NT-1)")
        void concurrentSaves() throws Exception {
            NotificationPreferences v1 = inTx((StorageTransaction tx) -> tx.preferences().save(
                    NotificationPreferences.none(patient.id())));
            List<Outcome<NotificationPreferences>> outcomes = concurrently(THREADS, i -> inTxRetrying(
                    (StorageTransaction tx) -> tx.preferences().save(new NotificationPreferences(patient.id(),
                            Map.of("kind-" + i, Set.of(Channel.EMAIL)), null, at(i), null, v1.version()))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
            NotificationPreferences winner = successes(outcomes).get(0);
            assertThat(winner.version()).isEqualTo(v1.version() + 1);
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(winner);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent first saves (version 0) exactly one inserts, the others are duplicate keys (NT-1)")
        void concurrentFirstSaves() throws Exception {
            List<Outcome<NotificationPreferences>> outcomes = concurrently(THREADS, i -> inTxRetrying(
                    (StorageTransaction tx) -> tx.preferences().save(new NotificationPreferences(patient.id(),
                            Map.of("kind-" + i, Set.of(Channel.SMS)), null, at(i), null, 0))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(successes(outcomes).get(0));
        }

        @Test
        @DisplayName("the channel map round-trips exactly: every kind, empty channel sets, case-distinct kinds, an empty map (NT-1)")
        void mapRoundTrip() {
            Map<String, Set<Channel>> channels = new LinkedHashMap<>();
            channels.put("appointment-reminder", EnumSet.of(Channel.EMAIL, Channel.SMS));
            channels.put("appointment-cancelled", Set.of());
            channels.put("test-result", EnumSet.allOf(Channel.class));
            channels.put("Test-Result", Set.of(Channel.PUSH));
            channels.put("refill-decided", Set.of(Channel.SMS));
            channels.put("message-reply", Set.of());
            channels.put("password-changed", Set.of(Channel.EMAIL));
            channels.put("activation-code", EnumSet.of(Channel.EMAIL, Channel.PUSH));
            channels.put("appointment.reminder:7d", EnumSet.of(Channel.SMS, Channel.PUSH));
            channels.put("proxy-granted", Set.of());
            NotificationPreferences full = new NotificationPreferences(patient.id(), channels, null, null, null, 0);
            NotificationPreferences stored = inTx((StorageTransaction tx) -> tx.preferences().save(full));
            NotificationPreferences found = read((StorageTransaction tx) -> tx.preferences().find(patient.id())).orElseThrow();
            assertThat(found).isEqualTo(stored);
            assertThat(found.channelsByKind()).containsExactlyInAnyOrderEntriesOf(channels);
            assertThat(found.channelsByKind().get("appointment-cancelled")).isEmpty();

            NotificationPreferences emptied = inTx((StorageTransaction tx) -> tx.preferences().save(
                    new NotificationPreferences(patient.id(), Map.of(), null, null, null, stored.version())));
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(emptied);
            assertThat(emptied.channelsByKind()).isEmpty();
        }

        @Test
        @DisplayName("smsConsentAt, smsStoppedAt and the push address round-trip, and clear back to null (NT-1)")
        void smsConsent() {
            NotificationPreferences stopped = new NotificationPreferences(patient.id(),
                    Map.of("appointment-reminder", Set.of(Channel.SMS)), "push-device-" + UUID.randomUUID(),
                    at(-86_400), at(60), 0);
            NotificationPreferences v1 = inTx((StorageTransaction tx) -> tx.preferences().save(stopped));
            NotificationPreferences found = read((StorageTransaction tx) -> tx.preferences().find(patient.id())).orElseThrow();
            assertThat(found).isEqualTo(v1);
            assertThat(found.smsConsentAt()).isEqualTo(at(-86_400));
            assertThat(found.smsStoppedAt()).isEqualTo(at(60));
            assertThat(found.smsConsented()).isFalse();

            NotificationPreferences consentedAgain = new NotificationPreferences(patient.id(), found.channelsByKind(),
                    found.pushAddress(), at(120), at(60), v1.version());
            NotificationPreferences v2 = inTx((StorageTransaction tx) -> tx.preferences().save(consentedAgain));
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(v2);
            assertThat(v2.smsConsented()).isTrue();

            NotificationPreferences cleared = new NotificationPreferences(patient.id(), found.channelsByKind(), null,
                    null, null, v2.version());
            NotificationPreferences v3 = inTx((StorageTransaction tx) -> tx.preferences().save(cleared));
            NotificationPreferences reread = read((StorageTransaction tx) -> tx.preferences().find(patient.id())).orElseThrow();
            assertThat(reread).isEqualTo(v3);
            assertThat(reread.pushAddress()).isNull();
            assertThat(reread.smsConsentAt()).isNull();
            assertThat(reread.smsStoppedAt()).isNull();
        }

        @Test
        @DisplayName("a rolled-back work leaves the preferences as they were; its own reads saw its saves (NT-1)")
        void rollback() {
            NotificationPreferences v1 = inTx((StorageTransaction tx) -> tx.preferences().save(
                    NotificationPreferences.none(patient.id())));
            Patient other = insertPatient();
            assertThatThrownBy(() -> run(tx -> {
                NotificationPreferences changed = tx.preferences().save(new NotificationPreferences(patient.id(),
                        Map.of("test-result", Set.of(Channel.SMS)), null, T0, null, v1.version()));
                tx.preferences().save(NotificationPreferences.none(other.id()));
                assertThat(tx.preferences().find(patient.id())).contains(changed);
                assertThat(tx.preferences().find(other.id())).isPresent();
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(patient.id()))).contains(v1);
            assertThat(read((StorageTransaction tx) -> tx.preferences().find(other.id()))).isEmpty();
            assertThat(inTx((StorageTransaction tx) -> tx.preferences().save(NotificationPreferences.none(other.id())))
                    .version()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Patients by mobile number
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("patients by mobile number (NT-1)")
    class PatientsByMobileContract {
        @Test
        @DisplayName("findByMobile answers every patient with exactly that number, in id order (a family shares one)")
        void family() {
            String mobile = mobile();
            List<Patient> family = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                family.add(withMobile(patient(), mobile));
            }
            List<Patient> others = List.of(withMobile(patient(), mobile()), withMobile(patient(), null),
                    withMobile(patient(), mobile + "9"), withMobile(patient(), mobile.substring(1)),
                    withMobile(patient(), mobile.substring(0, mobile.length() - 1)));
            List<Patient> all = new ArrayList<>(family);
            all.addAll(others);
            Collections.shuffle(all, new Random(19));
            run(tx -> all.forEach(tx.patients()::insert));
            family.sort(Comparator.comparing(p -> p.id().value(), StorageCompatibilityKit::compareUnsigned));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(mobile))).containsExactlyElementsOf(family);
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(others.get(0).mobile())))
                    .containsExactly(others.get(0));
        }

        @Test
        @DisplayName("an unknown number finds nothing")
        void unknown() {
            run(tx -> tx.patients().insert(withMobile(patient(), mobile())));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(mobile()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(""))).isEmpty();
        }

        @Test
        @DisplayName("an update moves the patient from the old number to the new one; a cleared number is found by none")
        void updateMoves() {
            String a = mobile();
            String b = mobile();
            Patient p1 = withMobile(patient(), a);
            Patient p2 = withMobile(patient(), a);
            run(tx -> {
                tx.patients().insert(p1);
                tx.patients().insert(p2);
            });
            Patient moved = inTx((StorageTransaction tx) -> tx.patients().update(withMobile(p1, b)));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(a))).containsExactly(p2);
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(b))).containsExactly(moved);

            Patient renamed = inTx((StorageTransaction tx) -> tx.patients().update(new Patient(p2.id(), p2.mrn(), "Augusta",
                    p2.familyName(), p2.birthDate(), p2.ssn4Hash(), p2.email(), p2.mobile(), p2.registeredAt(), 0)));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(a))).as("same number, new row").containsExactly(renamed);

            Patient cleared = inTx((StorageTransaction tx) -> tx.patients().update(withMobile(moved, null)));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(b))).isEmpty();
            Patient back = inTx((StorageTransaction tx) -> tx.patients().update(withMobile(cleared, a)));
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(a)))
                    .containsExactlyElementsOf(byPatientId(List.of(back, renamed)));
        }

        @Test
        @DisplayName("a work sees its own numbers; rolled back, nothing of them is left")
        void ownWritesAndRollback() {
            String a = mobile();
            String b = mobile();
            Patient kept = withMobile(patient(), a);
            run(tx -> tx.patients().insert(kept));
            Patient added = withMobile(patient(), a);
            assertThatThrownBy(() -> run(tx -> {
                tx.patients().insert(added);
                Patient moved = tx.patients().update(withMobile(kept, b));
                assertThat(tx.patients().findByMobile(a)).containsExactly(added);
                assertThat(tx.patients().findByMobile(b)).containsExactly(moved);
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(a))).containsExactly(kept);
            assertThat(read((StorageTransaction tx) -> tx.patients().findByMobile(b))).isEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Outbox counts
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("outbox counts (NT-2)")
    class OutboxCountsContract {
        @Test
        @DisplayName("an empty outbox counts zero in every status, each status present")
        void empty() {
            assertThat(read((StorageTransaction tx) -> tx.outbox().countByStatus())).isEqualTo(counts(0, 0, 0, 0, 0));
        }

        @Test
        @DisplayName("counts follow enqueue, claim, deliver, fail, dead-letter, cancel and requeue (NT-2)")
        void follow() {
            String key = "appointment:" + UUID.randomUUID();
            List<OutboxEntry> due = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                due.add(entry(at(-60 + i)));
            }
            List<OutboxEntry> later = List.of(entry(at(3600), key), entry(at(7200), key));
            run(tx -> {
                due.forEach(tx.outbox()::enqueue);
                later.forEach(tx.outbox()::enqueue);
            });
            assertThat(countsNow()).isEqualTo(counts(8, 0, 0, 0, 0));
            List<OutboxEntry> claimed = inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 5, "claim-a", at(60)));
            assertThat(claimed).hasSize(5);
            assertThat(countsNow()).isEqualTo(counts(3, 5, 0, 0, 0));
            run(tx -> {
                assertThat(tx.outbox().markDelivered(claimed.get(0).id(), "claim-a", at(1))).isTrue();
                assertThat(tx.outbox().markFailed(claimed.get(1).id(), "claim-a", "timeout", at(600))).isTrue();
                assertThat(tx.outbox().markDead(claimed.get(2).id(), "claim-a", "invalid-address", at(1))).isTrue();
            });
            assertThat(countsNow()).isEqualTo(counts(4, 2, 1, 1, 0));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().cancelPending(key, at(2)))).isEqualTo(2);
            assertThat(countsNow()).isEqualTo(counts(2, 2, 1, 1, 2));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().requeue(claimed.get(2).id(), at(3)))).isTrue();
            assertThat(countsNow()).isEqualTo(counts(3, 2, 1, 0, 2));
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(86_400), 1000, "claim-b", at(90_000)))).hasSize(5);
            assertThat(countsNow()).isEqualTo(counts(0, 5, 1, 0, 2));
        }

        @Test
        @DisplayName("counts include the work's own writes; rolled back, they are as before (NT-2)")
        void ownWritesAndRollback() {
            OutboxEntry first = entry(at(-10));
            OutboxEntry second = entry(T0);
            run(tx -> {
                tx.outbox().enqueue(first);
                tx.outbox().enqueue(second);
            });
            inTx((StorageTransaction tx) -> tx.outbox().claimDue(T0, 1, "claim-a", at(60)));
            Map<OutboxStatus, Long> before = countsNow();
            assertThat(before).isEqualTo(counts(1, 1, 0, 0, 0));
            assertThatThrownBy(() -> run(tx -> {
                tx.outbox().enqueue(entry(at(10)));
                tx.outbox().enqueue(entry(at(10)));
                assertThat(tx.outbox().markDelivered(first.id(), "claim-a", at(1))).isTrue();
                assertThat(tx.outbox().countByStatus()).isEqualTo(counts(3, 0, 1, 0, 0));
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(countsNow()).isEqualTo(before);
        }

        private Map<OutboxStatus, Long> countsNow() {
            return read((StorageTransaction tx) -> tx.outbox().countByStatus());
        }
    }

    // ------------------------------------------------------------------------------------------
    // Departments, providers, visit types
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("departments, providers and visit types (SC-1)")
    class ClinicSetupContract {
        @Test
        @DisplayName("departments, providers and visit types round-trip every field: time zone, duration, booking mode, eligibility (SC-1)")
        void roundTrip() {
            List<Department> departments = List.of(
                    new Department(DepartmentId.newId(), "Family Medicine", ZoneId.of("America/New_York"), 0),
                    new Department(DepartmentId.newId(), "Cardiologie – Annexe", ZoneId.of("Asia/Kolkata"), 0),
                    new Department(DepartmentId.newId(), "Telehealth", ZoneOffset.UTC, 0),
                    new Department(DepartmentId.newId(), "Night clinic", ZoneOffset.ofHoursMinutes(-3, -30), 0));
            List<Provider> providers = List.of(
                    new Provider(ProviderId.newId(), "Dr. A. Okafor", true, 0),
                    new Provider(ProviderId.newId(), "Dr. Zoë Ñúñez-O'Brien", false, 0));
            List<VisitType> visitTypes = List.of(
                    new VisitType(VisitTypeId.newId(), "Annual physical", Duration.ofMinutes(45), true,
                            PatientEligibility.ESTABLISHED, true, 0),
                    new VisitType(VisitTypeId.newId(), "New patient consult", Duration.ofMinutes(90), false,
                            PatientEligibility.NEW, false, 0),
                    new VisitType(VisitTypeId.newId(), "Flu shot", Duration.ofMinutes(7).plusSeconds(30), true,
                            PatientEligibility.ANY, true, 0));
            run(tx -> {
                departments.forEach(tx.departments()::insert);
                providers.forEach(tx.providers()::insert);
                visitTypes.forEach(tx.visitTypes()::insert);
            });
            for (Department d : departments) {
                assertThat(read((StorageTransaction tx) -> tx.departments().find(d.id()))).contains(d);
            }
            for (Provider p : providers) {
                assertThat(read((StorageTransaction tx) -> tx.providers().find(p.id()))).contains(p);
            }
            for (VisitType v : visitTypes) {
                assertThat(read((StorageTransaction tx) -> tx.visitTypes().find(v.id()))).contains(v);
            }
            assertThat(read((StorageTransaction tx) -> tx.departments().find(DepartmentId.newId()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.providers().find(ProviderId.newId()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.visitTypes().find(VisitTypeId.newId()))).isEmpty();
        }

        @Test
        @DisplayName("a taken department, provider or visit type id is a duplicate key")
        void duplicateIds() {
            Clinic clinic = insertClinic();
            Department department = new Department(clinic.department().id(), "Other", ZoneId.of("Europe/Paris"), 0);
            Provider provider = new Provider(clinic.provider().id(), "Dr. Other", false, 0);
            VisitType visitType = new VisitType(clinic.checkup().id(), "Other", Duration.ofHours(2), false,
                    PatientEligibility.NEW, false, 0);
            assertThatThrownBy(() -> run(tx -> tx.departments().insert(department))).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> run(tx -> tx.providers().insert(provider))).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> run(tx -> tx.visitTypes().insert(visitType))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.departments().find(department.id()))).contains(clinic.department());
            assertThat(read((StorageTransaction tx) -> tx.providers().find(provider.id()))).contains(clinic.provider());
            assertThat(read((StorageTransaction tx) -> tx.visitTypes().find(visitType.id()))).contains(clinic.checkup());
        }

        @Test
        @DisplayName("update replaces every field and increases the version by one; a stale or missing row fails with an optimistic-lock exception (SC-1)")
        void updates() {
            Clinic clinic = insertClinic();
            Department department = new Department(clinic.department().id(), "Pediatrics", ZoneId.of("America/Chicago"), 0);
            Department storedDepartment = inTx((StorageTransaction tx) -> tx.departments().update(department));
            assertThat(storedDepartment).isEqualTo(new Department(department.id(), "Pediatrics", ZoneId.of("America/Chicago"), 1));
            assertThat(read((StorageTransaction tx) -> tx.departments().find(department.id()))).contains(storedDepartment);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.departments().update(department)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.departments().update(
                    new Department(DepartmentId.newId(), "Ghost", ZoneOffset.UTC, 0)))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.departments().find(department.id()))).contains(storedDepartment);

            Provider provider = new Provider(clinic.provider().id(), "Dr. A. Okafor-Smith", false, 0);
            Provider storedProvider = inTx((StorageTransaction tx) -> tx.providers().update(provider));
            assertThat(storedProvider).isEqualTo(new Provider(provider.id(), "Dr. A. Okafor-Smith", false, 1));
            assertThat(read((StorageTransaction tx) -> tx.providers().find(provider.id()))).contains(storedProvider);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.providers().update(provider)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.providers().update(
                    new Provider(ProviderId.newId(), "Ghost", true, 0)))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.providers().find(provider.id()))).contains(storedProvider);

            VisitType visitType = new VisitType(clinic.checkup().id(), "Long checkup", Duration.ofMinutes(50), false,
                    PatientEligibility.ESTABLISHED, false, 0);
            VisitType storedVisitType = inTx((StorageTransaction tx) -> tx.visitTypes().update(visitType));
            assertThat(storedVisitType).isEqualTo(new VisitType(visitType.id(), "Long checkup", Duration.ofMinutes(50), false,
                    PatientEligibility.ESTABLISHED, false, 1));
            assertThat(read((StorageTransaction tx) -> tx.visitTypes().find(visitType.id()))).contains(storedVisitType);
            VisitType again = inTx((StorageTransaction tx) -> tx.visitTypes().update(storedVisitType));
            assertThat(again.version()).isEqualTo(2);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.visitTypes().update(storedVisitType)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.visitTypes().update(visitType("Ghost", 10))))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.visitTypes().find(visitType.id()))).contains(again);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent updates of a visit type from one version exactly one succeeds, the others fail as stale (SC-1)")
        void concurrentUpdates() throws Exception {
            Clinic clinic = insertClinic();
            VisitType v = clinic.checkup();
            List<Outcome<VisitType>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) -> tx.visitTypes().update(
                    new VisitType(v.id(), "Checkup " + i, v.duration(), v.selfSchedulable(), v.eligibility(), v.active(), 0))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.visitTypes().find(v.id()))).contains(successes(outcomes).get(0));
        }

        @Test
        @DisplayName("page returns every department, provider and visit type exactly once, in id order, across pages of " + PAGE_SIZE)
        void paging() {
            List<Department> departments = new ArrayList<>();
            List<Provider> providers = new ArrayList<>();
            List<VisitType> visitTypes = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS; i++) {
                departments.add(department());
                providers.add(provider());
                visitTypes.add(visitType("Visit " + i, 15 + i));
            }
            List<Department> shuffledDepartments = new ArrayList<>(departments);
            List<Provider> shuffledProviders = new ArrayList<>(providers);
            List<VisitType> shuffledVisitTypes = new ArrayList<>(visitTypes);
            Collections.shuffle(shuffledDepartments, new Random(23));
            Collections.shuffle(shuffledProviders, new Random(29));
            Collections.shuffle(shuffledVisitTypes, new Random(31));
            run(tx -> {
                shuffledDepartments.forEach(tx.departments()::insert);
                shuffledProviders.forEach(tx.providers()::insert);
                shuffledVisitTypes.forEach(tx.visitTypes()::insert);
            });
            assertThat(collectPages((after, limit) -> read((StorageTransaction tx) -> tx.departments().page(after, limit)),
                    Department::id)).containsExactlyElementsOf(sortedBy(departments, d -> d.id().value()));
            assertThat(collectPages((after, limit) -> read((StorageTransaction tx) -> tx.providers().page(after, limit)),
                    Provider::id)).containsExactlyElementsOf(sortedBy(providers, p -> p.id().value()));
            assertThat(collectPages((after, limit) -> read((StorageTransaction tx) -> tx.visitTypes().page(after, limit)),
                    VisitType::id)).containsExactlyElementsOf(sortedBy(visitTypes, v -> v.id().value()));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Slots
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("slots (SC-1, SC-2, SC-3)")
    class SlotsContract {
        private Clinic clinic;

        @BeforeEach
        void createClinic() {
            clinic = StorageCompatibilityKit.this.insertClinic();
        }

        @Test
        @DisplayName("insertAll stores OPEN slots that round-trip every field, visit types as exact sets (SC-1)")
        void roundTrip() {
            VisitType third = insertVisitType();
            Slot one = slot(clinic, minutes(0), 30, clinic.checkup().id());
            Slot three = slot(clinic, minutes(30), 60, clinic.checkup().id(), clinic.physical().id(), third.id());
            Slot odd = new Slot(SlotId.newId(), clinic.provider().id(), clinic.department().id(),
                    minutes(120).plus(123_456, ChronoUnit.MICROS), minutes(127).plusSeconds(30), Set.of(third.id()),
                    SlotStatus.OPEN, null, 0);
            run(tx -> tx.slots().insertAll(List.of(one, three, odd)));
            for (Slot s : List.of(one, three, odd)) {
                assertThat(read((StorageTransaction tx) -> tx.slots().find(s.id()))).contains(s);
            }
            assertThat(read((StorageTransaction tx) -> tx.slots().find(SlotId.newId()))).isEmpty();
            run(tx -> tx.slots().insertAll(List.of()));
        }

        @Test
        @DisplayName("insertAll is all or none: a taken id, or one id twice in the list, is a duplicate key and stores none of the slots (SC-1)")
        void insertAllOrNone() {
            Slot taken = slot(clinic, minutes(0), 30);
            run(tx -> tx.slots().insertAll(List.of(taken)));
            Slot before = slot(clinic, minutes(30), 30);
            Slot after = slot(clinic, minutes(90), 30);
            Slot sameId = new Slot(taken.id(), clinic.provider().id(), clinic.department().id(), minutes(60), minutes(90),
                    Set.of(clinic.physical().id()), SlotStatus.OPEN, null, 0);
            assertThatThrownBy(() -> run(tx -> tx.slots().insertAll(List.of(before, sameId, after))))
                    .isInstanceOf(DuplicateKeyException.class);
            Slot twice = slot(clinic, minutes(120), 30);
            Slot other = slot(clinic, minutes(150), 30);
            assertThatThrownBy(() -> run(tx -> tx.slots().insertAll(List.of(twice, other, twice))))
                    .isInstanceOf(DuplicateKeyException.class);
            for (Slot s : List.of(before, after, twice, other)) {
                assertThat(read((StorageTransaction tx) -> tx.slots().find(s.id()))).isEmpty();
            }
            assertThat(read((StorageTransaction tx) -> tx.slots().find(taken.id()))).contains(taken);
            assertThat(findAllOpen(new SlotQuery(minutes(-600), minutes(600), null, null, null))).containsExactly(taken);
        }

        @Test
        @DisplayName("book turns an OPEN slot BOOKED for the appointment, once; a booked, closed or unknown slot is not booked (SC-3)")
        void book() {
            Slot slot = slot(clinic, minutes(0), 30);
            Slot closed = slot(clinic, minutes(30), 30);
            run(tx -> tx.slots().insertAll(List.of(slot, closed)));
            assertThat(inTx((StorageTransaction tx) -> tx.slots().close(closed.id()))).isTrue();
            AppointmentId first = AppointmentId.newId();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(slot.id(), first))).isTrue();
            Slot booked = read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow();
            assertThat(booked).usingRecursiveComparison().ignoringFields("version")
                    .isEqualTo(withStatus(slot, SlotStatus.BOOKED, first));
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(slot.id(), AppointmentId.newId()))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(slot.id(), first))).as("not even for the same appointment").isFalse();
            assertThat(read((StorageTransaction tx) -> tx.slots().find(slot.id()))).contains(booked);
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(closed.id(), AppointmentId.newId()))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.slots().find(closed.id())).orElseThrow().status()).isEqualTo(SlotStatus.CLOSED);
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(SlotId.newId(), AppointmentId.newId()))).isFalse();
        }

        @Test
        @DisplayName("release frees a slot only for the appointment holding it; the freed slot is OPEN, searchable and bookable again (SC-4)")
        void release() {
            Slot slot = slot(clinic, minutes(0), 30);
            Slot open = slot(clinic, minutes(30), 30);
            run(tx -> tx.slots().insertAll(List.of(slot, open)));
            AppointmentId holder = AppointmentId.newId();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(slot.id(), holder))).isTrue();
            Slot booked = read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().release(slot.id(), AppointmentId.newId()))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.slots().find(slot.id()))).contains(booked);
            assertThat(inTx((StorageTransaction tx) -> tx.slots().release(slot.id(), holder))).isTrue();
            Slot released = read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow();
            assertThat(released).usingRecursiveComparison().ignoringFields("version").isEqualTo(slot);
            assertThat(inTx((StorageTransaction tx) -> tx.slots().release(slot.id(), holder))).as("released once").isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().release(open.id(), holder))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().release(SlotId.newId(), holder))).isFalse();
            assertThat(findAllOpen(new SlotQuery(minutes(0), minutes(60), null, null, null))).extracting(Slot::id)
                    .containsExactly(slot.id(), open.id());
            AppointmentId next = AppointmentId.newId();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(slot.id(), next))).isTrue();
            assertThat(read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow().appointmentId()).isEqualTo(next);
        }

        @Test
        @DisplayName("close closes only an OPEN slot; a closed slot is neither booked, released nor found (SC-1)")
        void close() {
            Slot slot = slot(clinic, minutes(0), 30);
            Slot booked = slot(clinic, minutes(30), 30);
            run(tx -> tx.slots().insertAll(List.of(slot, booked)));
            AppointmentId holder = AppointmentId.newId();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(booked.id(), holder))).isTrue();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().close(slot.id()))).isTrue();
            Slot closed = read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow();
            assertThat(closed).usingRecursiveComparison().ignoringFields("version")
                    .isEqualTo(withStatus(slot, SlotStatus.CLOSED, null));
            assertThat(inTx((StorageTransaction tx) -> tx.slots().close(slot.id()))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(slot.id(), AppointmentId.newId()))).isFalse();
            assertThat(inTx((StorageTransaction tx) -> tx.slots().release(slot.id(), holder))).isFalse();
            assertThat(read((StorageTransaction tx) -> tx.slots().find(slot.id()))).contains(closed);
            assertThat(inTx((StorageTransaction tx) -> tx.slots().close(booked.id()))).as("a booked slot stays booked").isFalse();
            assertThat(read((StorageTransaction tx) -> tx.slots().find(booked.id())).orElseThrow().appointmentId()).isEqualTo(holder);
            assertThat(inTx((StorageTransaction tx) -> tx.slots().close(SlotId.newId()))).isFalse();
            assertThat(findAllOpen(new SlotQuery(minutes(0), minutes(60), null, null, null))).isEmpty();
        }

        @Test
        @DisplayName("a slot is booked at most once under " + BOOKERS + " concurrent bookers (SC-3)")
        void bookedOnce() throws Exception {
            Slot slot = slot(clinic, minutes(0), 30);
            run(tx -> tx.slots().insertAll(List.of(slot)));
            List<Patient> patients = insertPatients(BOOKERS);
            List<Outcome<AppointmentId>> outcomes = concurrently(BOOKERS, i -> inTxRetrying((StorageTransaction tx) -> {
                Appointment appointment = appointment(patients.get(i).id(), slot, clinic.checkup().id());
                if (!tx.slots().book(slot.id(), appointment.id())) {
                    return null;
                }
                assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
                return appointment.id();
            }));
            assertThat(failures(outcomes)).isEmpty();
            List<AppointmentId> winners = successes(outcomes).stream().filter(Objects::nonNull).toList();
            assertThat(winners).hasSize(1);
            Slot booked = read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow();
            assertThat(booked.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(booked.appointmentId()).isEqualTo(winners.get(0));
            long holders = patients.stream().filter(p -> !read((StorageTransaction tx) ->
                    tx.appointments().upcoming(p.id(), minutes(-60), null, 10)).isEmpty()).count();
            assertThat(holders).as("patients holding an appointment").isEqualTo(1);
        }

        @Test
        @DisplayName(BOOKERS + " threads booking the same 50 slots give exactly 50 bookings and 50 appointments (SC-3)")
        void fiftySlots() throws Exception {
            int count = 50;
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                slots.add(slot(clinic, minutes(30L * i), 30));
            }
            run(tx -> tx.slots().insertAll(slots));
            List<Patient> patients = insertPatients(BOOKERS);
            List<Outcome<Appointment>> outcomes = concurrently(BOOKERS, i -> {
                List<Slot> order = new ArrayList<>(slots);
                Collections.shuffle(order, new Random(i));
                return inTxRetrying((StorageTransaction tx) -> {
                    for (Slot slot : order) {
                        Appointment appointment = appointment(patients.get(i).id(), slot, clinic.checkup().id());
                        if (tx.slots().book(slot.id(), appointment.id())) {
                            assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
                            return appointment;
                        }
                    }
                    return null;
                });
            });
            assertThat(failures(outcomes)).isEmpty();
            List<Appointment> booked = successes(outcomes).stream().filter(Objects::nonNull).toList();
            assertThat(booked).hasSize(count);
            assertThat(booked).extracting(Appointment::slotId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(slots.stream().map(Slot::id).toList());
            for (Appointment appointment : booked) {
                Slot slot = read((StorageTransaction tx) -> tx.slots().find(appointment.slotId())).orElseThrow();
                assertThat(slot.status()).isEqualTo(SlotStatus.BOOKED);
                assertThat(slot.appointmentId()).isEqualTo(appointment.id());
                assertThat(read((StorageTransaction tx) -> tx.appointments().find(appointment.id()))).contains(appointment);
            }
            assertThat(findAllOpen(new SlotQuery(minutes(-60), minutes(30L * count + 60), null, null, null))).isEmpty();
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent bookers and closers of one slot exactly one wins, and the slot shows who (SC-1, SC-3)")
        void bookOrClose() throws Exception {
            Slot slot = slot(clinic, minutes(0), 30);
            run(tx -> tx.slots().insertAll(List.of(slot)));
            List<AppointmentId> appointments = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                appointments.add(AppointmentId.newId());
            }
            List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) -> {
                boolean won = i % 2 == 0 ? tx.slots().book(slot.id(), appointments.get(i)) : tx.slots().close(slot.id());
                return won ? i : -1;
            }));
            assertThat(failures(outcomes)).isEmpty();
            List<Integer> winners = successes(outcomes).stream().filter(i -> i >= 0).toList();
            assertThat(winners).hasSize(1);
            Slot after = read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow();
            int winner = winners.get(0);
            if (winner % 2 == 0) {
                assertThat(after.status()).isEqualTo(SlotStatus.BOOKED);
                assertThat(after.appointmentId()).isEqualTo(appointments.get(winner));
            } else {
                assertThat(after.status()).isEqualTo(SlotStatus.CLOSED);
                assertThat(after.appointmentId()).isNull();
            }
        }

        @Test
        @DisplayName("a rolled-back booking, release or close leaves the slot as it was; the work's own reads saw its changes (SC-3, SC-4)")
        void rollback() {
            Slot open = slot(clinic, minutes(0), 30);
            Slot booked = slot(clinic, minutes(30), 30);
            Slot added = slot(clinic, minutes(60), 30);
            AppointmentId holder = AppointmentId.newId();
            run(tx -> {
                tx.slots().insertAll(List.of(open, booked));
                assertThat(tx.slots().book(booked.id(), holder)).isTrue();
            });
            Slot bookedBefore = read((StorageTransaction tx) -> tx.slots().find(booked.id())).orElseThrow();
            SlotQuery all = new SlotQuery(minutes(-60), minutes(120), null, null, null);
            assertThatThrownBy(() -> run(tx -> {
                tx.slots().insertAll(List.of(added));
                assertThat(tx.slots().book(open.id(), AppointmentId.newId())).isTrue();
                assertThat(tx.slots().release(booked.id(), holder)).isTrue();
                assertThat(tx.slots().close(booked.id())).isTrue();
                assertThat(tx.slots().findOpen(all, null, 10)).extracting(Slot::id).containsExactly(added.id());
                assertThat(tx.slots().find(booked.id()).orElseThrow().status()).isEqualTo(SlotStatus.CLOSED);
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.slots().find(open.id()))).contains(open);
            assertThat(read((StorageTransaction tx) -> tx.slots().find(booked.id()))).contains(bookedBefore);
            assertThat(read((StorageTransaction tx) -> tx.slots().find(added.id()))).isEmpty();
            assertThat(findAllOpen(all)).containsExactly(open);
            assertThat(inTx((StorageTransaction tx) -> tx.slots().book(open.id(), AppointmentId.newId()))).isTrue();
        }

        @Test
        @DisplayName("a second booker waits for the first booking's transaction, then finds the slot taken: never check-then-set (SC-3)")
        void secondBookerWaits() throws Exception {
            Slot slot = slot(clinic, minutes(0), 30);
            run(tx -> tx.slots().insertAll(List.of(slot)));
            AppointmentId first = AppointmentId.newId();
            AppointmentId second = AppointmentId.newId();
            List<Boolean> results = whileHeld(tx -> tx.slots().book(slot.id(), first), tx -> tx.slots().book(slot.id(), second));
            assertThat(results).containsExactly(true, false);
            assertThat(read((StorageTransaction tx) -> tx.slots().find(slot.id())).orElseThrow().appointmentId()).isEqualTo(first);
        }

        @Test
        @DisplayName("findOpen does not wait for an open booking: until it commits, others still see the slot OPEN (SC-2)")
        void findOpenDoesNotWait() throws Exception {
            Slot slot = slot(clinic, minutes(0), 30);
            run(tx -> tx.slots().insertAll(List.of(slot)));
            SlotQuery query = new SlotQuery(minutes(0), minutes(30), null, null, null);
            CountDownLatch booked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> booker = pool.submit(() -> inTx((StorageTransaction tx) -> {
                    boolean won = tx.slots().book(slot.id(), AppointmentId.newId());
                    booked.countDown();
                    await(release);
                    return won;
                }));
                await(booked);
                try {
                    Future<List<Slot>> reader = pool.submit(() -> read((StorageTransaction tx) -> tx.slots().findOpen(query, null, 10)));
                    assertThat(get(reader)).containsExactly(slot);
                    assertThat(booker.isDone()).as("the booker is still open").isFalse();
                } finally {
                    release.countDown();
                }
                assertThat(get(booker)).isTrue();
            } finally {
                pool.shutdownNow();
            }
            assertThat(findAllOpen(query)).isEmpty();
        }

        @Test
        @DisplayName("findOpen returns the OPEN slots starting in [from, to) in (start, id) order, ties on start included, across pages of "
                + PAGE_SIZE + " (SC-2)")
        void findOpenPaging() {
            List<Slot> expected = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS; i++) {
                // five starts with five slots each: every page boundary falls inside a tie
                expected.add(slot(clinic, minutes(60L * (i % 5)), 30 + i));
            }
            Slot atFrom = slot(clinic, minutes(-120), 30);
            Slot beforeFrom = slot(clinic, minutes(-120).minus(1, ChronoUnit.MICROS), 30);
            Slot atTo = slot(clinic, minutes(600), 30);
            Slot booked = slot(clinic, minutes(60), 30);
            Slot closed = slot(clinic, minutes(120), 30);
            expected.add(atFrom);
            List<Slot> all = new ArrayList<>(expected);
            all.addAll(List.of(beforeFrom, atTo, booked, closed));
            Collections.shuffle(all, new Random(37));
            run(tx -> tx.slots().insertAll(all));
            run(tx -> {
                assertThat(tx.slots().book(booked.id(), AppointmentId.newId())).isTrue();
                assertThat(tx.slots().close(closed.id())).isTrue();
            });
            SlotQuery query = new SlotQuery(minutes(-120), minutes(600), null, null, null);
            List<Slot> paged = findAllOpen(query);
            assertThat(paged).containsExactlyElementsOf(byStart(expected));
            assertThat(read((StorageTransaction tx) -> tx.slots().findOpen(query, null, 1000))).containsExactlyElementsOf(byStart(expected));
            assertThat(findAllOpen(new SlotQuery(minutes(60), minutes(60), null, null, null))).as("an empty range").isEmpty();
            assertThat(findAllOpen(new SlotQuery(minutes(60), minutes(60).plus(1, ChronoUnit.MICROS), null, null, null)))
                    .containsExactlyElementsOf(byStart(expected.stream().filter(s -> s.start().equals(minutes(60))).toList()));
        }

        @Test
        @DisplayName("findOpen filters by provider, department and visit type, alone and together (SC-2)")
        void findOpenFilters() {
            Provider otherProvider = insertProvider();
            Department otherDepartment = insertDepartment();
            VisitTypeId checkup = clinic.checkup().id();
            VisitTypeId physical = clinic.physical().id();
            List<Slot> slots = new ArrayList<>();
            int n = 0;
            for (ProviderId provider : List.of(clinic.provider().id(), otherProvider.id())) {
                for (DepartmentId department : List.of(clinic.department().id(), otherDepartment.id())) {
                    for (Set<VisitTypeId> types : List.of(Set.of(checkup), Set.of(physical), Set.of(checkup, physical))) {
                        slots.add(Slot.open(provider, department, minutes(45L * n), minutes(45L * n + 30), types));
                        n++;
                    }
                }
            }
            Collections.shuffle(slots, new Random(41));
            run(tx -> tx.slots().insertAll(slots));
            Instant from = minutes(-1);
            Instant to = minutes(45L * n);
            List<ProviderId> providers = Arrays.asList(null, clinic.provider().id(), otherProvider.id(), ProviderId.newId());
            List<DepartmentId> departments = Arrays.asList(null, clinic.department().id(), otherDepartment.id());
            List<VisitTypeId> visitTypes = Arrays.asList(null, checkup, physical, VisitTypeId.newId());
            for (ProviderId provider : providers) {
                for (DepartmentId department : departments) {
                    for (VisitTypeId visitType : visitTypes) {
                        SlotQuery query = new SlotQuery(from, to, provider, department, visitType);
                        List<Slot> expected = byStart(slots.stream()
                                .filter(s -> provider == null || s.providerId().equals(provider))
                                .filter(s -> department == null || s.departmentId().equals(department))
                                .filter(s -> visitType == null || s.visitTypes().contains(visitType))
                                .toList());
                        assertThat(findAllOpen(query)).as("%s", query).containsExactlyElementsOf(expected);
                    }
                }
            }
        }

        @Test
        @DisplayName("ties on start are in unsigned id order, even for ids with the top bits set (SC-2)")
        void tiesInUnsignedOrder() {
            List<String> texts = List.of(
                    "00000000-0000-7000-8000-000000000001",
                    "0193a2b0-0000-7000-ffff-ffffffffffff",
                    "7fffffff-ffff-7fff-bfff-ffffffffffff",
                    "80000000-0000-7000-8000-000000000000",
                    "ffffffff-ffff-7fff-bfff-ffffffffffff");
            List<Slot> slots = new ArrayList<>();
            for (int i = texts.size() - 1; i >= 0; i--) {
                for (long start : new long[] {60, 0}) {
                    UUID id = UUID.fromString(texts.get(i).substring(0, 35) + start / 60);
                    slots.add(new Slot(new SlotId(id), clinic.provider().id(), clinic.department().id(), minutes(start),
                            minutes(start + 30), Set.of(clinic.checkup().id()), SlotStatus.OPEN, null, 0));
                }
            }
            run(tx -> tx.slots().insertAll(slots));
            List<String> order = findAllOpen(new SlotQuery(minutes(0), minutes(120), null, null, null)).stream()
                    .map(s -> s.id().toString()).toList();
            List<String> expected = new ArrayList<>();
            for (long start : new long[] {0, 60}) {
                for (String text : texts) {
                    expected.add(text.substring(0, 35) + start / 60);
                }
            }
            assertThat(order).containsExactlyElementsOf(expected);
            assertThat(read((StorageTransaction tx) -> tx.slots().overlapping(clinic.provider().id(), minutes(0), minutes(120))))
                    .extracting(s -> s.id().toString()).containsExactlyElementsOf(expected);
        }

        @Test
        @DisplayName("findOpen sees the work's own new, booked and released slots (SC-2)")
        void findOpenOwnWrites() {
            Slot committed = slot(clinic, minutes(0), 30);
            Slot held = slot(clinic, minutes(30), 30);
            AppointmentId holder = AppointmentId.newId();
            run(tx -> {
                tx.slots().insertAll(List.of(committed, held));
                tx.slots().book(held.id(), holder);
            });
            Slot added = slot(clinic, minutes(15), 30);
            SlotQuery query = new SlotQuery(minutes(0), minutes(60), clinic.provider().id(), null, clinic.checkup().id());
            List<SlotId> seen = inTx((StorageTransaction tx) -> {
                tx.slots().insertAll(List.of(added));
                assertThat(tx.slots().book(committed.id(), AppointmentId.newId())).isTrue();
                assertThat(tx.slots().release(held.id(), holder)).isTrue();
                return tx.slots().findOpen(query, null, 10).stream().map(Slot::id).toList();
            });
            assertThat(seen).containsExactly(added.id(), held.id());
            assertThat(findAllOpen(query)).extracting(Slot::id).containsExactly(added.id(), held.id());
        }

        @Test
        @DisplayName("overlapping answers every slot of the provider, whatever its status, that overlaps [from, to), in (start, id) order; touching slots do not overlap (SC-1)")
        void overlapping() {
            Provider otherProvider = insertProvider();
            // [9:00, 10:00) is asked for; minutes(0) is 9:00
            Slot endsAtFrom = slot(clinic, minutes(-30), 30);
            Slot startsAtTo = slot(clinic, minutes(60), 30);
            Slot overlapsStart = slot(clinic, minutes(-15), 30);
            Slot inside = slot(clinic, minutes(20), 20);
            Slot sameStart = slot(clinic, minutes(0), 60);
            Slot overlapsEnd = slot(clinic, minutes(59), 30);
            Slot longBefore = slot(clinic, minutes(-480), 8 * 60 + 1);
            Slot longEndsAtFrom = slot(clinic, minutes(-600), 600);
            Slot covers = slot(clinic, minutes(-60), 180);
            Slot booked = slot(clinic, minutes(30), 15);
            Slot closed = slot(clinic, minutes(45), 15);
            Slot othersSlot = Slot.open(otherProvider.id(), clinic.department().id(), minutes(0), minutes(60),
                    Set.of(clinic.checkup().id()));
            List<Slot> all = new ArrayList<>(List.of(endsAtFrom, startsAtTo, overlapsStart, inside, sameStart, overlapsEnd,
                    longBefore, longEndsAtFrom, covers, booked, closed, othersSlot));
            Collections.shuffle(all, new Random(43));
            run(tx -> tx.slots().insertAll(all));
            run(tx -> {
                assertThat(tx.slots().book(booked.id(), AppointmentId.newId())).isTrue();
                assertThat(tx.slots().close(closed.id())).isTrue();
            });
            List<Slot> found = read((StorageTransaction tx) -> tx.slots().overlapping(clinic.provider().id(), minutes(0), minutes(60)));
            assertThat(found).extracting(Slot::id).containsExactlyElementsOf(byStart(List.of(overlapsStart, inside, sameStart,
                    overlapsEnd, longBefore, covers, booked, closed)).stream().map(Slot::id).toList());
            assertThat(found).filteredOn(s -> s.id().equals(booked.id())).singleElement()
                    .satisfies(s -> assertThat(s.status()).isEqualTo(SlotStatus.BOOKED));
            assertThat(read((StorageTransaction tx) -> tx.slots().overlapping(otherProvider.id(), minutes(0), minutes(60))))
                    .containsExactly(othersSlot);
            assertThat(read((StorageTransaction tx) -> tx.slots().overlapping(ProviderId.newId(), minutes(0), minutes(60)))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.slots().overlapping(clinic.provider().id(), minutes(600), minutes(700)))).isEmpty();
            Slot own = slot(clinic, minutes(10), 10);
            assertThat(inTx((StorageTransaction tx) -> {
                tx.slots().insertAll(List.of(own));
                return tx.slots().overlapping(clinic.provider().id(), minutes(5), minutes(15));
            })).as("the work's own slots count").extracting(Slot::id).containsExactlyElementsOf(byStart(List.of(
                    sameStart, overlapsStart, covers, own)).stream().map(Slot::id).toList());
        }
    }

    // ------------------------------------------------------------------------------------------
    // Appointments
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("appointments (SC-3, SC-4, SC-5)")
    class AppointmentsContract {
        private Clinic clinic;
        private Patient patient;

        @BeforeEach
        void createParties() {
            clinic = StorageCompatibilityKit.this.insertClinic();
            patient = StorageCompatibilityKit.this.insertPatient();
        }

        @Test
        @DisplayName("an appointment round-trips every field, booked and after it left BOOKED (SC-3, SC-5)")
        void roundTrip() {
            Slot slot = insertSlot(clinic, minutes(0), 30);
            Appointment booked = Appointment.book(AppointmentId.newId(), patient.id(), slot, clinic.physical().id(),
                    at(-3600), AccountId.newId().toString());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(booked))).isTrue();
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(booked);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(AppointmentId.newId()))).isEmpty();
            Appointment cancelled = booked.close(AppointmentStatus.CANCELLED, at(60), "staff-front-desk-7", "patient_cancelled");
            Appointment stored = inTx((StorageTransaction tx) -> tx.appointments().update(cancelled));
            assertThat(stored).isEqualTo(appointmentVersion(cancelled, 1));
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(stored);
        }

        @Test
        @DisplayName("a taken appointment id is a duplicate key: a retried booking never inserts twice (IN-1)")
        void duplicateId() {
            Slot first = insertSlot(clinic, minutes(0), 30);
            Slot second = insertSlot(clinic, minutes(120), 30);
            Appointment appointment = appointment(patient.id(), first, clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(appointment))).isTrue();
            Patient other = insertPatient();
            Appointment sameId = Appointment.book(appointment.id(), other.id(), second, clinic.checkup().id(), T0, "staff-1");
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(sameId)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(appointment.id()))).contains(appointment);
            assertThat(upcoming(other.id(), minutes(-600))).isEmpty();
        }

        @Test
        @DisplayName("insertIfNoOverlap refuses an appointment overlapping a BOOKED one of the patient; touching intervals [9:00, 9:30) and [9:30, 10:00) do not overlap (SC-3)")
        void overlapEdges() {
            Appointment nine = insertBooked(patient, minutes(0), 30);
            List<Slot> refused = List.of(
                    insertSlot(clinic, minutes(0), 30),
                    insertSlot(clinic, minutes(10), 10),
                    insertSlot(clinic, minutes(-60), 180),
                    insertSlotUntil(clinic, minutes(-30), minutes(0).plus(1, ChronoUnit.MICROS)),
                    insertSlot(clinic, minutes(30).minus(1, ChronoUnit.MICROS), 30),
                    insertSlot(clinic, minutes(-10), 15),
                    insertSlot(clinic, minutes(25), 15));
            for (Slot slot : refused) {
                Appointment overlapping = appointment(patient.id(), slot, clinic.checkup().id());
                assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(overlapping)))
                        .as("[%s, %s) overlaps [9:00, 9:30)", slot.start(), slot.end()).isFalse();
                assertThat(read((StorageTransaction tx) -> tx.appointments().find(overlapping.id()))).isEmpty();
            }
            Appointment before = appointment(patient.id(), insertSlot(clinic, minutes(-30), 30), clinic.checkup().id());
            Appointment after = appointment(patient.id(), insertSlot(clinic, minutes(30), 30), clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(before))).as("[8:30, 9:00)").isTrue();
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(after))).as("[9:30, 10:00)").isTrue();
            assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(before, nine, after);
        }

        @Test
        @DisplayName("another patient's BOOKED appointment never blocks: two patients may hold the same time (SC-3)")
        void otherPatientsUnaffected() {
            insertBooked(patient, minutes(0), 60);
            Patient other = insertPatient();
            Appointment same = appointment(other.id(), insertSlot(clinic, minutes(0), 60), clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(same))).isTrue();
            assertThat(upcoming(other.id(), minutes(-600))).containsExactly(same);
        }

        @Test
        @DisplayName("cancelled, rescheduled, completed and no-show appointments do not block an overlapping booking (SC-3, SC-4)")
        void onlyBookedBlocks() {
            List<AppointmentStatus> closedStatuses = List.of(AppointmentStatus.CANCELLED, AppointmentStatus.RESCHEDULED,
                    AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW);
            for (AppointmentStatus status : closedStatuses) {
                Patient p = insertPatient();
                Appointment first = insertBooked(p, minutes(0), 30);
                inTx((StorageTransaction tx) -> tx.appointments().update(first.close(status, at(10), "staff-1", "reason")));
                Appointment again = appointment(p.id(), insertSlot(clinic, minutes(0), 30), clinic.checkup().id());
                assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(again))).as("%s", status).isTrue();
            }
        }

        @Test
        @DisplayName("the work's own uncommitted appointments count: a second overlapping insert is refused, and a cancellation in the work frees the time (SC-3, SC-4)")
        void ownWritesCount() {
            Slot slot = insertSlot(clinic, minutes(0), 30);
            Slot overlapping = insertSlot(clinic, minutes(15), 30);
            Appointment first = appointment(patient.id(), slot, clinic.checkup().id());
            Appointment second = appointment(patient.id(), overlapping, clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> {
                assertThat(tx.appointments().insertIfNoOverlap(first)).isTrue();
                return tx.appointments().insertIfNoOverlap(second);
            })).isFalse();
            assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(first);

            // reschedule: the old appointment leaves BOOKED, then the new overlapping one goes in, in one work
            Appointment moved = appointment(patient.id(), overlapping, clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> {
                tx.appointments().update(first.close(AppointmentStatus.RESCHEDULED, at(5), "staff-1", "rescheduled"));
                return tx.appointments().insertIfNoOverlap(moved);
            })).isTrue();
            assertThat(upcoming(patient.id(), minutes(-600))).extracting(Appointment::id, Appointment::status)
                    .containsExactly(tuple(first.id(), AppointmentStatus.RESCHEDULED), tuple(moved.id(), AppointmentStatus.BOOKED));

            Appointment rolledBack = appointment(patient.id(), insertSlot(clinic, minutes(120), 30), clinic.checkup().id());
            assertThatThrownBy(() -> run(tx -> {
                assertThat(tx.appointments().insertIfNoOverlap(rolledBack)).isTrue();
                assertThat(tx.appointments().upcoming(patient.id(), minutes(100), null, 10)).containsExactly(rolledBack);
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(rolledBack.id()))).isEmpty();
            assertThat(upcoming(patient.id(), minutes(100))).isEmpty();
            Appointment retried = appointment(patient.id(), insertSlot(clinic, minutes(120), 30), clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(retried))).as("nothing left behind").isTrue();
        }

        @Test
        @DisplayName("a second booking for the patient waits for the first one's transaction, then sees it: never check-then-insert (SC-3)")
        void secondBookingWaits() throws Exception {
            Appointment first = appointment(patient.id(), insertSlot(clinic, minutes(0), 30), clinic.checkup().id());
            Appointment second = appointment(patient.id(), insertSlot(clinic, minutes(15), 30), clinic.checkup().id());
            List<Boolean> results = whileHeld(tx -> tx.appointments().insertIfNoOverlap(first),
                    tx -> tx.appointments().insertIfNoOverlap(second));
            assertThat(results).containsExactly(true, false);
            assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(first);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent overlapping bookings for one patient exactly one is inserted (SC-3)")
        void concurrentOverlapping() throws Exception {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                slots.add(slot(clinic, minutes(i), 60));
            }
            run(tx -> tx.slots().insertAll(slots));
            List<Outcome<Boolean>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) ->
                    tx.appointments().insertIfNoOverlap(appointment(patient.id(), slots.get(i), clinic.checkup().id()))));
            assertThat(failures(outcomes)).isEmpty();
            assertThat(successes(outcomes)).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(upcoming(patient.id(), minutes(-600))).hasSize(1);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent bookings for one patient at distinct times every one is inserted (SC-3)")
        void concurrentDisjoint() throws Exception {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                slots.add(slot(clinic, minutes(30L * i), 30));
            }
            run(tx -> tx.slots().insertAll(slots));
            List<Outcome<Boolean>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) ->
                    tx.appointments().insertIfNoOverlap(appointment(patient.id(), slots.get(i), clinic.checkup().id()))));
            assertThat(failures(outcomes)).isEmpty();
            assertThat(successes(outcomes)).hasSize(THREADS).allMatch(Boolean::booleanValue);
            assertThat(upcoming(patient.id(), minutes(-600))).hasSize(THREADS);
        }

        @Test
        @DisplayName("update stores a status change with who, when and why, and increases the version; a stale or missing appointment fails with an optimistic-lock exception (SC-4)")
        void update() {
            Appointment booked = insertBooked(patient, minutes(0), 30);
            Appointment completed = inTx((StorageTransaction tx) -> tx.appointments().update(
                    booked.close(AppointmentStatus.COMPLETED, at(7200), "staff-clinician-2", null)));
            assertThat(completed).isEqualTo(appointmentVersion(booked.close(AppointmentStatus.COMPLETED, at(7200), "staff-clinician-2", null), 1));
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(completed);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointments().update(
                    booked.close(AppointmentStatus.NO_SHOW, at(7300), "staff-1", "no_show")))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(completed);
            Appointment ghost = appointment(patient.id(), insertSlot(clinic, minutes(60), 30), clinic.checkup().id())
                    .close(AppointmentStatus.CANCELLED, at(60), "staff-1", "patient_cancelled");
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointments().update(ghost)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(ghost.id()))).isEmpty();
        }

        @Test
        @DisplayName("update writes only the closing fields (SC-4): a changed patient, slot, provider, department, visit type, times or booking fields are ignored, and the row keeps its place in the lists")
        void updateWritesOnlyClosingFields() {
            Appointment booked = insertBooked(patient, minutes(0), 30);
            Patient other = insertPatient();
            Clinic otherClinic = StorageCompatibilityKit.this.insertClinic();
            Slot otherSlot = insertSlot(otherClinic, minutes(120), 60);
            Appointment cancelled = inTx((StorageTransaction tx) -> tx.appointments().update(
                    elsewhere(booked, other, otherSlot, otherClinic, AppointmentStatus.CANCELLED, at(60), "staff-front-desk-7",
                            "patient_cancelled")));
            Appointment expected = appointmentVersion(
                    booked.close(AppointmentStatus.CANCELLED, at(60), "staff-front-desk-7", "patient_cancelled"), 1);
            assertThat(cancelled).isEqualTo(expected);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(expected);

            // between non-BOOKED states (a correction), again only the closing fields are written
            Appointment corrected = inTx((StorageTransaction tx) -> tx.appointments().update(
                    elsewhere(cancelled, other, otherSlot, otherClinic, AppointmentStatus.NO_SHOW, at(120), "staff-clinician-2",
                            null)));
            expected = appointmentVersion(booked.close(AppointmentStatus.NO_SHOW, at(120), "staff-clinician-2", null), 2);
            assertThat(corrected).isEqualTo(expected);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(expected);
            assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(expected);
            assertThat(read((StorageTransaction tx) -> tx.appointments().past(patient.id(), minutes(600), null, 10)))
                    .containsExactly(expected);
            assertThat(upcoming(other.id(), minutes(-600))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.appointments().past(other.id(), minutes(600), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("update refuses BOOKED (SC-4) with an illegal-argument exception, from BOOKED or back from a closed status, and writes nothing; the work stays usable")
        void updateRefusesBooked() {
            Appointment booked = insertBooked(patient, minutes(0), 30);
            Slot later = insertSlot(clinic, minutes(60), 30);
            Appointment moved = new Appointment(booked.id(), booked.patientId(), later.id(), later.providerId(),
                    later.departmentId(), booked.visitTypeId(), later.start(), later.end(), AppointmentStatus.BOOKED,
                    booked.bookedAt(), booked.bookedBy(), null, null, null, booked.version());
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointments().update(moved)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointments().update(booked)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(booked);

            // back to BOOKED would bypass insertIfNoOverlap: refused even where it would overlap nothing
            Appointment cancelled = inTx((StorageTransaction tx) -> tx.appointments().update(
                    booked.close(AppointmentStatus.CANCELLED, at(60), "staff-1", "patient_cancelled")));
            Appointment revived = appointmentVersion(booked, cancelled.version());
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointments().update(revived)))
                    .isInstanceOf(IllegalArgumentException.class);
            Appointment overlapping = insertBooked(patient, minutes(15), 30);
            run(tx -> {
                assertThatThrownBy(() -> tx.appointments().update(revived)).isInstanceOf(IllegalArgumentException.class);
                assertThat(tx.appointments().find(booked.id())).as("the work is still usable").contains(cancelled);
            });
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(cancelled);
            assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(cancelled, overlapping);
        }

        @Test
        @DisplayName("after cancelling, a new overlapping booking for the same patient is accepted by insertIfNoOverlap, even when the cancelling update carried other times (SC-3, SC-4)")
        void cancelFreesTime() {
            Appointment booked = insertBooked(patient, minutes(0), 30);
            Slot otherSlot = insertSlot(clinic, minutes(120), 30);
            Appointment cancelled = inTx((StorageTransaction tx) -> tx.appointments().update(
                    elsewhere(booked, patient, otherSlot, clinic, AppointmentStatus.CANCELLED, at(60), "account-1",
                            "patient_cancelled")));
            assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
            Appointment again = appointment(patient.id(), insertSlot(clinic, minutes(15), 30), clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(again)))
                    .as("[9:15, 9:45) overlaps only the cancelled [9:00, 9:30)").isTrue();
            Appointment atIgnoredTime = appointment(patient.id(), otherSlot, clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(atIgnoredTime)))
                    .as("the cancelled appointment did not move to [11:00, 11:30)").isTrue();
            Appointment overlappingNew = appointment(patient.id(), insertSlot(clinic, minutes(40), 30), clinic.checkup().id());
            assertThat(inTx((StorageTransaction tx) -> tx.appointments().insertIfNoOverlap(overlappingNew)))
                    .as("[9:40, 10:10) overlaps the new BOOKED [9:15, 9:45)").isFalse();
            assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(cancelled, again, atIgnoredTime);
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent cancellations from one version exactly one succeeds, the others fail as stale (SC-4)")
        void concurrentUpdates() throws Exception {
            Appointment booked = insertBooked(patient, minutes(0), 30);
            List<Outcome<Appointment>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) ->
                    tx.appointments().update(booked.close(AppointmentStatus.CANCELLED, at(i), "canceller-" + i, "patient_cancelled"))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.appointments().find(booked.id()))).contains(successes(outcomes).get(0));
        }

        @Test
        @DisplayName("upcoming pages the patient's appointments from a start on, any status, in ascending (start, id) order, ties included, across pages of "
                + PAGE_SIZE + " (SC-5)")
        void upcomingPaging() {
            List<Appointment> all = insertHistory(patient);
            Patient other = insertPatient();
            insertBooked(other, minutes(0), 30);
            Instant from = minutes(60);
            List<Appointment> expected = all.stream().filter(a -> !a.start().isBefore(from))
                    .sorted(START_ORDER).toList();
            assertThat(expected).hasSizeGreaterThan(PAGE_SIZE * 2);
            List<Appointment> paged = collectStartPages((after, limit) -> read((StorageTransaction tx) ->
                    tx.appointments().upcoming(patient.id(), from, after, limit)), Appointment::start, a -> a.id().value());
            assertThat(paged).containsExactlyElementsOf(expected);
            assertThat(paged).extracting(Appointment::status).contains(AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED);
            assertThat(read((StorageTransaction tx) -> tx.appointments().upcoming(PatientId.newId(), minutes(-6000), null, 10))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.appointments().upcoming(patient.id(), minutes(6000), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("past pages the patient's appointments starting before an instant, any status, in descending (start, id) order, ties included, across pages of "
                + PAGE_SIZE + " (SC-5)")
        void pastPaging() {
            List<Appointment> all = insertHistory(patient);
            Patient other = insertPatient();
            insertBooked(other, minutes(-300), 30);
            Instant before = minutes(240);
            List<Appointment> expected = all.stream().filter(a -> a.start().isBefore(before))
                    .sorted(START_ORDER.reversed()).toList();
            assertThat(expected).hasSizeGreaterThan(PAGE_SIZE * 2);
            List<Appointment> paged = collectStartPages((after, limit) -> read((StorageTransaction tx) ->
                    tx.appointments().past(patient.id(), before, after, limit)), Appointment::start, a -> a.id().value());
            assertThat(paged).containsExactlyElementsOf(expected);
            assertThat(read((StorageTransaction tx) -> tx.appointments().past(PatientId.newId(), minutes(6000), null, 10))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.appointments().past(patient.id(), minutes(-6000), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("an appointment starting exactly at the boundary is upcoming, not past (SC-5)")
        void boundary() {
            Appointment atBoundary = insertBooked(patient, minutes(0), 30);
            Appointment earlier = insertBooked(patient, minutes(-30), 30);
            assertThat(read((StorageTransaction tx) -> tx.appointments().upcoming(patient.id(), minutes(0), null, 10)))
                    .containsExactly(atBoundary);
            assertThat(read((StorageTransaction tx) -> tx.appointments().past(patient.id(), minutes(0), null, 10)))
                    .containsExactly(earlier);
            assertThat(read((StorageTransaction tx) -> tx.appointments().upcoming(patient.id(), minutes(0).plus(1, ChronoUnit.MICROS), null, 10)))
                    .isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.appointments().past(patient.id(), minutes(0).plus(1, ChronoUnit.MICROS), null, 10)))
                    .containsExactly(atBoundary, earlier);
        }

        private Appointment insertBooked(Patient p, Instant start, long length) {
            return StorageCompatibilityKit.this.insertBooked(clinic, p, start, length);
        }

        /**
         * {@code a} moved to {@code status} with the given closing fields, every other field but
         * its id and version changed: another patient, slot, provider, department, visit type, times
         * and booking fields (all rows that exist).
         */
        private Appointment elsewhere(Appointment a, Patient p, Slot slot, Clinic c, AppointmentStatus status,
                                      Instant closedAt, String closedBy, String closeReason) {
            return new Appointment(a.id(), p.id(), slot.id(), c.provider().id(), c.department().id(), c.physical().id(),
                    slot.start(), slot.end(), status, a.bookedAt().minusSeconds(3600), "someone-else", closedAt, closedBy,
                    closeReason, a.version());
        }

        /**
         * Twenty-five appointments of the patient over five starts, five at each start: one BOOKED,
         * four cancelled before the next went in (so they do not overlap).
         */
        private List<Appointment> insertHistory(Patient p) {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                slots.add(slot(clinic, minutes(-120 + 90L * i), 60));
            }
            run(tx -> tx.slots().insertAll(slots));
            return inTx((StorageTransaction tx) -> {
                List<Appointment> all = new ArrayList<>();
                for (Slot slot : slots) {
                    for (int j = 0; j < 5; j++) {
                        Appointment a = appointment(p.id(), slot, clinic.checkup().id());
                        assertThat(tx.appointments().insertIfNoOverlap(a)).isTrue();
                        if (j < 4) {
                            a = tx.appointments().update(a.close(AppointmentStatus.CANCELLED, at(j), "staff-1", "patient_cancelled"));
                        }
                        all.add(a);
                    }
                }
                return all;
            });
        }
    }

    // ------------------------------------------------------------------------------------------
    // Visit summaries
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("visit summaries (SC-5)")
    class VisitSummariesContract {
        private Appointment visit;

        @BeforeEach
        void createVisit() {
            Clinic clinic = StorageCompatibilityKit.this.insertClinic();
            Patient patient = StorageCompatibilityKit.this.insertPatient();
            visit = StorageCompatibilityKit.this.insertBooked(clinic, patient, minutes(0), 30);
        }

        @Test
        @DisplayName("a visit without a summary has none")
        void absent() {
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(visit.id()))).isEmpty();
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(AppointmentId.newId()))).isEmpty();
        }

        @Test
        @DisplayName("save with version 0 inserts at version 1; a save from the stored version replaces the text and the diagnoses whole, in order (SC-5)")
        void insertThenUpdate() {
            VisitSummary first = new VisitSummary(visit.id(), visit.patientId(),
                    "Seen for cough.\nRest, fluids; return if fever > 39 °C.",
                    List.of(new Diagnosis("J06.9", "Acute upper respiratory infection"),
                            new Diagnosis("R05.1", "Acute cough"),
                            new Diagnosis("Z23", "Encounter for immunization")),
                    at(3600), "staff-clinician-1", 0);
            VisitSummary stored = inTx((StorageTransaction tx) -> tx.visitSummaries().save(first));
            assertThat(stored).isEqualTo(summaryVersion(first, 1));
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(visit.id()))).contains(stored);

            VisitSummary second = new VisitSummary(visit.id(), visit.patientId(), "Corrected summary.",
                    List.of(new Diagnosis("Z23", "Encounter for immunization"), new Diagnosis("J06.9", "Acute URI")),
                    at(7200), "staff-clinician-2", 1);
            VisitSummary replaced = inTx((StorageTransaction tx) -> tx.visitSummaries().save(second));
            assertThat(replaced).isEqualTo(summaryVersion(second, 2));
            VisitSummary found = read((StorageTransaction tx) -> tx.visitSummaries().find(visit.id())).orElseThrow();
            assertThat(found).isEqualTo(replaced);
            assertThat(found.diagnoses()).extracting(Diagnosis::code).containsExactly("Z23", "J06.9");

            VisitSummary none = new VisitSummary(visit.id(), visit.patientId(), "No diagnosis recorded.", List.of(),
                    at(7300), "staff-clinician-2", 2);
            VisitSummary emptied = inTx((StorageTransaction tx) -> tx.visitSummaries().save(none));
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(visit.id()))).contains(emptied);
            assertThat(emptied.diagnoses()).isEmpty();
        }

        @Test
        @DisplayName("a second insert (version 0) for the visit is a duplicate key; a stale or never-inserted save fails with an optimistic-lock exception (SC-5)")
        void duplicateAndStale() {
            VisitSummary v1 = inTx((StorageTransaction tx) -> tx.visitSummaries().save(summary(visit, "first", 0)));
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.visitSummaries().save(summary(visit, "again", 0))))
                    .isInstanceOf(DuplicateKeyException.class);
            VisitSummary v2 = inTx((StorageTransaction tx) -> tx.visitSummaries().save(summary(visit, "second", v1.version())));
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.visitSummaries().save(summary(visit, "stale", v1.version()))))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(visit.id()))).contains(v2);
            Clinic clinic = insertClinic();
            Appointment other = insertBooked(clinic, insertPatient(), minutes(0), 30);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.visitSummaries().save(summary(other, "ghost", 3))))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(other.id()))).isEmpty();
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent first saves exactly one inserts, the others are duplicate keys (SC-5)")
        void concurrentFirstSaves() throws Exception {
            List<Outcome<VisitSummary>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) ->
                    tx.visitSummaries().save(summary(visit, "summary " + i, 0))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(visit.id()))).contains(successes(outcomes).get(0));
        }

        @Test
        @DisplayName("a rolled-back work leaves the summary as it was; its own reads saw its save (SC-5)")
        void rollback() {
            VisitSummary v1 = inTx((StorageTransaction tx) -> tx.visitSummaries().save(summary(visit, "kept", 0)));
            assertThatThrownBy(() -> run(tx -> {
                VisitSummary changed = tx.visitSummaries().save(summary(visit, "changed", v1.version()));
                assertThat(tx.visitSummaries().find(visit.id())).contains(changed);
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.visitSummaries().find(visit.id()))).contains(v1);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Appointment requests
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("appointment requests (SC-1)")
    class AppointmentRequestsContract {
        private Clinic clinic;
        private Patient patient;

        @BeforeEach
        void createParties() {
            clinic = StorageCompatibilityKit.this.insertClinic();
            patient = StorageCompatibilityKit.this.insertPatient();
        }

        @Test
        @DisplayName("a request round-trips every field, with and without a provider and department, open and decided (SC-1)")
        void roundTrip() {
            AppointmentRequest full = new AppointmentRequest(AppointmentRequestId.newId(), patient.id(), clinic.physical().id(),
                    clinic.provider().id(), clinic.department().id(), at(86_400), at(86_400 * 14), RequestStatus.OPEN, T0,
                    null, null, null, null, 0);
            AppointmentRequest any = request(patient, clinic);
            run(tx -> {
                tx.appointmentRequests().insert(full);
                tx.appointmentRequests().insert(any);
            });
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(full.id()))).contains(full);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(any.id()))).contains(any);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(AppointmentRequestId.newId()))).isEmpty();

            Appointment made = insertBooked(clinic, patient, minutes(0), 60);
            AppointmentRequest scheduled = full.decide(RequestStatus.SCHEDULED, at(600), "staff-front-desk-3", made.id(), null);
            AppointmentRequest declined = any.decide(RequestStatus.DECLINED, at(700), "staff-front-desk-4", null, "no_capacity");
            AppointmentRequest storedScheduled = inTx((StorageTransaction tx) -> tx.appointmentRequests().update(scheduled));
            AppointmentRequest storedDeclined = inTx((StorageTransaction tx) -> tx.appointmentRequests().update(declined));
            assertThat(storedScheduled).isEqualTo(requestVersion(scheduled, 1));
            assertThat(storedDeclined).isEqualTo(requestVersion(declined, 1));
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(full.id()))).contains(storedScheduled);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(any.id()))).contains(storedDeclined);
        }

        @Test
        @DisplayName("a taken request id is a duplicate key; a stale or missing request fails with an optimistic-lock exception")
        void duplicateAndStale() {
            AppointmentRequest request = request(patient, clinic);
            run(tx -> tx.appointmentRequests().insert(request));
            AppointmentRequest sameId = new AppointmentRequest(request.id(), patient.id(), clinic.physical().id(), null, null,
                    at(1), at(2), RequestStatus.OPEN, at(1), null, null, null, null, 0);
            assertThatThrownBy(() -> run(tx -> tx.appointmentRequests().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(request.id()))).contains(request);
            AppointmentRequest withdrawn = inTx((StorageTransaction tx) -> tx.appointmentRequests().update(
                    request.decide(RequestStatus.WITHDRAWN, at(5), patient.id().toString(), null, null)));
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointmentRequests().update(
                    request.decide(RequestStatus.DECLINED, at(6), "staff-1", null, "duplicate"))))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(request.id()))).contains(withdrawn);
            AppointmentRequest ghost = request(patient, clinic);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.appointmentRequests().update(ghost)))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(ghost.id()))).isEmpty();
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent decisions from one version exactly one succeeds, the others fail as stale (SC-1)")
        void concurrentDecisions() throws Exception {
            AppointmentRequest request = request(patient, clinic);
            run(tx -> tx.appointmentRequests().insert(request));
            List<Outcome<AppointmentRequest>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) ->
                    tx.appointmentRequests().update(request.decide(RequestStatus.DECLINED, at(i), "staff-" + i, null, "reason-" + i))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().find(request.id()))).contains(successes(outcomes).get(0));
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().open(null, 10))).isEmpty();
        }

        @Test
        @DisplayName("open returns every OPEN request exactly once, in id (arrival) order, across pages of " + PAGE_SIZE + "; decided ones leave it (SC-1)")
        void openPaging() {
            Patient other = insertPatient();
            List<AppointmentRequest> requests = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS + 6; i++) {
                requests.add(request(i % 2 == 0 ? patient : other, clinic));
            }
            List<AppointmentRequest> shuffled = new ArrayList<>(requests);
            Collections.shuffle(shuffled, new Random(47));
            run(tx -> shuffled.forEach(tx.appointmentRequests()::insert));
            List<RequestStatus> closing = List.of(RequestStatus.DECLINED, RequestStatus.WITHDRAWN);
            run(tx -> {
                for (int i = 0; i < 6; i++) {
                    AppointmentRequest r = requests.get(i * 5);
                    tx.appointmentRequests().update(r.decide(closing.get(i % 2), at(i), "staff-1", null, "reason"));
                }
            });
            List<AppointmentRequest> expected = new ArrayList<>(requests);
            for (int i = 0; i < 6; i++) {
                expected.remove(requests.get(i * 5));
            }
            List<AppointmentRequest> paged = collectPages((after, limit) -> read((StorageTransaction tx) ->
                    tx.appointmentRequests().open(after, limit)), AppointmentRequest::id);
            assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(sortedBy(expected, r -> r.id().value()));
        }

        @Test
        @DisplayName("forPatient returns every request of the patient, any status, exactly once, in id order, across pages of " + PAGE_SIZE + " (SC-1)")
        void forPatientPaging() {
            Patient other = insertPatient();
            List<AppointmentRequest> mine = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS; i++) {
                mine.add(request(patient, clinic));
            }
            List<AppointmentRequest> all = new ArrayList<>(mine);
            all.add(request(other, clinic));
            Collections.shuffle(all, new Random(53));
            run(tx -> all.forEach(tx.appointmentRequests()::insert));
            AppointmentRequest withdrawn = inTx((StorageTransaction tx) -> tx.appointmentRequests().update(
                    mine.get(3).decide(RequestStatus.WITHDRAWN, at(9), patient.id().toString(), null, null)));
            List<AppointmentRequest> expected = new ArrayList<>(mine);
            expected.set(3, withdrawn);
            List<AppointmentRequest> paged = collectPages((after, limit) -> read((StorageTransaction tx) ->
                    tx.appointmentRequests().forPatient(patient.id(), after, limit)), AppointmentRequest::id);
            assertThat(paged).containsExactlyElementsOf(sortedBy(expected, r -> r.id().value()));
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().forPatient(PatientId.newId(), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("a work sees its own requests and decisions in open; rolled back, nothing of them is left (SC-1)")
        void ownWritesAndRollback() {
            AppointmentRequest kept = request(patient, clinic);
            run(tx -> tx.appointmentRequests().insert(kept));
            AppointmentRequest added = request(patient, clinic);
            assertThatThrownBy(() -> run(tx -> {
                tx.appointmentRequests().insert(added);
                tx.appointmentRequests().update(kept.decide(RequestStatus.DECLINED, at(1), "staff-1", null, "no"));
                assertThat(tx.appointmentRequests().open(null, 10)).containsExactly(added);
                assertThat(tx.appointmentRequests().forPatient(patient.id(), null, 10)).hasSize(2);
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().open(null, 10))).containsExactly(kept);
            assertThat(read((StorageTransaction tx) -> tx.appointmentRequests().forPatient(patient.id(), null, 10))).containsExactly(kept);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Wait list
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("wait list (SC-7)")
    class WaitlistContract {
        private Clinic clinic;
        private Patient patient;
        private Appointment appointment;

        @BeforeEach
        void createParties() {
            clinic = StorageCompatibilityKit.this.insertClinic();
            patient = StorageCompatibilityKit.this.insertPatient();
            appointment = StorageCompatibilityKit.this.insertBooked(clinic, patient, minutes(7 * 24 * 60), 30);
        }

        @Test
        @DisplayName("an entry round-trips every field, waiting and closed (SC-7)")
        void roundTrip() {
            WaitlistEntry entry = waitlistEntry(appointment);
            run(tx -> tx.waitlist().insert(entry));
            assertThat(read((StorageTransaction tx) -> tx.waitlist().find(entry.id()))).contains(entry);
            assertThat(read((StorageTransaction tx) -> tx.waitlist().find(WaitlistEntryId.newId()))).isEmpty();
            WaitlistEntry fulfilled = entry.close(WaitlistStatus.FULFILLED, at(120));
            WaitlistEntry stored = inTx((StorageTransaction tx) -> tx.waitlist().update(fulfilled));
            assertThat(stored).isEqualTo(entryVersion(fulfilled, 1));
            assertThat(read((StorageTransaction tx) -> tx.waitlist().find(entry.id()))).contains(stored);
        }

        @Test
        @DisplayName("a taken entry id is a duplicate key; a stale or missing entry fails with an optimistic-lock exception")
        void duplicateAndStale() {
            WaitlistEntry entry = waitlistEntry(appointment);
            run(tx -> tx.waitlist().insert(entry));
            WaitlistEntry sameId = new WaitlistEntry(entry.id(), patient.id(), appointment.id(), clinic.physical().id(),
                    clinic.provider().id(), at(5), WaitlistStatus.WAITING, null, 0);
            assertThatThrownBy(() -> run(tx -> tx.waitlist().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
            assertThat(read((StorageTransaction tx) -> tx.waitlist().find(entry.id()))).contains(entry);
            WaitlistEntry cancelled = inTx((StorageTransaction tx) -> tx.waitlist().update(entry.close(WaitlistStatus.CANCELLED, at(10))));
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.waitlist().update(entry.close(WaitlistStatus.FULFILLED, at(11)))))
                    .isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.waitlist().find(entry.id()))).contains(cancelled);
            WaitlistEntry ghost = waitlistEntry(appointment);
            assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.waitlist().update(ghost))).isInstanceOf(OptimisticLockException.class);
            assertThat(read((StorageTransaction tx) -> tx.waitlist().find(ghost.id()))).isEmpty();
        }

        @Test
        @DisplayName("waiting returns the WAITING entries of exactly that visit type and provider, in id order (the order served), across pages of "
                + PAGE_SIZE + " (SC-7)")
        void waitingPaging() {
            Provider otherProvider = insertProvider();
            List<Patient> patients = insertPatients(PAGE_ROWS + 5);
            List<WaitlistEntry> queue = new ArrayList<>();
            List<WaitlistEntry> all = new ArrayList<>();
            for (int i = 0; i < patients.size(); i++) {
                Appointment a = insertBooked(clinic, patients.get(i), minutes(7 * 24 * 60), 30);
                WaitlistEntry e = waitlistEntry(a);
                queue.add(e);
                all.add(e);
            }
            Appointment mine = appointment;
            all.add(new WaitlistEntry(WaitlistEntryId.newId(), patient.id(), mine.id(), clinic.physical().id(),
                    clinic.provider().id(), T0, WaitlistStatus.WAITING, null, 0));
            all.add(new WaitlistEntry(WaitlistEntryId.newId(), patient.id(), mine.id(), clinic.checkup().id(),
                    otherProvider.id(), T0, WaitlistStatus.WAITING, null, 0));
            List<WaitlistEntry> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(59));
            run(tx -> shuffled.forEach(tx.waitlist()::insert));
            List<WaitlistEntry> closed = List.of(queue.get(0), queue.get(7), queue.get(8), queue.get(20), queue.get(queue.size() - 1));
            run(tx -> {
                for (int i = 0; i < closed.size(); i++) {
                    tx.waitlist().update(closed.get(i).close(i % 2 == 0 ? WaitlistStatus.FULFILLED : WaitlistStatus.CANCELLED, at(i)));
                }
            });
            List<WaitlistEntry> expected = new ArrayList<>(queue);
            expected.removeAll(closed);
            List<WaitlistEntry> paged = collectPages((after, limit) -> read((StorageTransaction tx) ->
                    tx.waitlist().waiting(clinic.checkup().id(), clinic.provider().id(), after, limit)), WaitlistEntry::id);
            assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(sortedBy(expected, e -> e.id().value()));
            assertThat(read((StorageTransaction tx) -> tx.waitlist().waiting(clinic.physical().id(), clinic.provider().id(), null, 10)))
                    .containsExactly(all.get(all.size() - 2));
            assertThat(read((StorageTransaction tx) -> tx.waitlist().waiting(clinic.checkup().id(), otherProvider.id(), null, 10)))
                    .containsExactly(all.get(all.size() - 1));
            assertThat(read((StorageTransaction tx) -> tx.waitlist().waiting(clinic.physical().id(), otherProvider.id(), null, 10)))
                    .isEmpty();
        }

        @Test
        @DisplayName("forPatient returns every entry of the patient, any status, exactly once, in id order, across pages of " + PAGE_SIZE + " (SC-7)")
        void forPatientPaging() {
            Patient other = insertPatient();
            Appointment othersAppointment = insertBooked(clinic, other, minutes(60), 30);
            List<WaitlistEntry> mine = new ArrayList<>();
            for (int i = 0; i < PAGE_ROWS; i++) {
                mine.add(waitlistEntry(appointment));
            }
            List<WaitlistEntry> all = new ArrayList<>(mine);
            all.add(waitlistEntry(othersAppointment));
            Collections.shuffle(all, new Random(61));
            run(tx -> all.forEach(tx.waitlist()::insert));
            WaitlistEntry cancelled = inTx((StorageTransaction tx) -> tx.waitlist().update(mine.get(2).close(WaitlistStatus.CANCELLED, at(3))));
            List<WaitlistEntry> expected = new ArrayList<>(mine);
            expected.set(2, cancelled);
            List<WaitlistEntry> paged = collectPages((after, limit) -> read((StorageTransaction tx) ->
                    tx.waitlist().forPatient(patient.id(), after, limit)), WaitlistEntry::id);
            assertThat(paged).containsExactlyElementsOf(sortedBy(expected, e -> e.id().value()));
            assertThat(read((StorageTransaction tx) -> tx.waitlist().forPatient(PatientId.newId(), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("of " + THREADS + " concurrent offers of a slot to the first waiting entry exactly one fulfils it (SC-7)")
        void concurrentFulfilment() throws Exception {
            WaitlistEntry entry = waitlistEntry(appointment);
            run(tx -> tx.waitlist().insert(entry));
            List<Outcome<WaitlistEntry>> outcomes = concurrently(THREADS, i -> inTxRetrying((StorageTransaction tx) ->
                    tx.waitlist().update(entry.close(WaitlistStatus.FULFILLED, at(i)))));
            assertThat(successes(outcomes)).hasSize(1);
            assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
            assertThat(read((StorageTransaction tx) -> tx.waitlist().find(entry.id()))).contains(successes(outcomes).get(0));
            assertThat(read((StorageTransaction tx) -> tx.waitlist().waiting(entry.visitTypeId(), entry.providerId(), null, 10))).isEmpty();
        }

        @Test
        @DisplayName("a work sees its own entries in its queue; rolled back, nothing of them is left (SC-7)")
        void ownWritesAndRollback() {
            WaitlistEntry kept = waitlistEntry(appointment);
            run(tx -> tx.waitlist().insert(kept));
            WaitlistEntry added = waitlistEntry(appointment);
            assertThatThrownBy(() -> run(tx -> {
                tx.waitlist().insert(added);
                tx.waitlist().update(kept.close(WaitlistStatus.FULFILLED, at(1)));
                assertThat(tx.waitlist().waiting(kept.visitTypeId(), kept.providerId(), null, 10)).containsExactly(added);
                throw new KitFailure();
            })).isInstanceOf(KitFailure.class);
            assertThat(read((StorageTransaction tx) -> tx.waitlist().waiting(kept.visitTypeId(), kept.providerId(), null, 10)))
                    .containsExactly(kept);
            assertThat(read((StorageTransaction tx) -> tx.waitlist().forPatient(patient.id(), null, 10))).containsExactly(kept);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Pagination
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("pagination")
    class Pagination {
        @Test
        @DisplayName("every paged method accepts limits 1 to 1000 and refuses 0 and 1001 with IllegalArgumentException (SC-2, SC-5)")
        void limits() {
            SlotQuery slots = new SlotQuery(minutes(0), minutes(60), null, null, null);
            Map<String, Function<Integer, Consumer<StorageTransaction>>> calls = new LinkedHashMap<>();
            calls.put("Patients.page", limit -> tx -> tx.patients().page(null, limit));
            calls.put("Sessions.listUnrevoked", limit -> tx -> tx.sessions().listUnrevoked(AccountId.newId(), null, limit));
            calls.put("AuditTrail.events", limit -> tx -> tx.auditTrail().events(AuditChain.SYSTEM, 0, limit));
            calls.put("AuditTrail.chains", limit -> tx -> tx.auditTrail().chains(null, limit));
            calls.put("Outbox.dead", limit -> tx -> tx.outbox().dead(null, limit));
            calls.put("ProxyGrants.listForProxy", limit -> tx -> tx.proxyGrants().listForProxy(AccountId.newId(), null, limit));
            calls.put("ProxyGrants.listForPatient", limit -> tx -> tx.proxyGrants().listForPatient(PatientId.newId(), null, limit));
            calls.put("Departments.page", limit -> tx -> tx.departments().page(null, limit));
            calls.put("Providers.page", limit -> tx -> tx.providers().page(null, limit));
            calls.put("VisitTypes.page", limit -> tx -> tx.visitTypes().page(null, limit));
            calls.put("Slots.findOpen", limit -> tx -> tx.slots().findOpen(slots, null, limit));
            calls.put("Appointments.upcoming", limit -> tx -> tx.appointments().upcoming(PatientId.newId(), T0, null, limit));
            calls.put("Appointments.past", limit -> tx -> tx.appointments().past(PatientId.newId(), T0, null, limit));
            calls.put("AppointmentRequests.open", limit -> tx -> tx.appointmentRequests().open(null, limit));
            calls.put("AppointmentRequests.forPatient", limit -> tx -> tx.appointmentRequests().forPatient(PatientId.newId(), null, limit));
            calls.put("Waitlist.waiting", limit -> tx -> tx.waitlist().waiting(VisitTypeId.newId(), ProviderId.newId(), null, limit));
            calls.put("Waitlist.forPatient", limit -> tx -> tx.waitlist().forPatient(PatientId.newId(), null, limit));
            calls.forEach((name, call) -> {
                for (int limit : new int[] {1, 1000}) {
                    run(call.apply(limit));
                }
                for (int limit : new int[] {0, -1, 1001}) {
                    assertThatThrownBy(() -> run(call.apply(limit))).as("%s with limit %d", name, limit)
                            .isInstanceOf(IllegalArgumentException.class);
                }
            });
        }

        @Test
        @DisplayName("pages are in unsigned id order, the order of the canonical strings, even for ids with the top bits set")
        void unsignedOrder() {
            List<String> texts = List.of(
                    "00000000-0000-7000-8000-000000000001",
                    "0193a2b0-0000-7000-8000-000000000000",
                    "0193a2b0-0000-7000-ffff-ffffffffffff",
                    "7fffffff-ffff-7fff-bfff-ffffffffffff",
                    "80000000-0000-7000-8000-000000000000",
                    "ffffffff-ffff-7fff-8000-000000000000",
                    "ffffffff-ffff-7fff-bfff-ffffffffffff");
            Account account = insertAccount();
            List<Patient> patients = new ArrayList<>();
            List<SessionRecord> sessions = new ArrayList<>();
            for (int i = texts.size() - 1; i >= 0; i--) {
                Patient p = patient();
                patients.add(new Patient(PatientId.parse(texts.get(i)), p.mrn(), p.givenName(), p.familyName(),
                        p.birthDate(), p.ssn4Hash(), p.email(), p.mobile(), p.registeredAt(), 0));
                sessions.add(new SessionRecord(SessionId.parse(texts.get(i)), account.id(), unique("token"), T0, T0,
                        at(3600), null, 0));
            }
            List<ProxyGrant> grants = new ArrayList<>();
            for (int i = 0; i < patients.size(); i++) {
                ProxyGrant g = grant(account.id(), patients.get(i).id());
                grants.add(new ProxyGrant(ProxyGrantId.parse(patients.get(i).id().toString()), g.proxyAccountId(),
                        g.patientId(), g.relationship(), g.scopes(), g.teenConsent(), g.grantedAt(), g.grantedBy(),
                        g.expiresAt(), null, null, 0));
            }
            run(tx -> {
                patients.forEach(tx.patients()::insert);
                sessions.forEach(tx.sessions()::insert);
                grants.forEach(tx.proxyGrants()::insert);
                for (int i = texts.size() - 1; i >= 0; i--) {
                    tx.departments().insert(new Department(DepartmentId.parse(texts.get(i)), "Department " + i, ZoneOffset.UTC, 0));
                    tx.providers().insert(new Provider(ProviderId.parse(texts.get(i)), "Provider " + i, true, 0));
                }
            });
            assertThat(collectPages((after, limit) -> read((StorageTransaction tx) -> tx.departments().page(after, limit)),
                    Department::id)).extracting(d -> d.id().toString()).containsExactlyElementsOf(texts);
            assertThat(collectPages((after, limit) -> read((StorageTransaction tx) -> tx.providers().page(after, limit)),
                    Provider::id)).extracting(p -> p.id().toString()).containsExactlyElementsOf(texts);
            List<String> patientOrder = collectPages((after, limit) -> read((StorageTransaction tx) -> tx.patients().page(after, limit)),
                    Patient::id).stream().map(p -> p.id().toString()).filter(texts::contains).toList();
            assertThat(patientOrder).containsExactlyElementsOf(texts);
            List<String> sessionOrder = collectPages(
                    (after, limit) -> read((StorageTransaction tx) -> tx.sessions().listUnrevoked(account.id(), after, limit)),
                    SessionRecord::id).stream().map(s -> s.id().toString()).toList();
            assertThat(sessionOrder).containsExactlyElementsOf(texts);
            List<String> grantOrder = collectPages(
                    (after, limit) -> read((StorageTransaction tx) -> tx.proxyGrants().listForProxy(account.id(), after, limit)),
                    ProxyGrant::id).stream().map(g -> g.id().toString()).toList();
            assertThat(grantOrder).containsExactlyElementsOf(texts);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Fixtures
    // ------------------------------------------------------------------------------------------

    /** One row in each of the seventeen stores, written by one work. */
    @Nested
    @DisplayName("test results (RS-1..RS-8)")
    class ResultsContract extends ResultsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("a patient's own release delay of sensitive results (RS-2)")
    class ResultReleaseDelayContract extends ResultReleaseDelayContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    private final class Everything {
        final Patient patient = patient();
        final Patient child = patient();
        final Account account = account(patient.id());
        final ActivationCodeRecord code = code(patient.id());
        final SessionRecord session = session(account.id());
        final AuditChain chain = AuditChain.of(patient.id());
        final AuditEvent event = event(chain, patient.id(), ChainHead.empty(chain));
        final String correlationKey = "appointment:" + UUID.randomUUID();
        final OutboxEntry entry = OutboxEntry.pending("appointment-reminder", patient.id(), account.id(),
                Map.of("when", "tomorrow"), correlationKey, T0, T0);
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

        void write(StorageTransaction tx) {
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
            assertThat(inTx((StorageTransaction tx) -> tx.outbox().claimDue(at(86_400), 1000, "probe", at(90_000)))).isEmpty();
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
    private static final class KitFailure extends RuntimeException {
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
    private record Outcome<T>(T value, Throwable failure) {
    }

    /** The instant {@code seconds} after {@link #T0} (microsecond precision). */
    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static Patient patient() {
        return patient(unique("MRN"));
    }

    private static Patient patient(String mrn) {
        return new Patient(PatientId.newId(), mrn, "Ada", "Lovelace", LocalDate.of(1984, 2, 29), unique("ssn4"),
                "ada@example.org", "+15555550123", T0, 0);
    }

    private static Patient withMrn(Patient p, String mrn) {
        return new Patient(p.id(), mrn, p.givenName(), p.familyName(), p.birthDate(), p.ssn4Hash(), p.email(),
                p.mobile(), p.registeredAt(), p.version());
    }

    private static Account account(PatientId patientId) {
        String username = unique("JDoe");
        return new Account(AccountId.newId(), patientId, username, username.toLowerCase(Locale.ROOT),
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo", AccountStatus.ACTIVE, 0, null,
                T0, T0, 0);
    }

    private static Account withUsernameKey(Account a, String usernameKey) {
        return new Account(a.id(), a.patientId(), usernameKey.toUpperCase(Locale.ROOT), usernameKey, a.passwordHash(),
                a.status(), a.failedLoginCount(), a.lastFailedLoginAt(), a.createdAt(), a.passwordChangedAt(),
                a.version());
    }

    private static ActivationCodeRecord code(PatientId patientId) {
        return code(patientId, CodePurpose.SIGN_UP, T0);
    }

    private static ActivationCodeRecord code(PatientId patientId, CodePurpose purpose, Instant issuedAt) {
        return new ActivationCodeRecord(ActivationCodeId.newId(), patientId, purpose, unique("hash"), Delivery.LETTER,
                issuedAt, issuedAt.plus(Duration.ofDays(30)), "staff-1", CodeStatus.ACTIVE, 0, null, 0);
    }

    private static SessionRecord session(AccountId accountId) {
        return new SessionRecord(SessionId.newId(), accountId, unique("token"), T0, T0, T0.plus(Duration.ofHours(12)),
                null, 0);
    }

    private static AuditEvent event(AuditChain chain, PatientId patientId, ChainHead head) {
        long sequence = head.sequence() + 1;
        return new AuditEvent(AuditEventId.newId(), chain, sequence, at(sequence), patientId,
                new AuditActor(ActorKind.STAFF, "staff-1", "FRONT_DESK"), AuditAction.READ, "patient",
                patientId == null ? null : patientId.toString(), AuditOutcome.SUCCESS, null, head.hash(),
                unique("hash"));
    }

    private static AuditEvent withLink(AuditEvent e, long sequence, String previousHash) {
        return new AuditEvent(e.id(), e.chain(), sequence, e.occurredAt(), e.patientId(), e.actor(), e.action(),
                e.category(), e.recordId(), e.outcome(), e.reason(), previousHash, e.hash());
    }

    private static ProxyGrant grant(AccountId proxy, PatientId patient) {
        return new ProxyGrant(ProxyGrantId.newId(), proxy, patient, ProxyRelationship.PARENT, EnumSet.allOf(ProxyScope.class),
                Set.of(), T0, "staff-admin-1", at(86_400L * 365 * 10), null, null, 0);
    }

    private static NotificationPreferences withVersion(NotificationPreferences p, long version) {
        return new NotificationPreferences(p.patientId(), p.channelsByKind(), p.pushAddress(), p.smsConsentAt(),
                p.smsStoppedAt(), version);
    }

    private static Patient withMobile(Patient p, String mobile) {
        return new Patient(p.id(), p.mrn(), p.givenName(), p.familyName(), p.birthDate(), p.ssn4Hash(), p.email(),
                mobile, p.registeredAt(), p.version());
    }

    /** A mobile number (E.164 shape) no other test uses. */
    private static String mobile() {
        return "+1" + (2_000_000_000L + ThreadLocalRandom.current().nextLong(7_000_000_000L));
    }

    private static Map<OutboxStatus, Long> counts(long pending, long claimed, long delivered, long dead, long cancelled) {
        Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
        counts.put(OutboxStatus.PENDING, pending);
        counts.put(OutboxStatus.CLAIMED, claimed);
        counts.put(OutboxStatus.DELIVERED, delivered);
        counts.put(OutboxStatus.DEAD, dead);
        counts.put(OutboxStatus.CANCELLED, cancelled);
        return counts;
    }

    private static List<ProxyGrant> byId(List<ProxyGrant> grants) {
        List<ProxyGrant> sorted = new ArrayList<>(grants);
        sorted.sort(Comparator.comparing(g -> g.id().value(), StorageCompatibilityKit::compareUnsigned));
        return sorted;
    }

    private static List<Patient> byPatientId(List<Patient> patients) {
        List<Patient> sorted = new ArrayList<>(patients);
        sorted.sort(Comparator.comparing(p -> p.id().value(), StorageCompatibilityKit::compareUnsigned));
        return sorted;
    }

    private static OutboxEntry entry(Instant deliverAfter) {
        return entry(deliverAfter, null);
    }

    private static OutboxEntry entry(Instant deliverAfter, String correlationKey) {
        return OutboxEntry.pending("appointment-reminder", null, null, Map.of("template", "reminder"), correlationKey,
                T0.minus(Duration.ofDays(1)), deliverAfter);
    }

    private static IdempotencyRecord idempotency(String scope, String key) {
        return new IdempotencyRecord(scope, key, unique("request"), "{\"appointmentId\":\"" + UUID.randomUUID() + "\"}",
                T0);
    }

    private Patient insertPatient() {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        return patient;
    }

    private List<Patient> insertPatients(int count) {
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            patients.add(patient());
        }
        run(tx -> patients.forEach(tx.patients()::insert));
        return patients;
    }

    private Account insertAccount() {
        Patient patient = patient();
        Account account = account(patient.id());
        run(tx -> {
            tx.patients().insert(patient);
            tx.accounts().insert(account);
        });
        return account;
    }

    private List<Account> insertAccounts(int count) {
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

    private List<AuditEvent> appendEvents(AuditChain chain, int count) {
        return inTx((StorageTransaction tx) -> {
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
    private record Clinic(Department department, Provider provider, VisitType checkup, VisitType physical) {
    }

    /** Order of appointments in the lists: (start, id), ids unsigned. */
    private static final Comparator<Appointment> START_ORDER = Comparator.comparing(Appointment::start)
            .thenComparing(a -> a.id().value(), StorageCompatibilityKit::compareUnsigned);

    /** The instant {@code m} minutes after {@link #DAY} (9:00 in New York). */
    private static Instant minutes(long m) {
        return DAY.plus(Duration.ofMinutes(m));
    }

    private static Department department() {
        return new Department(DepartmentId.newId(), unique("Family Medicine"), ZoneId.of("America/New_York"), 0);
    }

    private static Provider provider() {
        return new Provider(ProviderId.newId(), "Dr. " + unique("Okafor"), true, 0);
    }

    private static VisitType visitType(String name, int minutes) {
        return new VisitType(VisitTypeId.newId(), name, Duration.ofMinutes(minutes), true, PatientEligibility.ANY, true, 0);
    }

    private Clinic insertClinic() {
        Clinic clinic = new Clinic(department(), provider(), visitType("Checkup", 30), visitType("Annual physical", 60));
        run(tx -> {
            tx.departments().insert(clinic.department());
            tx.providers().insert(clinic.provider());
            tx.visitTypes().insert(clinic.checkup());
            tx.visitTypes().insert(clinic.physical());
        });
        return clinic;
    }

    private Department insertDepartment() {
        Department department = department();
        run(tx -> tx.departments().insert(department));
        return department;
    }

    private Provider insertProvider() {
        Provider provider = provider();
        run(tx -> tx.providers().insert(provider));
        return provider;
    }

    private VisitType insertVisitType() {
        VisitType visitType = visitType("Follow-up", 20);
        run(tx -> tx.visitTypes().insert(visitType));
        return visitType;
    }

    /** An OPEN slot of the clinic's provider and department, for the checkup unless visit types are given. */
    private static Slot slot(Clinic clinic, Instant start, long length, VisitTypeId... visitTypes) {
        Set<VisitTypeId> types = visitTypes.length == 0 ? Set.of(clinic.checkup().id()) : Set.of(visitTypes);
        return Slot.open(clinic.provider().id(), clinic.department().id(), start, start.plus(Duration.ofMinutes(length)), types);
    }

    private Slot insertSlot(Clinic clinic, Instant start, long length) {
        Slot slot = slot(clinic, start, length);
        run(tx -> tx.slots().insertAll(List.of(slot)));
        return slot;
    }

    private Slot insertSlotUntil(Clinic clinic, Instant start, Instant end) {
        Slot slot = Slot.open(clinic.provider().id(), clinic.department().id(), start, end, Set.of(clinic.checkup().id()));
        run(tx -> tx.slots().insertAll(List.of(slot)));
        return slot;
    }

    private static Slot withStatus(Slot s, SlotStatus status, AppointmentId appointment) {
        return new Slot(s.id(), s.providerId(), s.departmentId(), s.start(), s.end(), s.visitTypes(), status, appointment,
                s.version());
    }

    /** A new BOOKED appointment of the patient in the slot, booked by front-desk staff. */
    private static Appointment appointment(PatientId patient, Slot slot, VisitTypeId visitType) {
        return Appointment.book(AppointmentId.newId(), patient, slot, visitType, T0, "staff-front-desk-1");
    }

    /** A new slot, booked in one work by a new appointment of the patient (as core books). */
    private Appointment insertBooked(Clinic clinic, Patient patient, Instant start, long length) {
        Slot slot = slot(clinic, start, length);
        Appointment appointment = appointment(patient.id(), slot, clinic.checkup().id());
        run(tx -> {
            tx.slots().insertAll(List.of(slot));
            assertThat(tx.slots().book(slot.id(), appointment.id())).isTrue();
            assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
        });
        return appointment;
    }

    private static Appointment appointmentVersion(Appointment a, long version) {
        return new Appointment(a.id(), a.patientId(), a.slotId(), a.providerId(), a.departmentId(), a.visitTypeId(),
                a.start(), a.end(), a.status(), a.bookedAt(), a.bookedBy(), a.closedAt(), a.closedBy(), a.closeReason(),
                version);
    }

    private static VisitSummary summary(Appointment visit, String text, long version) {
        return new VisitSummary(visit.id(), visit.patientId(), text, List.of(new Diagnosis("I10", "Essential hypertension")),
                at(3600), "staff-clinician-1", version);
    }

    private static VisitSummary summaryVersion(VisitSummary s, long version) {
        return new VisitSummary(s.appointmentId(), s.patientId(), s.summary(), s.diagnoses(), s.recordedAt(),
                s.recordedBy(), version);
    }

    /** An OPEN request of the patient for the clinic's physical, any provider and department, in the next 30 days. */
    private static AppointmentRequest request(Patient patient, Clinic clinic) {
        return new AppointmentRequest(AppointmentRequestId.newId(), patient.id(), clinic.physical().id(), null, null,
                at(86_400), at(86_400L * 30), RequestStatus.OPEN, T0, null, null, null, null, 0);
    }

    private static AppointmentRequest requestVersion(AppointmentRequest r, long version) {
        return new AppointmentRequest(r.id(), r.patientId(), r.visitTypeId(), r.providerId(), r.departmentId(),
                r.earliest(), r.latest(), r.status(), r.createdAt(), r.decidedAt(), r.decidedBy(), r.appointmentId(),
                r.declineReason(), version);
    }

    /** A WAITING entry for an earlier slot than the appointment, same visit type and provider. */
    private static WaitlistEntry waitlistEntry(Appointment appointment) {
        return new WaitlistEntry(WaitlistEntryId.newId(), appointment.patientId(), appointment.id(),
                appointment.visitTypeId(), appointment.providerId(), T0, WaitlistStatus.WAITING, null, 0);
    }

    private static WaitlistEntry entryVersion(WaitlistEntry e, long version) {
        return new WaitlistEntry(e.id(), e.patientId(), e.appointmentId(), e.visitTypeId(), e.providerId(), e.createdAt(),
                e.status(), e.closedAt(), version);
    }

    /** The slots in (start, id) order, ids unsigned. */
    private static List<Slot> byStart(List<Slot> slots) {
        List<Slot> sorted = new ArrayList<>(slots);
        sorted.sort(Comparator.comparing(Slot::start).thenComparing(s -> s.id().value(), StorageCompatibilityKit::compareUnsigned));
        return sorted;
    }

    private static <T> List<T> sortedBy(List<T> rows, Function<T, UUID> idOf) {
        List<T> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(idOf, StorageCompatibilityKit::compareUnsigned));
        return sorted;
    }

    /** Every open slot the query finds, read in pages of {@value #PAGE_SIZE}. */
    private List<Slot> findAllOpen(SlotQuery query) {
        return collectStartPages((after, limit) -> read((StorageTransaction tx) -> tx.slots().findOpen(query, after, limit)),
                Slot::start, s -> s.id().value());
    }

    /** Every appointment of the patient from {@code from} on (one page of 1000). */
    private List<Appointment> upcoming(PatientId patient, Instant from) {
        return read((StorageTransaction tx) -> tx.appointments().upcoming(patient, from, null, 1000));
    }

    /** Reads every page of a list paged by (start, id), checking each page's size. */
    private static <T> List<T> collectStartPages(BiFunction<StartCursor, Integer, List<T>> pageReader,
                                                 Function<T, Instant> startOf, Function<T, UUID> idOf) {
        List<T> all = new ArrayList<>();
        StartCursor after = null;
        for (int pages = 0; pages < 1000; pages++) {
            List<T> page = pageReader.apply(after, PAGE_SIZE);
            assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            T last = page.get(page.size() - 1);
            after = new StartCursor(startOf.apply(last), idOf.apply(last));
        }
        throw new AssertionError("pagination does not end");
    }

    // ------------------------------------------------------------------------------------------
    // Plumbing
    // ------------------------------------------------------------------------------------------

    private <T> T inTx(TransactionalWork<T> work) {
        return storage.inTransaction(work);
    }

    private <T> T read(TransactionalWork<T> work) {
        return storage.inTransaction(work);
    }

    private void run(Consumer<StorageTransaction> work) {
        storage.inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    private <T> T inTxRetrying(TransactionalWork<T> work) {
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

    /** Reads every page of a keyset-paged list, checking each page's size. */
    private static <T, I> List<T> collectPages(BiFunction<I, Integer, List<T>> pageReader, Function<T, I> idOf) {
        List<T> all = new ArrayList<>();
        I after = null;
        for (int pages = 0; pages < 1000; pages++) {
            List<T> page = pageReader.apply(after, PAGE_SIZE);
            assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = idOf.apply(page.get(page.size() - 1));
        }
        throw new AssertionError("pagination does not end");
    }

    /** Unsigned, bytewise order of UUIDs: the order of a {@code uuid} column and of the canonical strings. */
    private static int compareUnsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static List<Integer> oneTo(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(i);
        }
        return list;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released within " + AWAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static <T> T get(Future<T> future) throws InterruptedException {
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
    private <T> List<T> whileHeld(TransactionalWork<T> first, TransactionalWork<T> second) throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<T> holder = pool.submit(() -> inTx((StorageTransaction tx) -> {
                T result = first.execute(tx);
                written.countDown();
                await(release);
                return result;
            }));
            await(written);
            Future<T> other;
            try {
                other = pool.submit(() -> inTxRetrying(second));
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
    private static <T> List<Outcome<T>> concurrently(int threads, IntFunction<T> task) throws InterruptedException {
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

    private static <T> List<T> successes(List<Outcome<T>> outcomes) {
        List<T> values = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (outcome.failure() == null) {
                values.add(outcome.value());
            }
        }
        return values;
    }

    private static <T> List<Throwable> failures(List<Outcome<T>> outcomes) {
        List<Throwable> failures = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (outcome.failure() != null) {
                failures.add(outcome.failure());
            }
        }
        return failures;
    }
}

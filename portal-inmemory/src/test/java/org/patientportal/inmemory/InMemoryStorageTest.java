package org.patientportal.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
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
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransientStorageException;

/** What the compatibility kit cannot see from outside: locks, timeouts, the id order. */
class InMemoryStorageTest {
    private static final long AWAIT_SECONDS = 10;
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30Z");

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    @DisplayName("readers do not block while a writer holds a row lock, and see the last committed row")
    void readersDoNotBlock() throws Exception {
        InMemoryStorage storage = InMemoryStorage.create();
        Patient patient = patient("MRN-1");
        storage.inTransaction(tx -> {
            tx.patients().insert(patient);
            return null;
        });
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Patient> writer = pool.submit(() -> storage.inTransaction(tx -> {
            Patient stored = tx.patients().update(patient);
            locked.countDown();
            await(release);
            return stored;
        }));
        await(locked);
        try {
            assertThat(storage.isLocked(new LockKey("patient", patient.id()))).isTrue();
            Future<Optional<Patient>> reader = pool.submit(
                    () -> storage.inTransaction((StorageTransaction tx) -> tx.patients().find(patient.id())));
            assertThat(reader.get(AWAIT_SECONDS, TimeUnit.SECONDS)).contains(patient);
            assertThat(writer.isDone()).isFalse();
        } finally {
            release.countDown();
        }
        assertThat(writer.get(AWAIT_SECONDS, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(storage.isLocked(new LockKey("patient", patient.id()))).isFalse();
    }

    @Test
    @DisplayName("writers of different rows do not wait on each other: there is no global lock")
    void noGlobalLock() throws Exception {
        InMemoryStorage storage = InMemoryStorage.create();
        Patient first = patient("MRN-1");
        Patient second = patient("MRN-2");
        storage.inTransaction(tx -> {
            tx.patients().insert(first);
            tx.patients().insert(second);
            return null;
        });
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Patient> holder = pool.submit(() -> storage.inTransaction(tx -> {
            Patient stored = tx.patients().update(first);
            locked.countDown();
            await(release);
            return stored;
        }));
        await(locked);
        try {
            Future<Patient> other = pool.submit(() -> storage.inTransaction(tx -> tx.patients().update(second)));
            assertThat(other.get(AWAIT_SECONDS, TimeUnit.SECONDS).version()).isEqualTo(1);
            assertThat(holder.isDone()).isFalse();
        } finally {
            release.countDown();
        }
        holder.get(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a second insert of a username key waits for the first transaction, and succeeds if it rolls back")
    void uniqueKeyWaitsForOutcome() throws Exception {
        InMemoryStorage storage = InMemoryStorage.create(Duration.ofSeconds(AWAIT_SECONDS));
        Patient p1 = patient("MRN-1");
        Patient p2 = patient("MRN-2");
        storage.inTransaction(tx -> {
            tx.patients().insert(p1);
            tx.patients().insert(p2);
            return null;
        });
        Account first = account(p1.id(), "jdoe");
        Account second = account(p2.id(), "jdoe");
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> rolledBack = pool.submit(() -> storage.inTransaction(tx -> {
            tx.accounts().insert(first);
            inserted.countDown();
            await(release);
            throw new IllegalStateException("roll back");
        }));
        await(inserted);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<Account> winner = pool.submit(() -> {
            waiter.set(Thread.currentThread());
            return storage.inTransaction(tx -> {
                tx.accounts().insert(second);
                return second;
            });
        });
        try {
            awaitWaiting(waiter);
            assertThat(winner.isDone()).as("the second insert waits for the first transaction").isFalse();
        } finally {
            release.countDown();
        }
        assertThatThrownBy(() -> rolledBack.get(AWAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(winner.get(AWAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(second);
        assertThat(storage.inTransaction((StorageTransaction tx) -> tx.accounts().findByUsernameKey("jdoe")))
                .contains(second);
    }

    @Test
    @DisplayName("a second insert of a username key waits for the first transaction, and is a duplicate if it commits")
    void uniqueKeyDuplicateAfterCommit() throws Exception {
        InMemoryStorage storage = InMemoryStorage.create(Duration.ofSeconds(AWAIT_SECONDS));
        Patient p1 = patient("MRN-1");
        Patient p2 = patient("MRN-2");
        storage.inTransaction(tx -> {
            tx.patients().insert(p1);
            tx.patients().insert(p2);
            return null;
        });
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> committed = pool.submit(() -> storage.inTransaction(tx -> {
            tx.accounts().insert(account(p1.id(), "jdoe"));
            inserted.countDown();
            await(release);
            return null;
        }));
        await(inserted);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<?> loser = pool.submit(() -> {
            waiter.set(Thread.currentThread());
            return storage.inTransaction(tx -> {
                tx.accounts().insert(account(p2.id(), "jdoe"));
                return null;
            });
        });
        try {
            awaitWaiting(waiter);
        } finally {
            release.countDown();
        }
        committed.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertThatThrownBy(() -> loser.get(AWAIT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DuplicateKeyException.class);
    }

    @Test
    @DisplayName("a lock not obtained within the lock timeout fails with a TransientStorageException and rolls back")
    void lockTimeout() throws Exception {
        InMemoryStorage storage = InMemoryStorage.create(Duration.ofMillis(50));
        Patient patient = patient("MRN-1");
        Patient bystander = patient("MRN-2");
        storage.inTransaction(tx -> {
            tx.patients().insert(patient);
            return null;
        });
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> storage.inTransaction(tx -> {
            tx.patients().update(patient);
            locked.countDown();
            await(release);
            return null;
        }));
        await(locked);
        try {
            Throwable thrown = catchThrowable(() -> storage.inTransaction(tx -> {
                tx.patients().insert(bystander);
                return tx.patients().update(patient);
            }));
            assertThat(thrown).isInstanceOf(TransientStorageException.class).hasMessageNotContaining("MRN");
        } finally {
            release.countDown();
        }
        holder.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(storage.inTransaction((StorageTransaction tx) -> tx.patients().find(bystander.id()))).isEmpty();
        assertThat(storage.isLocked(new LockKey("patient", bystander.id()))).isFalse();
    }

    @Test
    @DisplayName("a deadlock ends with a TransientStorageException for one side instead of a hang")
    void deadlock() throws Exception {
        InMemoryStorage storage = InMemoryStorage.create(Duration.ofMillis(200));
        Patient a = patient("MRN-A");
        Patient b = patient("MRN-B");
        storage.inTransaction(tx -> {
            tx.patients().insert(a);
            tx.patients().insert(b);
            return null;
        });
        CountDownLatch bothLocked = new CountDownLatch(2);
        Future<Object> ab = pool.submit(() -> storage.inTransaction(tx -> {
            tx.patients().update(a);
            bothLocked.countDown();
            await(bothLocked);
            return tx.patients().update(b);
        }));
        Future<Object> ba = pool.submit(() -> storage.inTransaction(tx -> {
            tx.patients().update(b);
            bothLocked.countDown();
            await(bothLocked);
            return tx.patients().update(a);
        }));
        List<Throwable> failures = new ArrayList<>();
        for (Future<Object> f : List.of(ab, ba)) {
            try {
                f.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        assertThat(failures).isNotEmpty().allMatch(TransientStorageException.class::isInstance);
    }

    @Test
    @DisplayName("a store used after its transaction ended is refused")
    void storeAfterEnd() {
        InMemoryStorage storage = InMemoryStorage.create();
        StorageTransaction leaked = storage.inTransaction(tx -> tx);
        assertThatThrownBy(() -> leaked.patients().find(PatientId.newId())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> leaked.patients().insert(patient("MRN-1"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a closed storage refuses transactions with a StorageException")
    void closed() {
        InMemoryStorage storage = InMemoryStorage.create();
        storage.close();
        assertThatThrownBy(() -> storage.inTransaction(tx -> null)).isInstanceOf(StorageException.class);
    }

    @Test
    @DisplayName("a simulated failure fails every call until it is lifted")
    void simulatedFailure() {
        InMemoryStorage storage = InMemoryStorage.create();
        storage.simulateFailure(true);
        assertThatThrownBy(() -> storage.inTransaction(tx -> null)).isInstanceOf(StorageException.class);
        storage.simulateFailure(false);
        assertThat(storage.inTransaction((StorageTransaction tx) -> "ok")).isEqualTo("ok");
    }

    @Test
    @DisplayName("a page refuses a limit outside 1 to 1000 before anything else")
    void limits() {
        InMemoryStorage storage = InMemoryStorage.create();
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.patients().page(null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.outbox().claimDue(T0, 0, "t", T0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("ids are ordered as unsigned numbers, the order of their canonical strings")
    void unsignedOrder() {
        Random random = new Random(42);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        List<UUID> byOrder = new ArrayList<>(ids);
        byOrder.sort(Uuids.UNSIGNED_ORDER);
        List<UUID> byText = new ArrayList<>(ids);
        byText.sort(Comparator.comparing(UUID::toString));
        assertThat(byOrder).isEqualTo(byText);
    }

    @Test
    @DisplayName("grant lookups read partial indexes of the unrevoked grants: a committed revocation leaves all three")
    void grantIndexes() {
        InMemoryStorage storage = InMemoryStorage.create();
        Patient parent = patient("MRN-1");
        Patient child = patient("MRN-2");
        Account account = account(parent.id(), "parent");
        ProxyGrant grant = new ProxyGrant(ProxyGrantId.newId(), account.id(), child.id(), ProxyRelationship.PARENT,
                Set.of(ProxyScope.APPOINTMENTS), Set.of(), T0, "staff-1", T0.plusSeconds(3600), null, null, 0);
        storage.inTransaction(tx -> {
            tx.patients().insert(parent);
            tx.patients().insert(child);
            tx.accounts().insert(account);
            tx.proxyGrants().insert(grant);
            return null;
        });
        InMemoryProxyGrants.Data grants = storage.data().proxyGrants;
        assertThat(grants.byProxy.get(account.id())).containsExactly(grant.id());
        assertThat(grants.byPatient.get(child.id())).containsExactly(grant.id());
        assertThat(grants.byPair.get(new InMemoryProxyGrants.Pair(account.id(), child.id()))).containsExactly(grant.id());
        storage.inTransaction(tx -> tx.proxyGrants().revoke(grant.id(), "staff-1", T0));
        assertThat(grants.byProxy.get(account.id())).isEmpty();
        assertThat(grants.byPatient.get(child.id())).isEmpty();
        assertThat(grants.byPair.get(new InMemoryProxyGrants.Pair(account.id(), child.id()))).isEmpty();
    }

    @Test
    @DisplayName("the mobile index moves with an update and keeps no entry for a cleared number")
    void mobileIndex() {
        InMemoryStorage storage = InMemoryStorage.create();
        Patient patient = withMobile(patient("MRN-1"), "+15555550123");
        storage.inTransaction(tx -> {
            tx.patients().insert(patient);
            return null;
        });
        Map<String, NavigableSet<PatientId>> byMobile = storage.data().patients.byMobile;
        assertThat(byMobile.get(patient.mobile())).containsExactly(patient.id());
        Patient moved = storage.inTransaction(tx -> tx.patients().update(withMobile(patient, "+15555550999")));
        assertThat(byMobile.get(patient.mobile())).isEmpty();
        assertThat(byMobile.get("+15555550999")).containsExactly(patient.id());
        storage.inTransaction(tx -> tx.patients().update(withMobile(moved, null)));
        assertThat(byMobile.values()).allMatch(Set::isEmpty);
    }

    @Test
    @DisplayName("outbox counters follow the committed rows")
    void outboxCounters() {
        InMemoryStorage storage = InMemoryStorage.create();
        OutboxEntry entry = OutboxEntry.pending("password-changed", null, null, "", null, T0, T0);
        storage.inTransaction(tx -> {
            tx.outbox().enqueue(entry);
            return null;
        });
        storage.inTransaction(tx -> tx.outbox().claimDue(T0, 10, "claim", T0.plusSeconds(60)));
        Map<OutboxStatus, LongAdder> counts = storage.data().outbox.counts;
        assertThat(counts.get(OutboxStatus.PENDING).sum()).isZero();
        assertThat(counts.get(OutboxStatus.CLAIMED).sum()).isEqualTo(1);
    }

    @Test
    @DisplayName("open slots live in partial (start, id) indexes: a committed booking or close takes a slot out, a release puts it back")
    void openSlotIndexes() {
        InMemoryStorage storage = InMemoryStorage.create();
        Scheduling s = Scheduling.insert(storage);
        Slot slot = s.slot(0);
        Slot closed = s.slot(30);
        storage.inTransaction(tx -> {
            tx.slots().insertAll(List.of(slot, closed));
            return null;
        });
        InMemorySlots.Data slots = storage.data().slots;
        StartKey<SlotId> key = new StartKey<>(slot.start(), slot.id(), slot.id().value());
        StartKey<SlotId> closedKey = new StartKey<>(closed.start(), closed.id(), closed.id().value());
        assertThat(slots.open).containsExactly(key, closedKey);
        assertThat(slots.openByProvider.get(s.provider.id())).containsExactly(key, closedKey);
        assertThat(slots.openByDepartment.get(s.department.id())).containsExactly(key, closedKey);
        assertThat(slots.openByVisitType.get(s.visitType.id())).containsExactly(key, closedKey);
        AppointmentId appointment = AppointmentId.newId();
        storage.inTransaction(tx -> tx.slots().book(slot.id(), appointment) && tx.slots().close(closed.id()));
        assertThat(slots.open).isEmpty();
        assertThat(slots.openByProvider.get(s.provider.id())).isEmpty();
        assertThat(slots.openByDepartment.get(s.department.id())).isEmpty();
        assertThat(slots.openByVisitType.get(s.visitType.id())).isEmpty();
        assertThat(slots.byProvider.get(s.provider.id())).as("every slot, whatever its status").containsExactly(key, closedKey);
        storage.inTransaction(tx -> tx.slots().release(slot.id(), appointment));
        assertThat(slots.open).containsExactly(key);
        assertThat(slots.openByVisitType.get(s.visitType.id())).containsExactly(key);
    }

    @Test
    @DisplayName("a conditional book, release or close that does not match keeps no row lock")
    void failedConditionKeepsNoLock() {
        InMemoryStorage storage = InMemoryStorage.create();
        Scheduling s = Scheduling.insert(storage);
        Slot slot = s.slot(0);
        storage.inTransaction(tx -> {
            tx.slots().insertAll(List.of(slot));
            return tx.slots().book(slot.id(), AppointmentId.newId());
        });
        LockKey row = new LockKey("slot", slot.id());
        boolean lockedInside = storage.inTransaction(tx -> {
            assertThat(tx.slots().book(slot.id(), AppointmentId.newId())).isFalse();
            assertThat(tx.slots().release(slot.id(), AppointmentId.newId())).isFalse();
            assertThat(tx.slots().close(slot.id())).isFalse();
            return storage.isLocked(row);
        });
        assertThat(lockedInside).isFalse();
        boolean lockedByBooking = storage.inTransaction(tx -> {
            Slot other = s.slot(60);
            tx.slots().insertAll(List.of(other));
            return tx.slots().book(other.id(), AppointmentId.newId()) && storage.isLocked(new LockKey("slot", other.id()));
        });
        assertThat(lockedByBooking).as("a successful booking holds its row to the end").isTrue();
    }

    @Test
    @DisplayName("insertIfNoOverlap holds the patient's lock until the transaction ends; the BOOKED index follows a cancellation")
    void patientLockAndBookedIndex() {
        InMemoryStorage storage = InMemoryStorage.create();
        Scheduling s = Scheduling.insert(storage);
        Patient patient = patient("MRN-9");
        Slot slot = s.slot(0);
        Appointment appointment = Appointment.book(AppointmentId.newId(), patient.id(), slot, s.visitType.id(), T0, "staff-1");
        LockKey patientLock = InMemoryAppointments.patientLock(patient.id());
        boolean heldInside = storage.inTransaction(tx -> {
            tx.patients().insert(patient);
            tx.slots().insertAll(List.of(slot));
            assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
            return storage.isLocked(patientLock);
        });
        assertThat(heldInside).isTrue();
        assertThat(storage.isLocked(patientLock)).isFalse();
        InMemoryAppointments.Data appointments = storage.data().appointments;
        StartKey<AppointmentId> key = new StartKey<>(appointment.start(), appointment.id(), appointment.id().value());
        assertThat(appointments.bookedByPatient.get(patient.id())).containsExactly(key);
        assertThat(appointments.longestBooked.get()).isEqualTo(Duration.ofMinutes(30));
        storage.inTransaction(tx -> tx.appointments().update(
                appointment.close(AppointmentStatus.CANCELLED, T0, "staff-1", "patient_cancelled")));
        assertThat(appointments.bookedByPatient.get(patient.id())).isEmpty();
        assertThat(appointments.byPatient.get(patient.id())).as("lists keep every status").containsExactly(key);
    }

    @Test
    @DisplayName("the request queue and the wait-list queues are partial indexes: a committed decision takes the row out")
    void queueIndexes() {
        InMemoryStorage storage = InMemoryStorage.create();
        Scheduling s = Scheduling.insert(storage);
        Patient patient = patient("MRN-9");
        Slot slot = s.slot(0);
        Appointment appointment = Appointment.book(AppointmentId.newId(), patient.id(), slot, s.visitType.id(), T0, "staff-1");
        AppointmentRequest request = new AppointmentRequest(AppointmentRequestId.newId(), patient.id(), s.visitType.id(),
                null, null, T0, T0.plusSeconds(86_400), RequestStatus.OPEN, T0, null, null, null, null, 0);
        WaitlistEntry entry = new WaitlistEntry(WaitlistEntryId.newId(), patient.id(), appointment.id(), s.visitType.id(),
                s.provider.id(), T0, WaitlistStatus.WAITING, null, 0);
        storage.inTransaction(tx -> {
            tx.patients().insert(patient);
            tx.slots().insertAll(List.of(slot));
            tx.appointments().insertIfNoOverlap(appointment);
            tx.appointmentRequests().insert(request);
            tx.waitlist().insert(entry);
            return null;
        });
        InMemoryWaitlist.Queue queue = new InMemoryWaitlist.Queue(s.visitType.id(), s.provider.id());
        assertThat(storage.data().appointmentRequests.open).containsExactly(request.id());
        assertThat(storage.data().waitlist.waiting.get(queue)).containsExactly(entry.id());
        storage.inTransaction(tx -> {
            tx.appointmentRequests().update(request.decide(RequestStatus.DECLINED, T0, "staff-1", null, "no"));
            tx.waitlist().update(entry.close(WaitlistStatus.CANCELLED, T0));
            return null;
        });
        assertThat(storage.data().appointmentRequests.open).isEmpty();
        assertThat(storage.data().waitlist.waiting.get(queue)).isEmpty();
        assertThat(storage.data().appointmentRequests.byPatient.get(patient.id())).containsExactly(request.id());
        assertThat(storage.data().waitlist.byPatient.get(patient.id())).containsExactly(entry.id());
    }

    /** A department, a provider and a visit type, inserted. */
    private static final class Scheduling {
        final Department department = new Department(DepartmentId.newId(), "Family Medicine", ZoneId.of("America/New_York"), 0);
        final Provider provider = new Provider(ProviderId.newId(), "Dr. A. Okafor", true, 0);
        final VisitType visitType = new VisitType(VisitTypeId.newId(), "Checkup", Duration.ofMinutes(30), true,
                PatientEligibility.ANY, true, 0);

        static Scheduling insert(InMemoryStorage storage) {
            Scheduling s = new Scheduling();
            storage.inTransaction(tx -> {
                tx.departments().insert(s.department);
                tx.providers().insert(s.provider);
                tx.visitTypes().insert(s.visitType);
                return null;
            });
            return s;
        }

        /** An open 30-minute slot starting {@code minutes} after T0. */
        Slot slot(long minutes) {
            Instant start = T0.plus(Duration.ofMinutes(minutes));
            return Slot.open(provider.id(), department.id(), start, start.plus(Duration.ofMinutes(30)), Set.of(visitType.id()));
        }
    }

    private static Patient withMobile(Patient p, String mobile) {
        return new Patient(p.id(), p.mrn(), p.givenName(), p.familyName(), p.birthDate(), p.ssn4Hash(), p.email(),
                mobile, p.registeredAt(), p.version());
    }

    private static Patient patient(String mrn) {
        return new Patient(PatientId.newId(), mrn, "Ada", "Lovelace", LocalDate.of(1984, 2, 29), "ssn4", null, null,
                T0, 0);
    }

    private static Account account(PatientId patientId, String usernameKey) {
        return new Account(AccountId.newId(), patientId, usernameKey, usernameKey, "$argon2id$hash", AccountStatus.ACTIVE,
                0, null, T0, T0, 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(AWAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits (bounded) until the thread is parked waiting for a lock. */
    private static void awaitWaiting(AtomicReference<Thread> thread) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Thread t = thread.get();
            if (t != null && t.getState() == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(1);
        }
        throw new TimeoutException("the thread never waited for the lock");
    }
}

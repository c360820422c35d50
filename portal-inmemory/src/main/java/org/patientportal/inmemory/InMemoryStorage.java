package org.patientportal.inmemory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * The reference {@link PortalStorage}: thread-safe and transactional, in memory, for tests and
 * demos. It keeps every guarantee of the storage SPI, proven by the {@code StorageCompatibilityKit}.
 *
 * <p>It behaves like PostgreSQL at READ COMMITTED with row locks:
 * <ul>
 *   <li>a transaction's writes are buffered, visible to itself only, and applied together when the
 *       work returns, or dropped when it throws;</li>
 *   <li>every write locks its row (and the unique keys it takes, such as a username key or a code
 *       hash) until the transaction ends; a second writer waits, then re-reads the latest committed
 *       row, so conditional writes happen once and stale versioned writes fail;</li>
 *   <li>a patient's bookings ({@code Appointments.insertIfNoOverlap}) also lock the patient, as
 *       {@code SELECT ... FOR UPDATE} on the patient's row would, so the overlap check and the
 *       insert are one step per patient;</li>
 *   <li>a lock not obtained within the lock timeout (2 seconds) fails the transaction with a
 *       {@link TransientStorageException}, so a deadlock never hangs;</li>
 *   <li>a commit is applied to every store at once for readers: a reader that sees one of its
 *       writes sees all of them; readers wait only while a commit applies its writes (never for a
 *       row lock), and writers on different rows wait only for each other's short publication.</li>
 * </ul>
 *
 * <p>Instants are kept as given (nanoseconds included); database adapters keep microseconds.
 * Pages are in unsigned (bytewise) id order, as PostgreSQL orders a {@code uuid} column.
 *
 * <pre>{@code
 * Portal portal = Portal.builder().storage(InMemoryStorage.create()).build();
 * }</pre>
 */
public final class InMemoryStorage implements PortalStorage {
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);

    /** Every store's committed data. */
    static final class Data {
        final InMemoryPatients.Data patients = new InMemoryPatients.Data();
        final InMemoryAccounts.Data accounts = new InMemoryAccounts.Data();
        final InMemoryActivationCodes.Data activationCodes = new InMemoryActivationCodes.Data();
        final InMemorySessions.Data sessions = new InMemorySessions.Data();
        final InMemoryAuditTrail.Data auditTrail = new InMemoryAuditTrail.Data();
        final InMemoryOutbox.Data outbox = new InMemoryOutbox.Data();
        final InMemoryIdempotencyRecords.Data idempotencyRecords = new InMemoryIdempotencyRecords.Data();
        final InMemoryProxyGrants.Data proxyGrants = new InMemoryProxyGrants.Data();
        final InMemoryPreferences.Data preferences = new InMemoryPreferences.Data();
        final InMemoryDepartments.Data departments = new InMemoryDepartments.Data();
        final InMemoryProviders.Data providers = new InMemoryProviders.Data();
        final InMemoryVisitTypes.Data visitTypes = new InMemoryVisitTypes.Data();
        final InMemorySlots.Data slots = new InMemorySlots.Data();
        final InMemoryAppointments.Data appointments = new InMemoryAppointments.Data();
        final InMemoryVisitSummaries.Data visitSummaries = new InMemoryVisitSummaries.Data();
        final InMemoryAppointmentRequests.Data appointmentRequests = new InMemoryAppointmentRequests.Data();
        final InMemoryWaitlist.Data waitlist = new InMemoryWaitlist.Data();
        final InMemoryPrescriptions.Data prescriptions = new InMemoryPrescriptions.Data();
        final InMemoryPharmacies.Data pharmacies = new InMemoryPharmacies.Data();
        final InMemoryRefillRequests.Data refillRequests = new InMemoryRefillRequests.Data();
        final InMemoryHealthHistory.Data healthHistory = new InMemoryHealthHistory.Data();
        final InMemoryMessageThreads.Data messageThreads = new InMemoryMessageThreads.Data();
        final InMemoryMessages.Data messages = new InMemoryMessages.Data();
        final InMemoryMessagingDirectory.Data messagingDirectory = new InMemoryMessagingDirectory.Data();
        final InMemoryClinicCalendar.Data clinicCalendar = new InMemoryClinicCalendar.Data();
        final InMemoryTestResults.Data testResults = new InMemoryTestResults.Data();
        final InMemoryContactChanges.Data contactChanges = new InMemoryContactChanges.Data();
    }

    private final Data data = new Data();
    private final LockManager locks = new LockManager();
    /** Commits take its write side to publish all their writes at once; store calls take its read side. */
    private final StampedLock publication = new StampedLock();
    private final long lockTimeoutNanos;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    private volatile boolean closed;
    private volatile boolean failing;

    private InMemoryStorage(Duration lockTimeout) {
        this.lockTimeoutNanos = lockTimeout.toNanos();
    }

    /** A new, empty storage with a lock timeout of 2 seconds. */
    public static InMemoryStorage create() {
        return new InMemoryStorage(DEFAULT_LOCK_TIMEOUT);
    }

    /** A new, empty storage with another lock timeout (for tests). */
    static InMemoryStorage create(Duration lockTimeout) {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must not be negative");
        }
        return new InMemoryStorage(lockTimeout);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if called from inside another transaction's work on this thread
     */
    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        Objects.requireNonNull(work, "work");
        checkAvailable();
        if (current.get() != null) {
            throw new IllegalStateException("transactions do not nest: inTransaction was called inside a work");
        }
        Transaction tx = new Transaction(this, locks, lockTimeoutNanos, publication);
        current.set(tx);
        try {
            T result = work.execute(new InMemoryTransaction(data, tx));
            tx.commit();
            return result;
        } finally {
            tx.end();
            current.remove();
        }
    }

    /** The committed data (for tests of the indexes). */
    Data data() {
        return data;
    }

    /** Fails if the storage is closed or made to fail. */
    void checkAvailable() {
        if (closed) {
            throw new StorageException("the in-memory storage is closed");
        }
        if (failing) {
            throw new StorageException("the in-memory storage is unavailable (simulated failure)");
        }
    }

    /** Makes every call fail with a {@link StorageException} until set back (simulates a lost database). */
    void simulateFailure(boolean fail) {
        this.failing = fail;
    }

    /** Whether some open transaction holds a lock on this key (for tests). */
    boolean isLocked(LockKey key) {
        return locks.isLocked(key);
    }

    /** Drops nothing (the data is garbage once unreferenced) but refuses every later transaction. */
    @Override
    public void close() {
        closed = true;
    }
}

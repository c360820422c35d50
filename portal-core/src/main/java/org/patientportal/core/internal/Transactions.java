package org.patientportal.core.internal;

import java.util.Objects;
import java.util.function.Function;
import org.patientportal.core.ConflictException;
import org.patientportal.core.PortalException;
import org.patientportal.core.PortalStorageException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.SlotBooking;
import org.patientportal.spi.storage.SlotBookingRefusedException;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in one storage transaction, with the SDK's error mapping.
 *
 * <ul>
 *   <li>{@link TransientStorageException} (deadlock, serialization failure): the work runs again,
 *       3 tries in all, then {@link PortalStorageException}.</li>
 *   <li>{@link DuplicateKeyException} when the attempt stored an idempotency record
 *       ({@link Idempotency#remember}): a concurrent request with the same key won, so the work runs
 *       again (it then finds the stored result); otherwise it goes to the caller's
 *       {@code onDuplicate} mapping (default {@link ConflictException}).</li>
 *   <li>{@link OptimisticLockException}: {@link ConflictException} (a stale write).</li>
 *   <li>{@link SlotBookingRefusedException} (a booking written behind, refused at a later statement
 *       or the commit): what a refused booking throws where it is not written behind,
 *       {@link #slotTaken()} or {@link #overlapping()}; when the attempt stored an idempotency record
 *       the work runs once more first, as for a duplicate key (a concurrent request with the same
 *       key may have booked it).</li>
 *   <li>any other {@link StorageException}: {@link PortalStorageException}.</li>
 *   <li>{@link PortalException}s and every other exception thrown by the work pass through unchanged.</li>
 * </ul>
 *
 * Transactions do not nest: calling {@code run} from inside work is an error. To commit a failure
 * (a failed-attempt counter, a denied audit event) and still fail, return a marker from the work
 * and throw after {@code run} returns.
 */
public final class Transactions {
    /** How many times work is tried in all. */
    public static final int MAX_TRIES = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final ThreadLocal<boolean[]> IDEMPOTENT_WRITE = new ThreadLocal<>();

    private final PortalStorage storage;

    /**
     * Creates the runner.
     *
     * @param storage the host's storage
     */
    public Transactions(PortalStorage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Runs {@code work} in one transaction; a duplicate key becomes a {@link ConflictException}. */
    public <T> T run(TransactionalWork<T> work) {
        return run(work, e -> new ConflictException("the request conflicts with stored data", e));
    }

    /**
     * Runs {@code work} in one transaction.
     *
     * @param work        the work
     * @param onDuplicate maps a duplicate key (not of an idempotency record) to the exception thrown
     * @param <T>         the result type
     * @return what the work returned
     */
    public <T> T run(TransactionalWork<T> work,
                     Function<? super DuplicateKeyException, ? extends PortalException> onDuplicate) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(onDuplicate, "onDuplicate");
        if (IDEMPOTENT_WRITE.get() != null) {
            throw new IllegalStateException("transactions do not nest");
        }
        boolean refusedBefore = false;
        for (int attempt = 1; ; attempt++) {
            boolean[] idempotentWrite = {false};
            IDEMPOTENT_WRITE.set(idempotentWrite);
            try {
                return storage.inTransaction(work);
            } catch (TransientStorageException e) {
                if (attempt >= MAX_TRIES) {
                    throw new PortalStorageException(e);
                }
                LOG.debug("transient storage failure, try {} of {}", attempt, MAX_TRIES);
            } catch (DuplicateKeyException e) {
                if (!idempotentWrite[0] || attempt >= MAX_TRIES) {
                    throw onDuplicate.apply(e);
                }
                LOG.debug("idempotency key stored concurrently, try {} of {}", attempt, MAX_TRIES);
            } catch (OptimisticLockException e) {
                throw new ConflictException("the record was changed concurrently", e);
            } catch (SlotBookingRefusedException e) {
                if (!idempotentWrite[0] || refusedBefore || attempt >= MAX_TRIES) {
                    throw refused(e);
                }
                refusedBefore = true;
                LOG.debug("booking refused with an idempotency key, try {} of {}", attempt, MAX_TRIES);
            } catch (StorageException e) {
                throw new PortalStorageException(e);
            } finally {
                IDEMPOTENT_WRITE.remove();
            }
        }
    }

    /** What a refused booking throws: {@link #slotTaken()} or {@link #overlapping()}, by the refusal's outcome. */
    public static PortalException refused(SlotBookingRefusedException refusal) {
        return refusal.outcome() == SlotBooking.OVERLAPPING ? overlapping() : slotTaken();
    }

    /** SC-3: the slot was booked by someone else (or is not open) when the booking was made. */
    public static ConflictException slotTaken() {
        return new ConflictException("the slot is no longer available");
    }

    /** SC-3: the patient holds a booked appointment overlapping the one being booked. */
    public static RuleViolationException overlapping() {
        return new RuleViolationException("overlapping_appointment",
                "the patient already has an appointment at that time");
    }

    /** Notes that the running attempt writes an idempotency record. */
    static void markIdempotentWrite() {
        boolean[] flag = IDEMPOTENT_WRITE.get();
        if (flag != null) {
            flag[0] = true;
        }
    }
}

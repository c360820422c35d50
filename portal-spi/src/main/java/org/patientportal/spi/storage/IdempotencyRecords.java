package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.Optional;
import org.patientportal.model.IdempotencyRecord;

/** First results of commands run with an idempotency key (IN-1). */
public interface IdempotencyRecords {
    /** The record stored under this scope and key. */
    Optional<IdempotencyRecord> find(String scope, String key);

    /**
     * Stores the first result. When two transactions insert the same scope and key, one commits and
     * the other fails with {@link DuplicateKeyException} (at the insert or at its commit), so the
     * command's effects commit once.
     *
     * @throws DuplicateKeyException if the scope and key are taken
     */
    void insert(IdempotencyRecord record);

    /**
     * Deletes up to {@code limit} records created before {@code createdBefore}, oldest first
     * (retention): a key retried after its record is gone runs its command again.
     *
     * @param limit at most this many, 1 to 10,000
     * @return how many were deleted
     */
    int purgeCreatedBefore(Instant createdBefore, int limit);
}

package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;

/**
 * The transactional outbox (NT-2). Use cases {@link #enqueue} in their own transaction;
 * dispatchers claim due entries, deliver them outside any transaction, then record the outcome
 * with the claim token they used. A claim lapses at its expiry, so an entry held by a crashed
 * dispatcher is delivered by another: at least once, never by two claimants at the same time.
 */
public interface Outbox {
    /**
     * Adds a PENDING entry (attempts 0, version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void enqueue(OutboxEntry entry);

    /** The entry with this id. */
    Optional<OutboxEntry> find(OutboxEntryId id);

    /**
     * Claims up to {@code limit} due entries: PENDING ones whose {@code nextAttemptAt} is not after
     * {@code now}, and CLAIMED ones whose claim expired at or before {@code now}; oldest
     * {@code nextAttemptAt} first. Claimed entries get status CLAIMED, {@code claimedBy} and
     * {@code claimExpiresAt}. Entries another open transaction is claiming are skipped, not waited
     * for ({@code FOR UPDATE SKIP LOCKED}): concurrent claimers get disjoint sets.
     *
     * @param claimToken unique per claim, used to record the outcome
     * @return the entries as claimed
     */
    List<OutboxEntry> claimDue(Instant now, int limit, String claimToken, Instant claimExpiresAt);

    /**
     * Marks a claimed entry DELIVERED.
     *
     * @return false if the entry is no longer claimed with {@code claimToken} (the claim lapsed and
     *         another dispatcher took it)
     */
    boolean markDelivered(OutboxEntryId id, String claimToken, Instant at);

    /**
     * Records a failed attempt: attempts plus one, back to PENDING, due again at {@code nextAttemptAt}.
     *
     * @return false if the entry is no longer claimed with {@code claimToken}
     */
    boolean markFailed(OutboxEntryId id, String claimToken, String error, Instant nextAttemptAt);

    /**
     * Records a last failed attempt: attempts plus one, DEAD.
     *
     * @return false if the entry is no longer claimed with {@code claimToken}
     */
    boolean markDead(OutboxEntryId id, String claimToken, String error, Instant at);

    /**
     * Puts a DEAD entry back to PENDING with zero attempts, due at {@code at}.
     *
     * @return whether it was DEAD and is now pending
     */
    boolean requeue(OutboxEntryId id, Instant at);

    /**
     * Cancels every PENDING entry with this correlation key.
     *
     * @return how many were cancelled
     */
    int cancelPending(String correlationKey, Instant at);

    /**
     * {@link #cancelPending} for a caller that does not need the count: an adapter may send it with
     * the transaction's next statement or its commit (write-behind); what the transaction reads
     * after it sees it done.
     */
    default void cancelPendingBehind(String correlationKey, Instant at) {
        cancelPending(correlationKey, at);
    }

    /**
     * One page of DEAD entries in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<OutboxEntry> dead(OutboxEntryId after, int limit);

    /** How many entries are in each status (every status present, zero where none). */
    Map<OutboxStatus, Long> countByStatus();
}

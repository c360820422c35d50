package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;

/**
 * The transactional outbox (NT-2). Use cases {@link #enqueue} in their own transaction;
 * dispatchers claim due entries, deliver them outside any transaction, then record the outcome
 * with the claim token they used. A claim lapses at its expiry, so an entry held by a crashed
 * dispatcher is delivered by another: at least once, never by two claimants at the same time.
 *
 * <p>Every claim counts as an attempt (its dispatcher may die in the middle of the send), so the
 * outcome writes record the attempt the claim counted and never count another. Every outcome write
 * is conditional on the entry still being CLAIMED with the writer's token: an entry cancelled,
 * dead-lettered or taken over meanwhile keeps its state whatever the late outcome says.
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
     * {@code nextAttemptAt} first. Claimed entries get status CLAIMED, {@code claimedBy},
     * {@code claimExpiresAt} and one attempt more (the claim is the attempt: a dispatcher that dies
     * while sending has still tried). Entries another open transaction is claiming are skipped, not waited
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
     * Marks claimed entries DELIVERED, as {@link #markDelivered(OutboxEntryId, String, Instant)}
     * does one by one, in as few round trips as the storage allows (a dispatcher records a whole
     * batch at once).
     *
     * @return the ids marked; an id missing from it was no longer claimed with {@code claimToken}
     */
    Set<OutboxEntryId> markAllDelivered(Collection<OutboxEntryId> ids, String claimToken, Instant at);

    /**
     * Records a failed attempt (the attempt its claim counted): back to PENDING, due again at
     * {@code nextAttemptAt}, attempts unchanged.
     *
     * @return false if the entry is no longer claimed with {@code claimToken}
     */
    boolean markFailed(OutboxEntryId id, String claimToken, String error, Instant nextAttemptAt);

    /**
     * Records a last failed attempt (the attempt its claim counted): DEAD, attempts unchanged.
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
     * Dead-letters the entries whose last allowed attempt never reported: CLAIMED entries whose claim
     * expired at or before {@code now} with at least {@code maxAttempts} attempts become DEAD with
     * {@code error}, {@code completedAt} {@code now}, attempts unchanged and no claim. Entries another
     * open transaction holds are skipped, not waited for. Run it before {@link #claimDue} in the same
     * transaction, and such an entry is never claimed (and sent) once more.
     *
     * @param limit at most this many, 1 to 1000
     * @return the entries as dead-lettered
     */
    List<OutboxEntry> deadLetterLapsed(Instant now, int maxAttempts, String error, int limit);

    /**
     * Cancels every PENDING or CLAIMED entry with this correlation key. A claimed entry may be in
     * the middle of its send; whatever its dispatcher then records finds it no longer claimed, so it
     * is never retried (SC-6).
     *
     * @return how many were cancelled
     */
    int cancelPending(String correlationKey, Instant at);

    /**
     * Deletes up to {@code limit} DELIVERED or CANCELLED entries completed before
     * {@code completedBefore}, oldest first (retention). PENDING, CLAIMED and DEAD entries are never
     * deleted.
     *
     * @param limit at most this many, 1 to 10,000
     * @return how many were deleted
     */
    int purgeCompleted(Instant completedBefore, int limit);

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

package org.patientportal.spi.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;

/**
 * The append-only audit trail (AD-2). There is no update and no delete. Events form one hash
 * chain per patient, plus chains for events without a patient (one per staff member, a few shards
 * for the rest); appending locks only the chain's head, so writers on different chains never wait
 * on each other.
 */
public interface AuditTrail {
    /**
     * Returns the chain's head and locks it until this transaction ends, so that no other
     * transaction can append to the chain meanwhile. A chain without events has
     * {@link ChainHead#empty}; it is created if needed.
     */
    ChainHead lockHead(AuditChain chain);

    /**
     * Locks the heads of several chains as {@link #lockHead} would, one after another in the order
     * given, and answers them by chain. Callers give the chains in ascending order of their
     * {@linkplain AuditChain#value() values} (ASCII, compared as strings): that one order, kept by
     * every transaction that locks more than one head, is what keeps two such transactions from
     * deadlocking. A storage may lock them in fewer round trips; it must keep that order, create the
     * heads of chains without events, and deadlock with no transaction that locks the same chains in
     * the same order one by one.
     *
     * @param chains distinct chains, ascending
     * @return each chain's head, in the order given
     */
    default Map<AuditChain, ChainHead> lockHeads(List<AuditChain> chains) {
        Map<AuditChain, ChainHead> heads = new LinkedHashMap<>();
        for (AuditChain chain : chains) {
            heads.put(chain, lockHead(chain));
        }
        return heads;
    }

    /**
     * Appends an event to its chain. The chain's head must have been locked by
     * {@link #lockHead} in this transaction, and {@code event.sequence()} must be the head's
     * sequence plus one and {@code event.previousHash()} the head's hash. The head moves to the event.
     *
     * @throws IllegalStateException   if the head was not locked in this transaction
     * @throws OptimisticLockException if the event does not follow the head
     * @throws DuplicateKeyException   if the event id is taken
     */
    void append(AuditEvent event);

    /**
     * Appends events in their order, as {@link #append} would one by one (each event follows the
     * head of its chain as the events before it left it), in as few round trips as the storage
     * allows. The heads of all their chains must have been locked by {@link #lockHead} in this
     * transaction. On a failure the transaction must be rolled back: some events may be appended.
     *
     * @throws IllegalStateException   if a chain's head was not locked in this transaction
     * @throws OptimisticLockException if an event does not follow its chain's head
     * @throws DuplicateKeyException   if an event id is taken
     */
    default void appendAll(List<AuditEvent> events) {
        for (AuditEvent event : events) {
            append(event);
        }
    }

    /** The chain's head without locking it, empty if the chain has no event. */
    Optional<ChainHead> head(AuditChain chain);

    /**
     * Events of one chain in sequence order (keyset pagination).
     *
     * @param afterSequence the last sequence of the previous page, 0 for the first page
     * @param limit         page size, 1 to 1000
     */
    List<AuditEvent> events(AuditChain chain, long afterSequence, int limit);

    /**
     * Heads of every chain with at least one event, in chain-name order (keyset pagination).
     *
     * @param after the last chain of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<ChainHead> chains(AuditChain after, int limit);

    /**
     * Every chain that has events, read from the events themselves and not from the heads, in
     * chain-name order (keyset pagination): for each, the highest sequence stored and that event's
     * hash. Verification compares it with {@link #chains} to find a head that is missing, zeroed or
     * behind its events.
     *
     * @param after the last chain of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<ChainHead> eventChains(AuditChain after, int limit);

    /**
     * Events of one chain whose actor is staff or a proxy ({@code ActorKind.STAFF},
     * {@code ActorKind.PROXY}): a patient's access log (AD-4), without the patient's own actions, the
     * system's or anonymous callers'. Newest first (descending sequence, keyset pagination); this
     * transaction's own appends included.
     *
     * @param chain          the chain (a patient's)
     * @param beforeSequence the last sequence of the previous page (exclusive), or
     *                       {@link Long#MAX_VALUE} for the first page; at least 1
     * @param limit          page size, 1 to 1000
     */
    List<AuditEvent> accessesByOthers(AuditChain chain, long beforeSequence, int limit);
}

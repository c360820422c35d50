package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.StartCursor;

/**
 * Appointment slots (SC-1..SC-3). A slot is booked at most once, under any concurrency and
 * across nodes: {@link #book} is a conditional write decided by the store.
 */
public interface Slots {
    /**
     * Inserts new slots (OPEN, version 0), all or none; adapters send them in as few round trips
     * as the driver allows.
     *
     * @throws DuplicateKeyException if an id is taken
     */
    void insertAll(List<Slot> slots);

    /**
     * Inserts new slots (OPEN, version 0), all or none, unless one of them overlaps (their
     * [start, end) periods intersect) a slot of the same provider that is not CLOSED: a stored
     * one, one this transaction wrote, or another of the list (SC-1). The store decides, not its
     * caller: of concurrent calls, from any node, whose slots overlap for one provider, at most one
     * succeeds, and a later one sees the slots of an earlier one that committed. Slots of different
     * providers never conflict. Adapters check the whole list at once and send it in as few round
     * trips as the driver allows (a 10,000-slot template is a handful of statements).
     *
     * @throws SlotOverlapException if a slot overlaps; nothing was stored
     * @throws DuplicateKeyException if an id is taken
     */
    void insertAllWithoutOverlap(List<Slot> slots);

    /** The slot with this id. */
    Optional<Slot> find(SlotId id);

    /**
     * One page of OPEN slots matching the query, in (start, id) order (keyset pagination).
     *
     * @param after the (start, id) of the last slot of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Slot> findOpen(SlotQuery query, StartCursor after, int limit);

    /**
     * Every slot of the provider, whatever its status, that overlaps [{@code from}, {@code to}),
     * in (start, id) order; staff use it to refuse overlapping slots.
     */
    List<Slot> overlapping(ProviderId provider, Instant from, Instant to);

    /**
     * Books an OPEN slot for an appointment: OPEN to BOOKED. Of any number of concurrent calls
     * for one slot, from any node, exactly one returns true (SC-3).
     *
     * @return whether this call booked it; false if it was not OPEN or does not exist
     */
    boolean book(SlotId id, AppointmentId appointment);

    /**
     * Frees a slot held by this appointment: BOOKED to OPEN.
     *
     * @return whether it was BOOKED by {@code appointment} and is now OPEN
     */
    boolean release(SlotId id, AppointmentId appointment);

    /**
     * {@link #release} for a caller that does not need the answer: an adapter may send it with the
     * transaction's next statement or its commit (write-behind); what the transaction reads after
     * it sees it done.
     */
    default void releaseBehind(SlotId id, AppointmentId appointment) {
        release(id, appointment);
    }

    /**
     * Closes an OPEN slot: OPEN to CLOSED.
     *
     * @return whether it was OPEN and is now CLOSED
     */
    boolean close(SlotId id);
}

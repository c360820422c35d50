package org.patientportal.spi.storage;

import java.util.Objects;

/**
 * {@link StorageTransaction#bookSlotBehind} did not book: the slot was taken or the patient holds an
 * overlapping booked appointment. Thrown by that call or, where the adapter writes the booking
 * behind, by a later call of the same transaction or its commit; the transaction does not commit.
 */
public class SlotBookingRefusedException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** What the booking would have answered: {@link SlotBooking#SLOT_TAKEN} or {@link SlotBooking#OVERLAPPING}. */
    private final SlotBooking outcome;

    /**
     * @param outcome {@link SlotBooking#SLOT_TAKEN} or {@link SlotBooking#OVERLAPPING}
     * @param message the message, without any value (no ids, no PHI)
     */
    public SlotBookingRefusedException(SlotBooking outcome, String message) {
        super(message);
        if (Objects.requireNonNull(outcome, "outcome") == SlotBooking.BOOKED) {
            throw new IllegalArgumentException("a refusal is SLOT_TAKEN or OVERLAPPING");
        }
        this.outcome = outcome;
    }

    /** Why the booking was refused: {@link SlotBooking#SLOT_TAKEN} or {@link SlotBooking#OVERLAPPING}. */
    public SlotBooking outcome() {
        return outcome;
    }
}

package org.patientportal.spi.storage;

/** What {@link StorageTransaction#bookSlot} did. */
public enum SlotBooking {
    /** The slot is booked for the appointment, which is stored. */
    BOOKED,
    /** The slot was not open (or does not exist): nothing was written. */
    SLOT_TAKEN,
    /**
     * The patient holds a booked appointment that overlaps: the slot is booked for the
     * appointment, which is not stored, and the transaction must not commit.
     */
    OVERLAPPING
}

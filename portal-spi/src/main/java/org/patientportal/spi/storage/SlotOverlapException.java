package org.patientportal.spi.storage;

/**
 * {@link Slots#insertAllWithoutOverlap} refused its slots: one of them overlaps a slot of the same
 * provider that is not CLOSED (stored, written earlier in the transaction, or another of the
 * list). Nothing of the call was stored. A kind of {@link DuplicateKeyException}: the
 * "one provider, one slot at a time" key was taken.
 */
public class SlotOverlapException extends DuplicateKeyException {
    private static final long serialVersionUID = 1L;

    public SlotOverlapException(String message) {
        super(message);
    }
}

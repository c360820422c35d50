package org.patientportal.core.audit;

import java.util.List;
import java.util.Objects;
import org.patientportal.model.AuditChain;

/**
 * The result of {@link AuditLog#verify()} and {@link AuditLog#verify(Iterable)}.
 *
 * @param intact        whether every chain verified and, if a checkpoint was given, the checkpoint
 *                      is genuine (a rejected checkpoint makes the trail unproven, so not intact)
 * @param eventsChecked how many events were read and checked
 * @param brokenChains  the chains that did not verify, in chain order
 * @param checkpoint    what became of the checkpoint given
 */
public record AuditVerification(boolean intact, long eventsChecked, List<AuditChain> brokenChains,
                                CheckpointStatus checkpoint) {
    /** Copies the list and checks that {@code intact} agrees with it and the checkpoint. */
    public AuditVerification {
        brokenChains = List.copyOf(Objects.requireNonNull(brokenChains, "brokenChains"));
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (intact != (brokenChains.isEmpty() && checkpoint != CheckpointStatus.REJECTED)) {
            throw new IllegalArgumentException("intact must be true exactly when no chain is broken"
                    + " and no checkpoint was rejected");
        }
        if (eventsChecked < 0) {
            throw new IllegalArgumentException("eventsChecked must not be negative");
        }
    }

    /** The result of a verification without a checkpoint. */
    public AuditVerification(boolean intact, long eventsChecked, List<AuditChain> brokenChains) {
        this(intact, eventsChecked, brokenChains, CheckpointStatus.NOT_GIVEN);
    }

    /** What {@link AuditLog#verify(Iterable)} made of the checkpoint it was given. */
    public enum CheckpointStatus {
        /** No checkpoint was given ({@link AuditLog#verify()}). */
        NOT_GIVEN,
        /** Every part was signed under this portal's key and the parts form one whole checkpoint. */
        TRUSTED,
        /**
         * A part's signature is wrong (changed, or made under another key), or parts are missing, out
         * of order or from different checkpoints. Heads of parts whose own signature is good were
         * still checked.
         */
        REJECTED
    }
}

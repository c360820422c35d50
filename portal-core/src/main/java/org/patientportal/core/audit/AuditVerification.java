package org.patientportal.core.audit;

import java.util.List;
import java.util.Objects;
import org.patientportal.model.AuditChain;

/**
 * The result of {@link AuditLog#verify()}.
 *
 * @param intact        whether every chain verified
 * @param eventsChecked how many events were read and checked
 * @param brokenChains  the chains that did not verify, in chain order
 */
public record AuditVerification(boolean intact, long eventsChecked, List<AuditChain> brokenChains) {
    /** Copies the list and checks that {@code intact} agrees with it. */
    public AuditVerification {
        brokenChains = List.copyOf(Objects.requireNonNull(brokenChains, "brokenChains"));
        if (intact != brokenChains.isEmpty()) {
            throw new IllegalArgumentException("intact must be true exactly when no chain is broken");
        }
        if (eventsChecked < 0) {
            throw new IllegalArgumentException("eventsChecked must not be negative");
        }
    }
}

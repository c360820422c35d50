package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.Objects;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;

/**
 * Which open slots to find (SC-2): those starting in [{@code from}, {@code to}), optionally of one
 * provider, one department, and allowing one visit type.
 *
 * @param from       earliest start, inclusive
 * @param to         latest start, exclusive
 * @param provider   only this provider, or null
 * @param department only this department, or null
 * @param visitType  only slots allowing this visit type, or null
 */
public record SlotQuery(Instant from, Instant to, ProviderId provider, DepartmentId department, VisitTypeId visitType) {
    public SlotQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
    }
}

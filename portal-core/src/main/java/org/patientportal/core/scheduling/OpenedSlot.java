package org.patientportal.core.scheduling;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitTypeId;

/**
 * A slot as staff opened it (SC-1).
 *
 * @param id           the slot
 * @param providerId   the provider
 * @param departmentId the department
 * @param start        the start
 * @param end          the end
 * @param visitTypes   the visit types it may be booked for
 * @param status       open, booked or closed
 */
public record OpenedSlot(SlotId id, ProviderId providerId, DepartmentId departmentId, Instant start, Instant end,
                         Set<VisitTypeId> visitTypes, SlotStatus status) {
    public OpenedSlot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        visitTypes = Set.copyOf(visitTypes);
        Objects.requireNonNull(status, "status");
    }
}

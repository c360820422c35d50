package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Set;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;

/**
 * One open slot (SC-1). The local start is read in the department's zone: a time in a
 * daylight-saving gap does not exist and is refused; a time in an overlap (it happens twice) means
 * the earlier of the two instants.
 *
 * @param providerId   the provider
 * @param departmentId the department
 * @param localStart   the start, as a wall-clock time in the department's zone
 * @param length       how long it lasts: whole minutes, 1 minute to 24 hours
 * @param visitTypes   the visit types it may be booked for, at least one
 */
public record OpenSlot(@NotNull ProviderId providerId, @NotNull DepartmentId departmentId,
                       @NotNull LocalDateTime localStart, @NotNull Duration length,
                       @NotEmpty Set<@NotNull VisitTypeId> visitTypes) {
    public OpenSlot {
        visitTypes = visitTypes == null || visitTypes.stream().anyMatch(Objects::isNull)
                ? visitTypes : Set.copyOf(visitTypes);
    }
}

package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;

/**
 * One open slot (SC-1). The local start is read in the department's zone: a time in a
 * daylight-saving gap does not exist and is refused. A time in a fall-back overlap happens twice:
 * {@code offset} picks which (the first 01:30 of America/New_York on 2026-11-01 is {@code -04:00},
 * the second {@code -05:00}); without an offset it means the earlier of the two instants, as it
 * always did. An offset is checked against the zone's rules for that local time at every start:
 * one that is not the zone's offset at that time is refused on path {@code offset}.
 *
 * @param providerId   the provider
 * @param departmentId the department
 * @param localStart   the start, as a wall-clock time in the department's zone
 * @param length       how long it lasts: whole minutes, 1 minute to 24 hours
 * @param visitTypes   the visit types it may be booked for, at least one
 * @param offset       the zone's offset at the start, to pick one instant of a time that happens
 *                     twice; null for the earlier one
 */
public record OpenSlot(@NotNull ProviderId providerId, @NotNull DepartmentId departmentId,
                       @NotNull LocalDateTime localStart, @NotNull Duration length,
                       @NotEmpty Set<@NotNull VisitTypeId> visitTypes, @Nullable ZoneOffset offset) {
    public OpenSlot {
        visitTypes = visitTypes == null || visitTypes.stream().anyMatch(Objects::isNull)
                ? visitTypes : Set.copyOf(visitTypes);
    }

    /**
     * A slot at a local start without an offset: in a fall-back overlap, the earlier instant.
     *
     * @param providerId   the provider
     * @param departmentId the department
     * @param localStart   the start, as a wall-clock time in the department's zone
     * @param length       how long it lasts
     * @param visitTypes   the visit types it may be booked for
     */
    public OpenSlot(ProviderId providerId, DepartmentId departmentId, LocalDateTime localStart, Duration length,
                    Set<VisitTypeId> visitTypes) {
        this(providerId, departmentId, localStart, length, visitTypes, null);
    }
}

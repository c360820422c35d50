package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;

/**
 * Slots from a weekly template (SC-1): on each listed day of the week from {@code firstDay} to
 * {@code lastDay} (both included, at most 366 days), back-to-back slots of {@code slotLength} from
 * {@code from} while they end by {@code to}, as wall-clock times in the department's zone. A slot
 * whose start falls in a daylight-saving gap is skipped; one in an overlap (a wall-clock time that
 * happens twice) opens at both instants, the second unless it would overlap a slot of the template.
 *
 * @param providerId   the provider
 * @param departmentId the department
 * @param days         the days of the week, at least one
 * @param from         the first slot's local start each day
 * @param to           the local time the last slot must end by, after {@code from}
 * @param slotLength   each slot's length: whole minutes, 1 minute to 24 hours
 * @param visitTypes   the visit types the slots may be booked for, at least one
 * @param firstDay     the first date
 * @param lastDay      the last date, not before {@code firstDay}
 */
public record WeeklyTemplate(@NotNull ProviderId providerId, @NotNull DepartmentId departmentId,
                             @NotEmpty Set<@NotNull DayOfWeek> days, @NotNull LocalTime from, @NotNull LocalTime to,
                             @NotNull Duration slotLength, @NotEmpty Set<@NotNull VisitTypeId> visitTypes,
                             @NotNull LocalDate firstDay, @NotNull LocalDate lastDay) {
    /** The most days one template covers, {@code firstDay} to {@code lastDay} inclusive. */
    public static final int MAX_DAYS = 366;
    /** The most slots one template opens; a template that would open more is refused. */
    public static final int MAX_SLOTS = 10_000;

    public WeeklyTemplate {
        days = days == null || days.stream().anyMatch(Objects::isNull)
                ? days : Set.copyOf(days);
        visitTypes = visitTypes == null || visitTypes.stream().anyMatch(Objects::isNull)
                ? visitTypes : Set.copyOf(visitTypes);
    }
}

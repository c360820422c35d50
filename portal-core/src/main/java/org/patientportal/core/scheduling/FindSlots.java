package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;

/**
 * A search for open slots (SC-2). The dates are read in the department's zone when a department
 * is given, else in the portal clock's zone; both ends are included: {@code from} 00:00 up to the
 * day after {@code to}. The range covers at most {@link SchedulingPolicy#maxSearchRange()} days
 * ({@code from} to {@code to} inclusive counts {@code to - from + 1} days). Slots less than the lead
 * time ahead are not listed.
 *
 * @param visitTypeId  the visit type wanted
 * @param providerId   only this provider, if given
 * @param departmentId only this department, if given
 * @param from         the first day
 * @param to           the last day, not before {@code from}
 */
public record FindSlots(@NotNull VisitTypeId visitTypeId, @Nullable ProviderId providerId,
                        @Nullable DepartmentId departmentId, @NotNull LocalDate from, @NotNull LocalDate to) {
}

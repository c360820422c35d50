package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;
import org.jspecify.annotations.Nullable;

/**
 * A request for a visit type that is not self-schedulable (SC-1); staff turn it into an appointment
 * or decline it. Dates are read in the department's zone when one is given, else in the portal
 * clock's zone; both are included.
 *
 * @param visitTypeId  the visit type wanted
 * @param providerId   the provider wanted; any provider if absent
 * @param departmentId the department wanted; any department if absent
 * @param earliest     the first day the patient can make, today or later
 * @param latest       the last day, not before {@code earliest}, within the maximum search range
 */
public record RequestAppointment(@NotNull VisitTypeId visitTypeId, @Nullable ProviderId providerId,
                                 @Nullable DepartmentId departmentId,
                                 @NotNull LocalDate earliest, @NotNull LocalDate latest) {
}

package org.patientportal.core.scheduling;

import java.time.ZonedDateTime;
import java.util.Objects;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;

/**
 * An open slot as a patient sees it (SC-2): names, and times in the department's zone.
 *
 * @param slotId         the slot, to book
 * @param providerId     the provider
 * @param providerName   the provider's display name
 * @param departmentId   the department
 * @param departmentName the department's name
 * @param visitTypeId    the visit type searched for
 * @param visitTypeName  its name
 * @param start          the start in the department's zone
 * @param end            the end in the department's zone
 */
public record SlotView(SlotId slotId, ProviderId providerId, String providerName, DepartmentId departmentId,
                       String departmentName, VisitTypeId visitTypeId, String visitTypeName, ZonedDateTime start,
                       ZonedDateTime end) {
    public SlotView {
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(departmentName, "departmentName");
        Objects.requireNonNull(visitTypeId, "visitTypeId");
        Objects.requireNonNull(visitTypeName, "visitTypeName");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}

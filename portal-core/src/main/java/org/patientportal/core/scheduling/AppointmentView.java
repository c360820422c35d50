package org.patientportal.core.scheduling;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.ProviderId;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;

/**
 * An appointment with its details (SC-5). Holds PHI: {@link #toString()} prints ids only.
 *
 * @param appointmentId  the appointment
 * @param slotId         its slot
 * @param status         booked, cancelled, rescheduled, completed or no-show
 * @param providerId     the provider
 * @param providerName   the provider's display name
 * @param departmentId   the department
 * @param departmentName the department's name
 * @param visitTypeId    the visit type
 * @param visitTypeName  its name
 * @param start          the start in the department's zone
 * @param end            the end in the department's zone
 * @param summary        the after-visit summary of a past visit, if one was recorded
 * @param diagnoses      the diagnoses recorded for a past visit, in order; empty if none
 */
public record AppointmentView(AppointmentId appointmentId, SlotId slotId, AppointmentStatus status,
                              ProviderId providerId, String providerName, DepartmentId departmentId,
                              String departmentName, VisitTypeId visitTypeId, String visitTypeName,
                              ZonedDateTime start, ZonedDateTime end, @Nullable String summary, List<Diagnosis> diagnoses) {
    public AppointmentView {
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(departmentName, "departmentName");
        Objects.requireNonNull(visitTypeId, "visitTypeId");
        Objects.requireNonNull(visitTypeName, "visitTypeName");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        diagnoses = List.copyOf(Objects.requireNonNull(diagnoses, "diagnoses"));
    }

    @Override
    public String toString() {
        return "AppointmentView[appointmentId=" + appointmentId + ", status=" + status + "]";
    }
}

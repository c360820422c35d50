package org.patientportal.core.scheduling;

import java.util.List;
import java.util.Objects;

/**
 * One page of appointments (SC-5).
 *
 * @param appointments the appointments: upcoming in ascending start order, past in descending
 * @param nextCursor   the cursor of the next page, or null when this is the last page
 */
public record AppointmentPage(List<AppointmentView> appointments, String nextCursor) {
    /** Copies the list. */
    public AppointmentPage {
        appointments = List.copyOf(Objects.requireNonNull(appointments, "appointments"));
    }
}

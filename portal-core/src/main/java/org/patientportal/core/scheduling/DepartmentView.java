package org.patientportal.core.scheduling;

import java.time.ZoneId;
import java.util.Objects;
import org.patientportal.model.DepartmentId;

/**
 * A department (SC-1).
 *
 * @param id   the department
 * @param name its name
 * @param zone the zone its slots are shown in
 */
public record DepartmentView(DepartmentId id, String name, ZoneId zone) {
    public DepartmentView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
    }
}

package org.patientportal.model;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A department of the clinic (SC-1). Times are stored as instants and shown in its zone.
 *
 * @param id      the department's id
 * @param name    its display name
 * @param zone    its time zone
 * @param version optimistic-lock version, 0 for a new row
 */
public record Department(DepartmentId id, String name, ZoneId zone, long version) {
    public Department {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(name, "name");
        Objects.requireNonNull(zone, "zone");
        Checks.notNegative(version, "version");
    }
}

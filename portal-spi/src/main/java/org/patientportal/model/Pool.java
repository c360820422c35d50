package org.patientportal.model;

import java.util.Objects;

/**
 * A pool: a named group of staff that answers the messages of the topics routed to it (MS-6).
 *
 * @param id      the pool's id
 * @param name    the name staff see ("Nurse line", "Billing")
 * @param version optimistic-lock version, 0 for a new row
 */
public record Pool(PoolId id, String name, long version) {
    public Pool {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(name, "name");
        Checks.notNegative(version, "version");
    }
}

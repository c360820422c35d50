package org.patientportal.model;

import java.util.Objects;

/**
 * A topic patients choose when they start a thread (MS-1), routed to a pool, with the clinic's
 * expected response time in business days (MS-3, MS-6).
 *
 * @param id                   the topic's id
 * @param name                 the name patients see ("Medication question")
 * @param poolId               the pool that answers it
 * @param responseBusinessDays expected response time, 1 to 30 business days
 * @param active               whether patients may choose it
 * @param version              optimistic-lock version, 0 for a new row
 */
public record Topic(TopicId id, String name, PoolId poolId, int responseBusinessDays, boolean active, long version) {
    public Topic {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(name, "name");
        Objects.requireNonNull(poolId, "poolId");
        if (responseBusinessDays < 1 || responseBusinessDays > 30) {
            throw new IllegalArgumentException("responseBusinessDays must be 1 to 30");
        }
        Checks.notNegative(version, "version");
    }
}

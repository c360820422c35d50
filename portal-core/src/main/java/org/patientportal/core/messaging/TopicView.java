package org.patientportal.core.messaging;

import org.patientportal.model.PoolId;
import org.patientportal.model.TopicId;

/**
 * A topic patients choose from (MS-1), with its expected response time (MS-3).
 *
 * @param id                   the topic's id
 * @param name                 the name patients see
 * @param poolId               the pool that answers it
 * @param responseBusinessDays the expected response time in business days
 */
public record TopicView(TopicId id, String name, PoolId poolId, int responseBusinessDays) {
}

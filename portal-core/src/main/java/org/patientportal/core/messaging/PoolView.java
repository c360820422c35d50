package org.patientportal.core.messaging;

import org.patientportal.model.PoolId;

/**
 * A pool of staff.
 *
 * @param id   the pool's id
 * @param name its name
 */
public record PoolView(PoolId id, String name) {
}

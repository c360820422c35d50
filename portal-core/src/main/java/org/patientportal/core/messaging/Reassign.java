package org.patientportal.core.messaging;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;

/**
 * Route a thread to another pool, and optionally a provider (MS-6).
 *
 * @param poolId     the pool that answers it from now on
 * @param providerId the provider it is addressed to, or null for the pool alone
 */
public record Reassign(@NotNull PoolId poolId, @Nullable ProviderId providerId) {
}

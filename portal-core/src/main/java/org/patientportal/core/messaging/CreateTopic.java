package org.patientportal.core.messaging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.PoolId;

/**
 * Create a topic patients choose from (MS-1), routed to a pool, with its expected response time.
 *
 * @param name                 1 to 100 characters, not blank, no control characters ("Medication question")
 * @param poolId               the pool that answers it
 * @param responseBusinessDays 1 to 30 business days, or null for the policy's default (3, MS-3)
 */
public record CreateTopic(@NotBlank @Size(max = 100)
                          @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
                          String name,
                          @NotNull PoolId poolId,
                          @Nullable @Min(1) @Max(30) Integer responseBusinessDays) {
}

package org.patientportal.core.notifications;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.PatientId;

/**
 * An outbox entry the dispatcher gave up on (NT-2), as staff see it: ids and codes only, never
 * the payload.
 *
 * @param id           the entry's id (for {@link Notifications#requeue})
 * @param kind         the event kind
 * @param patientId    the patient it was for, if any
 * @param attempts     delivery attempts made
 * @param lastError    machine code of the last failure ({@code retryable_failure},
 *                     {@code permanent_failure}, {@code contact_changed}, ...)
 * @param createdAt    when the use case wrote it
 * @param deadAt       when it was dead-lettered, if recorded
 */
public record DeadLetter(OutboxEntryId id, String kind, @Nullable PatientId patientId, int attempts,
                         @Nullable String lastError, Instant createdAt, @Nullable Instant deadAt) {
    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}

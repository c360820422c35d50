package org.patientportal.core.audit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditOutcome;

/**
 * One access to a patient's record by someone else, as the patient reads it in their access log
 * (AD-4): who (a staff member by role and, if the host names its staff, by name; or a proxy by
 * name), when, what kind of data and how it ended. Carries no staff id or account id.
 *
 * @param occurredAt   when it happened
 * @param accessorKind {@link ActorKind#STAFF} or {@link ActorKind#PROXY}
 * @param role         the staff role used ({@code "CLINICIAN"}, ...), or null for a proxy
 * @param name         the staff member's name from the host's {@link StaffDirectory}, or the proxy's
 *                     name; null when none is known
 * @param action       create, read, update, delete or execute
 * @param category     what was touched ({@code "appointment"}, {@code "test-result"}, ...)
 * @param outcome      success, or denied or failed for an attempt
 */
public record AccessLogEntry(Instant occurredAt, ActorKind accessorKind, @Nullable String role,
                             @Nullable String name, AuditAction action, String category, AuditOutcome outcome) {
    /** Checks the required parts. */
    public AccessLogEntry {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(accessorKind, "accessorKind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(outcome, "outcome");
    }
}

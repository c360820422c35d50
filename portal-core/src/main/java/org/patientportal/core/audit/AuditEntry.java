package org.patientportal.core.audit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditOutcome;

/**
 * One event of a patient's audit trail (AD-1), as an admin reads it. Its hashes stay in storage:
 * {@link AuditLog#verify()} checks them.
 *
 * @param sequence   its place in the patient's chain, from 1
 * @param occurredAt when it happened
 * @param actorKind  a patient, a proxy, staff or the system
 * @param actorId    the account, staff member or system part that acted
 * @param actorRole  the staff role, if staff acted
 * @param action     create, read, update, delete, login, ...
 * @param category   what was touched ({@code "appointment"}, {@code "proxy-grant"}, ...)
 * @param recordId   the id of the record touched, if one
 * @param outcome    success, denied or failed
 * @param reason     the machine reason of a denial or failure, if any
 */
public record AuditEntry(long sequence, Instant occurredAt, ActorKind actorKind, String actorId,
                         @Nullable String actorRole, AuditAction action, String category,
                         @Nullable String recordId, AuditOutcome outcome, @Nullable String reason) {
    public AuditEntry {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actorKind, "actorKind");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(outcome, "outcome");
    }
}

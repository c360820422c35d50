package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One append-only audit event (AD-1, AD-2), linked to its chain's previous event by hash. Carries
 * ids and codes only, never PHI.
 *
 * @param id           the event's id
 * @param chain        the chain it belongs to
 * @param sequence     its position in the chain, from 1
 * @param occurredAt   UTC instant
 * @param patientId    the patient whose data was touched or acted for, or null
 * @param actor        who acted
 * @param action       create, read, update, delete or execute
 * @param category     data category ({@code "activation-code"}, {@code "session"}, ...)
 * @param recordId     id of the record touched, or null
 * @param outcome      success, denied or failed
 * @param reason       a machine reason code for denied or failed outcomes, or null
 * @param previousHash hash of the previous event of the chain ({@code ""} for the first)
 * @param hash         this event's hash, over its fields and {@code previousHash}
 */
public record AuditEvent(
        AuditEventId id,
        AuditChain chain,
        long sequence,
        Instant occurredAt,
        PatientId patientId,
        AuditActor actor,
        AuditAction action,
        String category,
        String recordId,
        AuditOutcome outcome,
        String reason,
        String previousHash,
        String hash) {

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chain, "chain");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1");
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Checks.notBlank(category, "category");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(previousHash, "previousHash");
        Checks.notBlank(hash, "hash");
    }
}

package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification owed, written in the use case's own transaction (design.md "Notifications").
 * The payload holds template parameters, never PHI in clear (NT-3), as text its writer serialised
 * (core writes a JSON object): a storage keeps it exactly as given and never reads into it.
 *
 * @param id             stable id, also given to the sender so it can drop duplicates
 * @param kind           event kind ({@code "password-changed"}, {@code "activation-code"}, ...)
 * @param patientId      the patient it is for, or null
 * @param accountId      the account it is for, or null
 * @param payload        the template parameters as serialised text, stored and returned unchanged;
 *                       no U+0000 character (a PostgreSQL {@code text} cannot hold it)
 * @param correlationKey groups entries that are cancelled together ({@code "appointment:<id>"}), or null
 * @param createdAt      when the use case wrote it
 * @param deliverAfter   not sent before this instant
 * @param status         pending, claimed, delivered, dead or cancelled
 * @param attempts       delivery attempts made
 * @param nextAttemptAt  when it is next due
 * @param claimedBy      the claim token of the dispatcher holding it, or null
 * @param claimExpiresAt when the claim lapses, or null
 * @param lastError      machine code of the last failure, or null
 * @param completedAt    when it was delivered, dead-lettered or cancelled, or null
 * @param version        optimistic-lock version, 0 for a new row
 */
public record OutboxEntry(
        OutboxEntryId id,
        String kind,
        PatientId patientId,
        AccountId accountId,
        String payload,
        String correlationKey,
        Instant createdAt,
        Instant deliverAfter,
        OutboxStatus status,
        int attempts,
        Instant nextAttemptAt,
        String claimedBy,
        Instant claimExpiresAt,
        String lastError,
        Instant completedAt,
        long version) {

    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        if (payload.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("payload must not contain U+0000");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deliverAfter, "deliverAfter");
        Objects.requireNonNull(status, "status");
        Checks.notNegative(attempts, "attempts");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Checks.notNegative(version, "version");
    }

    /** A new pending entry, due at {@code deliverAfter}. */
    public static OutboxEntry pending(String kind, PatientId patientId, AccountId accountId,
                                      String payload, String correlationKey,
                                      Instant createdAt, Instant deliverAfter) {
        return new OutboxEntry(OutboxEntryId.newId(), kind, patientId, accountId, payload, correlationKey,
                createdAt, deliverAfter, OutboxStatus.PENDING, 0, deliverAfter, null, null, null, null, 0);
    }
}

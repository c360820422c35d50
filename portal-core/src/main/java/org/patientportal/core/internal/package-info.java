/**
 * Plumbing shared by the capability packages of core: transactions with retry, keyed hashes,
 * the audit writer, validation, idempotency, security logging, activation-code verification.
 *
 * <p><b>Internal:</b> not part of the SDK's API. It may change at any time, in any release,
 * without notice; hosts must not use it.
 *
 * <p>How a capability service uses it:
 * <ul>
 *   <li>It is built with a {@link org.patientportal.core.internal.PortalContext} (storage, clock,
 *       keys, transactions, audit writer, validation, idempotency, code verifier, actor minter),
 *       made once by {@code PortalBuilder.build()}.</li>
 *   <li>Business time is {@link org.patientportal.core.internal.Time#now} (the injected clock,
 *       truncated to microseconds so instants read back from PostgreSQL unchanged).</li>
 *   <li>Writes go through {@link org.patientportal.core.internal.Transactions#run}; it retries
 *       transient failures and maps storage exceptions (duplicate key: the caller's mapping or
 *       {@code ConflictException}; stale write: {@code ConflictException}; other:
 *       {@code PortalStorageException}).</li>
 *   <li>A success's audit event is written in the use case's transaction with
 *       {@link org.patientportal.core.internal.AuditWriter#record}; a failed or denied call's
 *       event after the rollback with {@link org.patientportal.core.internal.AuditWriter#recordFailure}.</li>
 *   <li>Activation-style codes (sign-up, password reset): normalise the input with
 *       {@link org.patientportal.core.internal.CodeFormat#normalize} before any storage access
 *       (malformed: {@code InvalidRequestException}), then
 *       {@link org.patientportal.core.internal.CodeVerifier#redeem} inside the transaction and
 *       {@link org.patientportal.core.internal.CodeVerifier#rejected} after it (see its javadoc).</li>
 *   <li>A code that must reach the patient by email or SMS goes into the outbox through
 *       {@link org.patientportal.core.internal.CodeDeliveries#entry}: sealed with AES-GCM
 *       ({@link org.patientportal.core.internal.Keys#seal}, subkey
 *       {@link org.patientportal.core.internal.KeyPurpose#OUTBOX_SECRET}), bound to the contact on
 *       file; never in clear in storage.</li>
 * </ul>
 */
@NullMarked
package org.patientportal.core.internal;

import org.jspecify.annotations.NullMarked;

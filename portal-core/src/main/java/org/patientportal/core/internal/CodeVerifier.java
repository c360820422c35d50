package org.patientportal.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.StorageTransaction;
import org.jspecify.annotations.Nullable;

/**
 * Verifies and consumes activation-style codes (sign-up EN-4..EN-8, password reset AU-7), the same
 * way for both purposes.
 *
 * <p>Use it like this, so that a failure is counted and audited even though the call fails:
 * <pre>{@code
 * String code = CodeFormat.normalize(input).orElseThrow(...);   // InvalidRequestException, before storage
 * CodeVerifier.Redemption r = transactions.run(tx -> {
 *     CodeVerifier.Redemption redemption = verifier.redeem(tx, purpose, code, ssn4, birthDate, max, category, pre);
 *     if (redemption.accepted()) {
 *         ... the use case's writes, its SUCCESS audit event ...   // throwing here rolls back the consume
 *     }
 *     return redemption;                                            // a rejection commits its counter and audit event
 * });
 * if (!r.accepted()) {
 *     throw verifier.rejected(r);                                   // logs, then the one generic exception (EN-5)
 * }
 * }</pre>
 */
public final class CodeVerifier {
    /** Reason: no code has this hash. */
    public static final String UNKNOWN = "unknown_code";
    /** Reason: the code is for another purpose. */
    public static final String WRONG_PURPOSE = "wrong_purpose";
    /** Reason: the code was used. */
    public static final String USED = "used";
    /** Reason: the code was revoked. */
    public static final String REVOKED = "revoked";
    /** Reason: the code expired (at exactly its expiry instant, EN-3). */
    public static final String EXPIRED = "expired";
    /** Reason: too many failed verifications (EN-6). */
    public static final String LOCKED = "locked";
    /** Reason: SSN4 or birth date did not match. */
    public static final String MISMATCH = "mismatch";

    private final Keys keys;
    private final Clock clock;
    private final AuditWriter audit;

    /**
     * Creates the verifier.
     *
     * @param keys  the host's keys
     * @param clock the injected clock
     * @param audit the audit writer (rejections are audited)
     */
    public CodeVerifier(Keys keys, Clock clock, AuditWriter audit) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** The keyed hash stored for a normalised code (EN-7). */
    public String codeHash(String normalizedCode) {
        return keys.hmac(KeyPurpose.ACTIVATION_CODE, normalizedCode);
    }

    /**
     * The keyed hash stored for a patient's SSN4 (EN-7). The patient id is part of the input, so two
     * patients with the same digits do not share a hash.
     */
    public String ssn4Hash(PatientId patient, String ssnLast4) {
        return keys.hmac(KeyPurpose.SSN4, patient + "|" + ssnLast4);
    }

    /**
     * Verifies a code and, if every check passes, consumes it, in the caller's transaction; a
     * rejection is then recorded with {@link #reject}. Same as {@link #verify} followed by
     * {@link #reject} when it was not accepted.
     *
     * @param tx                the open transaction
     * @param purpose           what the code must be for
     * @param normalizedCode    the code as {@link CodeFormat#normalize} gave it
     * @param ssnLast4          4 digits, already validated
     * @param birthDate         the birth date typed
     * @param maxFailedAttempts failures that lock a code (EN-6)
     * @param category          audit data category ({@code "activation-code"}, {@code "reset-code"})
     * @param precondition      a further check on the patient (EN-8: no account yet), if any
     * @return accepted with the consumed code and its patient, or rejected with an internal reason
     */
    public Redemption redeem(StorageTransaction tx, CodePurpose purpose, String normalizedCode, String ssnLast4,
                             LocalDate birthDate, int maxFailedAttempts, String category, @Nullable Precondition precondition) {
        Redemption redemption = verify(tx, purpose, normalizedCode, ssnLast4, birthDate, maxFailedAttempts, precondition);
        return redemption.accepted() ? redemption : reject(tx, redemption, category);
    }

    /**
     * Verifies a code and, if every check passes, consumes it; writes nothing else. A caller that
     * gets a rejection must {@link #reject} it (unless it finds a better answer first, such as the
     * stored result of the same idempotent request that consumed the code concurrently).
     *
     * <p>Checks, in order: a code has this hash; its purpose; ACTIVE; {@code now < expiresAt};
     * fewer than {@code maxFailedAttempts} failures; then the attempt is counted in storage
     * ({@code recordFailedAttempt}, before the comparison, so that concurrent guesses cannot outrun
     * the lock: the count's row stays locked until the transaction ends) and refused as
     * {@link #LOCKED} beyond the limit; SSN4 and birth date of its patient; {@code precondition};
     * then the atomic consume (EN-4: of concurrent callers one wins, the others are rejected as
     * {@link #USED}). A consumed code keeps the count of its successful attempt.
     */
    public Redemption verify(StorageTransaction tx, CodePurpose purpose, String normalizedCode, String ssnLast4,
                             LocalDate birthDate, int maxFailedAttempts, Precondition precondition) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(normalizedCode, "normalizedCode");
        Instant now = Time.now(clock);
        Optional<ActivationCodeRecord> found = tx.activationCodes().findByHash(codeHash(normalizedCode));
        if (found.isEmpty()) {
            return new Redemption(false, null, null, UNKNOWN, 0, false);
        }
        ActivationCodeRecord code = found.get();
        String reason = null;
        Patient patient = null;
        if (code.purpose() != purpose) {
            reason = WRONG_PURPOSE;
        } else if (code.status() == CodeStatus.USED) {
            reason = USED;
        } else if (code.status() == CodeStatus.REVOKED) {
            reason = REVOKED;
        } else if (!now.isBefore(code.expiresAt())) {
            reason = EXPIRED;
        } else if (code.failedAttempts() >= maxFailedAttempts) {
            reason = LOCKED;
        } else {
            // Count the attempt before checking it: the counter's row stays locked until this
            // transaction ends, so concurrent guesses queue on it and at most maxFailedAttempts
            // comparisons are ever made (EN-6). A correct attempt then consumes the code, whose
            // count no longer matters; a refused one keeps its count (the caller commits it).
            int attempts = tx.activationCodes().recordFailedAttempt(code.id());
            if (attempts < 0 || attempts > maxFailedAttempts) {
                return new Redemption(false, code, null, attempts < 0 ? UNKNOWN : LOCKED, Math.max(attempts, 0), true);
            }
            patient = tx.patients().find(code.patientId()).orElse(null);
            boolean ssnMatches = patient != null && ssnLast4 != null
                    && Keys.hashEquals(ssn4Hash(patient.id(), ssnLast4), patient.ssn4Hash());
            boolean birthDateMatches = patient != null && patient.birthDate().equals(birthDate);
            if (!(ssnMatches & birthDateMatches)) {
                reason = MISMATCH;
            } else if (precondition != null) {
                reason = precondition.refusal(tx, patient);
            }
            if (reason == null && !tx.activationCodes().consume(code.id(), now)) {
                reason = USED;
            }
            return new Redemption(reason == null, code, reason == null ? patient : null, reason, attempts, true);
        }
        return new Redemption(false, code, null, reason, code.failedAttempts(), false);
    }

    /**
     * Records a rejection in the caller's transaction: raises the stored code's failure counter
     * (EN-6) unless {@link #verify} already counted the attempt, and writes one FAILED audit event (anonymous actor, action EXECUTE, {@code category},
     * the code's id, on its patient's chain; the system chain for an unknown code). The caller must
     * then return normally so the transaction commits, and throw {@link #rejected}.
     *
     * @return the rejection with the new failure count
     */
    public Redemption reject(StorageTransaction tx, Redemption rejection, String category) {
        Objects.requireNonNull(category, "category");
        if (rejection.accepted()) {
            throw new IllegalArgumentException("not a rejection");
        }
        ActivationCodeRecord code = rejection.code();
        int failures = code == null || rejection.counted() ? rejection.failures()
                : tx.activationCodes().recordFailedAttempt(code.id());
        audit.record(tx, new Audited(code == null ? null : code.patientId(), AuditActors.anonymous(),
                AuditAction.EXECUTE, category, code == null ? null : code.id().toString(), AuditOutcome.FAILED,
                rejection.reason()));
        return new Redemption(false, code, null, rejection.reason(), failures, true);
    }

    /**
     * Logs a committed rejection (LG-2: code id, reason, failure count; never the code or the
     * inputs) and gives the one generic exception to throw (EN-5).
     *
     * @param maxFailedAttempts failures that lock a code, to log the lock when it happens
     */
    public AuthenticationFailedException rejected(Redemption redemption, int maxFailedAttempts) {
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("purpose", redemption.code() == null ? "unknown" : redemption.code().purpose());
        ids.put("codeId", redemption.code() == null ? "none" : redemption.code().id());
        ids.put("patientId", redemption.code() == null ? "none" : redemption.code().patientId());
        ids.put("reason", redemption.reason());
        ids.put("failures", redemption.failures());
        SecurityLog.event("code_verification", "failure", ids);
        if (redemption.code() != null && redemption.failures() == maxFailedAttempts) {
            SecurityLog.event("code_lock", "locked", Map.of("codeId", redemption.code().id()));
        }
        return new AuthenticationFailedException();
    }

    /** A further check on the code's patient, made before the code is consumed. */
    @FunctionalInterface
    public interface Precondition {
        /**
         * Why the code must be refused for this patient; absent to accept it.
         *
         * @return a machine reason ({@code "already_enrolled"}), if refused
         */
        @Nullable String refusal(StorageTransaction tx, Patient patient);
    }

    /**
     * The outcome of {@link #redeem}. {@link #toString()} shows ids only.
     *
     * @param accepted whether the code was verified and consumed
     * @param code     the stored code, if one has the hash
     * @param patient  the code's patient when accepted, else null
     * @param reason   why it was rejected (internal, never told to the user), if it was
     * @param failures the code's attempt count after this call, as far as it is known
     * @param counted  whether this call's attempt is already counted in storage
     */
    public record Redemption(boolean accepted, @Nullable ActivationCodeRecord code, @Nullable Patient patient,
                             @Nullable String reason,
                             int failures, boolean counted) {
    }
}

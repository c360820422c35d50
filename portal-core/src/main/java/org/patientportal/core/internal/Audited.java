package org.patientportal.core.internal;

import java.util.Objects;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.PortalException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.PatientId;
import org.jspecify.annotations.Nullable;

/**
 * One audit event to write (AD-1): ids and codes only.
 *
 * @param patient  the patient whose data was touched or acted for; without one the event goes to its staff actor's chain or a shard (AuditWriter)
 * @param actor    who acted
 * @param action   create, read, update, delete or execute
 * @param category data category ({@code "patient"}, {@code "activation-code"}, {@code "account"}, ...)
 * @param recordId id of the record touched, if one
 * @param outcome  success, denied or failed
 * @param reason   machine reason for denied or failed outcomes
 */
public record Audited(@Nullable PatientId patient, AuditActor actor, AuditAction action, String category,
                      @Nullable String recordId, AuditOutcome outcome, @Nullable String reason) {

    /** Checks the required parts. */
    public Audited {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A successful event. */
    public static Audited success(PatientId patient, AuditActor actor, AuditAction action, String category,
                                  String recordId) {
        return new Audited(patient, actor, action, category, recordId, AuditOutcome.SUCCESS, null);
    }

    /**
     * The event of a call that ended with {@code failure}: DENIED for an {@link AccessDeniedException},
     * FAILED otherwise; the reason is the rule's reason for a {@link RuleViolationException}, the
     * exception's code for another {@link PortalException}, {@code "error"} for anything else.
     */
    public static Audited failure(PatientId patient, AuditActor actor, AuditAction action, String category,
                                  String recordId, Throwable failure) {
        AuditOutcome outcome = failure instanceof AccessDeniedException ? AuditOutcome.DENIED : AuditOutcome.FAILED;
        String reason;
        if (failure instanceof RuleViolationException rule) {
            reason = rule.reason();
        } else if (failure instanceof PortalException portal) {
            reason = portal.code();
        } else {
            reason = "error";
        }
        return new Audited(patient, actor, action, category, recordId, outcome, reason);
    }
}

package org.patientportal.core.internal;

import java.util.Objects;
import java.util.stream.Collectors;
import org.patientportal.core.Actor;
import org.patientportal.core.Role;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditActor;

/** Audit actors from SDK actors: ids only, never a name (LG-1). */
public final class AuditActors {
    private static final AuditActor ANONYMOUS = new AuditActor(ActorKind.ANONYMOUS, "anonymous", null);
    private static final AuditActor SYSTEM = new AuditActor(ActorKind.SYSTEM, "system", null);

    private AuditActors() {
    }

    /**
     * The audit actor of {@code actor}: a staff member with every role it holds (comma-separated),
     * a patient or proxy by account id; null gives {@link #anonymous()}.
     */
    public static AuditActor of(Actor actor) {
        if (actor == null) {
            return ANONYMOUS;
        }
        if (actor.kind() == ActorKind.STAFF) {
            String roles = actor.roles().stream().map(Role::name).sorted().collect(Collectors.joining(","));
            return new AuditActor(ActorKind.STAFF, actor.staffId().orElseThrow(), roles);
        }
        return new AuditActor(actor.kind(), actor.accountId().map(AccountId::toString).orElse("unknown"), null);
    }

    /** A staff member with the role used for the call (ST-2); other actors as {@link #of(Actor)}. */
    public static AuditActor of(Actor actor, Role used) {
        if (actor == null || used == null || actor.kind() != ActorKind.STAFF) {
            return of(actor);
        }
        return new AuditActor(ActorKind.STAFF, actor.staffId().orElseThrow(), used.name());
    }

    /** A patient acting through their account. */
    public static AuditActor account(AccountId account) {
        return new AuditActor(ActorKind.PATIENT, Objects.requireNonNull(account, "account").toString(), null);
    }

    /** Someone not authenticated (sign-up, login). */
    public static AuditActor anonymous() {
        return ANONYMOUS;
    }

    /** The SDK itself. */
    public static AuditActor system() {
        return SYSTEM;
    }
}

package org.patientportal.core.internal;

import java.util.Map;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.Role;
import org.patientportal.model.ActorKind;

/** Staff authorisation (ST-1): a role not listed for an operation is denied. */
public final class StaffAccess {
    private StaffAccess() {
    }

    /**
     * The first of {@code allowed} that {@code actor} holds.
     *
     * @param operation a fixed name for the security log ({@code "enrollment.registerPatient"})
     * @throws AccessDeniedException if the actor is not staff or holds none of the roles (logged, LG-2;
     *                               the caller audits it, AD-3)
     */
    public static Role require(Actor actor, String operation, Role... allowed) {
        if (actor != null && actor.kind() == ActorKind.STAFF) {
            for (Role role : allowed) {
                if (actor.hasRole(role)) {
                    return role;
                }
            }
        }
        SecurityLog.event("access", "denied", Map.of("operation", operation,
                "actor", actor == null ? "none" : actor.kind() + ":" + actor.staffId().orElse(
                        actor.accountId().map(Object::toString).orElse("unknown"))));
        throw new AccessDeniedException();
    }
}

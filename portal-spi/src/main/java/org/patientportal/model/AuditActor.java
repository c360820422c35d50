package org.patientportal.model;

import java.util.Objects;

/**
 * The actor of an audit event: ids only, never a name (LG-1).
 *
 * @param kind patient, proxy, staff, anonymous or system
 * @param id   the account id (patient, proxy), the host's staff id, or a fixed word; never null
 * @param role the staff role used (ST-2), or null
 */
public record AuditActor(ActorKind kind, String id, String role) {
    public AuditActor {
        Objects.requireNonNull(kind, "kind");
        Checks.notBlank(id, "id");
    }
}

package org.patientportal.core.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.patientportal.model.AuditEvent;

/**
 * The hash of an audit event (AD-2): HMAC-SHA256 with the {@link KeyPurpose#AUDIT_CHAIN} subkey over
 * every field but the hash itself, the previous event's hash included. Each field is written as
 * {@code <length>:<text>;} ({@code -;} for null), so no two events share a canonical form.
 */
public final class AuditHashes {
    /** Each thread's builder of canonical forms (reused: {@link #hash} calls nothing that hashes). */
    private static final ThreadLocal<StringBuilder> CANONICAL = ThreadLocal.withInitial(() -> new StringBuilder(512));

    private AuditHashes() {
    }

    /** The hash {@code event} should carry. */
    public static String hash(Keys keys, AuditEvent event) {
        Objects.requireNonNull(event, "event");
        StringBuilder canonical = CANONICAL.get();
        canonical.setLength(0);
        canonical.append("audit-v1;");
        field(canonical, event.id().value());
        field(canonical, event.chain());
        field(canonical, event.sequence());
        field(canonical, event.occurredAt());
        field(canonical, event.patientId() == null ? null : event.patientId().value());
        field(canonical, event.actor().kind());
        field(canonical, event.actor().id());
        field(canonical, event.actor().role());
        field(canonical, event.action());
        field(canonical, event.category());
        field(canonical, event.recordId());
        field(canonical, event.outcome());
        field(canonical, event.reason());
        field(canonical, event.previousHash());
        return keys.hmac(KeyPurpose.AUDIT_CHAIN, canonical);
    }

    private static void field(StringBuilder out, Object value) {
        if (value == null) {
            out.append("-;");
        } else if (value instanceof UUID id) {
            // an id's text (what its toString is), written in place
            UuidText.append(out.append(UuidText.LENGTH).append(':'), id).append(';');
        } else {
            String text = value instanceof Instant instant ? Time.text(instant) : value.toString();
            out.append(text.length()).append(':').append(text).append(';');
        }
    }
}

package org.patientportal.core.internal.audit;

import java.time.Instant;
import java.util.List;
import org.patientportal.core.audit.AuditCheckpoint;
import org.patientportal.core.internal.KeyPurpose;
import org.patientportal.core.internal.Keys;

/**
 * Signatures of checkpoint parts (AD-2): HMAC-SHA256 with the {@link KeyPurpose#AUDIT_CHECKPOINT}
 * subkey over the checkpoint's id and time, the part's number and last flag, and each head's chain,
 * sequence and hash, each field written as {@code <length>:<text>;} so no two parts share a form.
 */
final class AuditCheckpoints {
    private AuditCheckpoints() {
    }

    static String sign(Keys keys, String id, Instant takenAt, int part, boolean last, List<AuditCheckpoint.Head> heads) {
        StringBuilder canonical = new StringBuilder(64 + heads.size() * 128).append("audit-checkpoint-v1;");
        field(canonical, id);
        field(canonical, takenAt);
        field(canonical, part);
        field(canonical, last);
        field(canonical, heads.size());
        for (AuditCheckpoint.Head head : heads) {
            field(canonical, head.chain());
            field(canonical, head.sequence());
            field(canonical, head.hash());
        }
        return keys.hmac(KeyPurpose.AUDIT_CHECKPOINT, canonical.toString());
    }

    /** Whether {@code part} carries the signature this portal's key gives it. */
    static boolean genuine(Keys keys, AuditCheckpoint part) {
        return Keys.hashEquals(part.signature(),
                sign(keys, part.id(), part.takenAt(), part.part(), part.last(), part.heads()));
    }

    private static void field(StringBuilder out, Object value) {
        String text = value.toString();
        out.append(text.length()).append(':').append(text).append(';');
    }
}

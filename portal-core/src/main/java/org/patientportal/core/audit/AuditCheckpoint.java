package org.patientportal.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.patientportal.model.AuditChain;

/**
 * One part of a signed audit checkpoint (AD-2): the head of up to 1000 chains, in chain order, as
 * {@link AuditLog#checkpoint} found them, and an HMAC over the part under the host's key. A
 * checkpoint is its parts numbered from 0, the last one marked {@code last}; the host writes each to
 * storage the database's users cannot rewrite, and later hands them back to
 * {@link AuditLog#verify(Iterable)}. The signature covers every other field, so a part changed,
 * reordered, moved to another checkpoint or cut off is refused.
 *
 * @param id        the checkpoint's id, the same in each of its parts
 * @param takenAt   when the checkpoint was started
 * @param part      this part's place, from 0
 * @param last      whether this is the checkpoint's last part
 * @param heads     the heads this part covers, in chain order
 * @param signature HMAC-SHA256 of the part, 64 lowercase hex digits
 */
public record AuditCheckpoint(String id, Instant takenAt, int part, boolean last, List<Head> heads,
                              String signature) {
    /** Checks the parts and copies the list. */
    public AuditCheckpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(takenAt, "takenAt");
        if (part < 0) {
            throw new IllegalArgumentException("part must not be negative");
        }
        heads = List.copyOf(Objects.requireNonNull(heads, "heads"));
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * One chain's head when the checkpoint was taken.
     *
     * @param chain    the chain
     * @param sequence the sequence of its last event then, from 1
     * @param hash     that event's hash
     */
    public record Head(AuditChain chain, long sequence, String hash) {
        /** Checks the parts. */
        public Head {
            Objects.requireNonNull(chain, "chain");
            if (sequence < 1) {
                throw new IllegalArgumentException("sequence starts at 1");
            }
            Objects.requireNonNull(hash, "hash");
        }
    }
}

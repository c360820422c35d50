package org.patientportal.core.audit;

/**
 * Where {@link AuditLog#checkpoint} sends the parts of a checkpoint: the host's write-once storage
 * (an object store with a retention lock, a WORM volume, another organisation's log), out of reach
 * of whoever can write the portal's database.
 */
@FunctionalInterface
public interface AuditCheckpointSink {
    /**
     * Stores one part, in order. Throwing stops the checkpoint; the parts already written are not a
     * whole checkpoint (their last part is missing) and {@link AuditLog#verify(Iterable)} refuses them.
     *
     * @param part the next part
     */
    void write(AuditCheckpoint part);
}

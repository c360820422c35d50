package org.patientportal.spi.storage;

import java.util.Objects;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AuditChain;
import org.patientportal.model.PatientId;
import org.patientportal.model.SlotId;

/**
 * What a patient command (book, cancel, reschedule) reads before it writes, asked for at once so
 * that an adapter can answer it in one round trip ({@link StorageTransaction#readForCommand}).
 *
 * @param patient          the patient the command is for
 * @param chain            the audit chain whose head is locked first (the patient's)
 * @param idempotencyScope scope of the idempotency record to read, or null (with a null key)
 * @param idempotencyKey   key of the idempotency record to read, or null: none is read
 * @param slot             the slot to read, or null
 * @param appointment      the appointment to read, or null
 * @param waitlistLimit    0: nothing more; above 0 (with an appointment): also what freeing the
 *                         appointment's slot needs (SC-7): that slot, the patient's WAITING
 *                         wait-list entries for the appointment, and at most this many WAITING
 *                         entries the slot could be offered to (see {@link CommandSnapshot})
 */
public record CommandRead(PatientId patient, AuditChain chain, String idempotencyScope, String idempotencyKey,
                          SlotId slot, AppointmentId appointment, int waitlistLimit) {
    /** The most wait-list entries one read may ask for. */
    public static final int MAX_WAITLIST_LIMIT = 1000;

    public CommandRead {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(chain, "chain");
        if ((idempotencyScope == null) != (idempotencyKey == null)) {
            throw new IllegalArgumentException("idempotencyScope and idempotencyKey go together");
        }
        if (waitlistLimit < 0 || waitlistLimit > MAX_WAITLIST_LIMIT) {
            throw new IllegalArgumentException("waitlistLimit must be 0 to " + MAX_WAITLIST_LIMIT);
        }
        if (waitlistLimit > 0 && appointment == null) {
            throw new IllegalArgumentException("the wait list is read for an appointment");
        }
    }

    /**
     * A read without the wait list ({@code waitlistLimit} 0).
     *
     * @param patient          the patient the command is for
     * @param chain            the audit chain whose head is locked first
     * @param idempotencyScope scope of the idempotency record to read, or null
     * @param idempotencyKey   key of the idempotency record to read, or null
     * @param slot             the slot to read, or null
     * @param appointment      the appointment to read, or null
     */
    public CommandRead(PatientId patient, AuditChain chain, String idempotencyScope, String idempotencyKey,
                       SlotId slot, AppointmentId appointment) {
        this(patient, chain, idempotencyScope, idempotencyKey, slot, appointment, 0);
    }
}

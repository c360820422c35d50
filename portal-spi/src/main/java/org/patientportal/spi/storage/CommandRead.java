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
 */
public record CommandRead(PatientId patient, AuditChain chain, String idempotencyScope, String idempotencyKey,
                          SlotId slot, AppointmentId appointment) {
    public CommandRead {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(chain, "chain");
        if ((idempotencyScope == null) != (idempotencyKey == null)) {
            throw new IllegalArgumentException("idempotencyScope and idempotencyKey go together");
        }
    }
}

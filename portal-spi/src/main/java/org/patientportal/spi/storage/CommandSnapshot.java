package org.patientportal.spi.storage;

import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Account;
import org.patientportal.model.Appointment;
import org.patientportal.model.ChainHead;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.Patient;
import org.patientportal.model.Slot;

/**
 * The answer to a {@link CommandRead}: what the single reads would have returned, read after the
 * chain's head was locked.
 *
 * @param head              the locked head of the audit chain (as {@link AuditTrail#lockHead} returns it)
 * @param patient           the patient, if registered
 * @param account           the patient's account, if any
 * @param slot              the slot asked for, if asked for and found
 * @param appointment       the appointment asked for, if asked for and found
 * @param idempotencyRecord the idempotency record asked for, if asked for and found
 */
public record CommandSnapshot(ChainHead head, Optional<Patient> patient, Optional<Account> account,
                              Optional<Slot> slot, Optional<Appointment> appointment,
                              Optional<IdempotencyRecord> idempotencyRecord) {
    public CommandSnapshot {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(idempotencyRecord, "idempotencyRecord");
    }
}

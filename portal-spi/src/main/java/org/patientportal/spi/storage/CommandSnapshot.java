package org.patientportal.spi.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Account;
import org.patientportal.model.Appointment;
import org.patientportal.model.ChainHead;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.Patient;
import org.patientportal.model.Slot;
import org.patientportal.model.WaitlistEntry;

/**
 * The answer to a {@link CommandRead}: what the single reads would have returned, read after the
 * chain's head was locked.
 *
 * @param head               the locked head of the audit chain (as {@link AuditTrail#lockHead} returns it)
 * @param patient            the patient, if registered
 * @param account            the patient's account, if any
 * @param slot               the slot asked for, if asked for and found
 * @param appointment        the appointment asked for, if asked for and found
 * @param idempotencyRecord  the idempotency record asked for, if asked for and found
 * @param appointmentSlot    with a wait-list limit: the slot the appointment names, if both are found
 * @param appointmentEntries with a wait-list limit: the patient's WAITING wait-list entries for the
 *                           appointment, in id order (keyset order of {@link Waitlist#forPatient})
 * @param waiting            with a wait-list limit and the appointment's slot found: WAITING entries
 *                           of that slot's provider whose visit type is one of the slot's, in id order
 *                           (the order {@link Waitlist#waiting} serves them in), at most the limit:
 *                           fewer means these are all of them
 * @param waitingAppointments the appointments the {@code waiting} entries hold, as found, in id order
 * @param waitingAccounts    the accounts of the {@code waiting} entries' patients, as found, in id order
 */
public record CommandSnapshot(ChainHead head, Optional<Patient> patient, Optional<Account> account,
                              Optional<Slot> slot, Optional<Appointment> appointment,
                              Optional<IdempotencyRecord> idempotencyRecord, Optional<Slot> appointmentSlot,
                              List<WaitlistEntry> appointmentEntries, List<WaitlistEntry> waiting,
                              List<Appointment> waitingAppointments, List<Account> waitingAccounts) {
    public CommandSnapshot {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(idempotencyRecord, "idempotencyRecord");
        Objects.requireNonNull(appointmentSlot, "appointmentSlot");
        appointmentEntries = List.copyOf(appointmentEntries);
        waiting = List.copyOf(waiting);
        waitingAppointments = List.copyOf(waitingAppointments);
        waitingAccounts = List.copyOf(waitingAccounts);
    }

    /**
     * An answer without the wait-list parts (empty).
     *
     * @param head              the locked head of the audit chain
     * @param patient           the patient, if registered
     * @param account           the patient's account, if any
     * @param slot              the slot asked for, if asked for and found
     * @param appointment       the appointment asked for, if asked for and found
     * @param idempotencyRecord the idempotency record asked for, if asked for and found
     */
    public CommandSnapshot(ChainHead head, Optional<Patient> patient, Optional<Account> account,
                           Optional<Slot> slot, Optional<Appointment> appointment,
                           Optional<IdempotencyRecord> idempotencyRecord) {
        this(head, patient, account, slot, appointment, idempotencyRecord, Optional.empty(), List.of(), List.of(),
                List.of(), List.of());
    }
}

package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.StartCursor;

/** Patients' appointments (SC-3..SC-5). */
public interface Appointments {
    /**
     * Inserts a new BOOKED appointment (version 0) unless the patient already holds a BOOKED
     * appointment overlapping [{@code start}, {@code end}). The check and the insert are one atomic
     * step per patient, under any concurrency and across nodes (never a bare check-then-insert).
     *
     * @return whether it was inserted; false if an overlapping BOOKED appointment exists
     * @throws DuplicateKeyException if the id is taken
     */
    boolean insertIfNoOverlap(Appointment appointment);

    /** The appointment with this id. */
    Optional<Appointment> find(AppointmentId id);

    /**
     * Moves an appointment out of BOOKED (cancelled, rescheduled, completed, no-show) or between
     * those states: only {@code status}, {@code closedAt}, {@code closedBy} and {@code closeReason}
     * are written; the patient, slot and times never change, and a status of BOOKED is refused
     * with {@link IllegalArgumentException} (a booking goes through {@link #insertIfNoOverlap},
     * which keeps the no-overlap rule). Its version must be the stored version.
     *
     * @return it as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or it is gone
     */
    Appointment update(Appointment appointment);

    /**
     * {@link #update} for a caller that does not need the stored row: an adapter may send it with
     * the transaction's next statement or its commit (write-behind), whose call then throws the
     * {@link OptimisticLockException} of a stale version (the transaction cannot commit); what the
     * transaction reads after it sees it done. Of concurrent writers of one appointment, on any
     * node, at most one with a given version succeeds, as with {@link #update}.
     *
     * @throws OptimisticLockException now, or from the call that sends it, if the stored version
     *                                 differs or it is gone
     */
    default void updateBehind(Appointment appointment) {
        update(appointment);
    }

    /**
     * One page of the patient's appointments starting at or after {@code from}, any status, in
     * ascending (start, id) order (keyset pagination).
     *
     * @param after the (start, id) of the last row of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Appointment> upcoming(PatientId patient, Instant from, StartCursor after, int limit);

    /**
     * One page of the patient's appointments starting before {@code before}, any status, in
     * descending (start, id) order (keyset pagination).
     *
     * @param after the (start, id) of the last row of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Appointment> past(PatientId patient, Instant before, StartCursor after, int limit);
}

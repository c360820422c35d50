package org.patientportal.spi.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.patientportal.model.Account;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.ChainHead;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Slot;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;

/** The stores of one open transaction. Valid only inside {@link TransactionalWork#execute}. */
public interface StorageTransaction {
    /** Patients registered by the clinic. */
    Patients patients();

    /** Patients' portal accounts. */
    Accounts accounts();

    /** Activation and reset codes. */
    ActivationCodes activationCodes();

    /** Login sessions. */
    Sessions sessions();

    /** The append-only, hash-chained audit trail. */
    AuditTrail auditTrail();

    /** The transactional outbox of notifications. */
    Outbox outbox();

    /** First results of commands run with an idempotency key. */
    IdempotencyRecords idempotencyRecords();

    /** Proxy grants. */
    ProxyGrants proxyGrants();

    /** Notification preferences and SMS consent. */
    Preferences preferences();

    /** Departments and their time zones. */
    Departments departments();

    /** Providers. */
    Providers providers();

    /** Visit types. */
    VisitTypes visitTypes();

    /** Appointment slots. */
    Slots slots();

    /** Appointments. */
    Appointments appointments();

    /** After-visit summaries and diagnoses. */
    VisitSummaries visitSummaries();

    /** Requests for request-only visit types. */
    AppointmentRequests appointmentRequests();

    /** The wait list for earlier slots. */
    Waitlist waitlist();

    /** Prescriptions imported from the clinic's record (RF-1). */
    Prescriptions prescriptions();

    /** The pharmacy directory and preferred pharmacies (RF-4). */
    Pharmacies pharmacies();

    /** Refill requests (RF-2, RF-3, RF-7). */
    RefillRequests refillRequests();

    /** Health history entries (HH-1..HH-3). */
    HealthHistory healthHistory();

    /** Message threads and their unread counters (MS-1..MS-6). */
    MessageThreads messageThreads();

    /** The messages of threads (MS-1, MS-3). */
    Messages messages();

    /** Pools, pool members, topics and primary care providers (MS-1, MS-5, MS-6). */
    MessagingDirectory messagingDirectory();

    /** The clinic's zone and holidays (MS-6). */
    ClinicCalendar clinicCalendar();

    /** Test results, their versions and release state (RS-1..RS-8). */
    TestResults testResults();

    /** Requested changes of patients' email and mobile numbers (PR-2). */
    ContactChanges contactChanges();

    /**
     * Everything a patient command reads before it writes: locks the head of {@code read.chain()}
     * ({@link AuditTrail#lockHead}), then reads the patient, the patient's account, and the slot,
     * appointment and idempotency record asked for, in that order, so that a same-key retry
     * waiting on the lock sees what the first request committed (IN-1). With a wait-list limit it
     * then reads what freeing the appointment's slot needs (SC-7): that slot, the patient's
     * WAITING entries for the appointment, and the WAITING entries the slot could be offered to.
     *
     * <p>The default composes the stores' single reads; an adapter may answer it in one round
     * trip, with the same result (the kit's {@code CommandReadContracts} compare the two).
     *
     * @param read what to read
     * @return the locked head and what was found
     */
    default CommandSnapshot readForCommand(CommandRead read) {
        Objects.requireNonNull(read, "read");
        ChainHead head = auditTrail().lockHead(read.chain());
        Optional<Patient> patient = patients().find(read.patient());
        Optional<Account> account = accounts().findByPatient(read.patient());
        Optional<Slot> slot = read.slot() == null ? Optional.empty() : slots().find(read.slot());
        Optional<Appointment> appointment = read.appointment() == null ? Optional.empty()
                : appointments().find(read.appointment());
        Optional<IdempotencyRecord> record = read.idempotencyKey() == null ? Optional.empty()
                : idempotencyRecords().find(read.idempotencyScope(), read.idempotencyKey());
        if (read.waitlistLimit() == 0) {
            return new CommandSnapshot(head, patient, account, slot, appointment, record);
        }
        Optional<Slot> appointmentSlot = appointment.flatMap(a -> slots().find(a.slotId()));
        List<WaitlistEntry> entries = new ArrayList<>();
        WaitlistEntryId after = null;
        List<WaitlistEntry> page;
        do {
            page = waitlist().forPatient(read.patient(), after, CommandRead.MAX_WAITLIST_LIMIT);
            for (WaitlistEntry entry : page) {
                if (entry.appointmentId().equals(read.appointment()) && entry.status() == WaitlistStatus.WAITING) {
                    entries.add(entry);
                }
            }
            after = page.isEmpty() ? null : page.get(page.size() - 1).id();
        } while (page.size() == CommandRead.MAX_WAITLIST_LIMIT);
        List<WaitlistEntry> waiting = new ArrayList<>();
        if (appointmentSlot.isPresent()) {
            for (VisitTypeId type : appointmentSlot.get().visitTypes()) {
                waiting.addAll(waitlist().waiting(type, appointmentSlot.get().providerId(), null, read.waitlistLimit()));
            }
            waiting.sort(Comparator.comparing(e -> e.id().value(), Uuids.UNSIGNED_ORDER));
        }
        List<WaitlistEntry> served = waiting.subList(0, Math.min(waiting.size(), read.waitlistLimit()));
        List<Appointment> held = new ArrayList<>();
        List<Account> accounts = new ArrayList<>();
        Set<AppointmentId> heldIds = new HashSet<>();
        Set<PatientId> patients = new HashSet<>();
        for (WaitlistEntry entry : served) {
            if (heldIds.add(entry.appointmentId())) {
                appointments().find(entry.appointmentId()).ifPresent(held::add);
            }
            if (patients.add(entry.patientId())) {
                accounts().findByPatient(entry.patientId()).ifPresent(accounts::add);
            }
        }
        held.sort(Comparator.comparing(a -> a.id().value(), Uuids.UNSIGNED_ORDER));
        accounts.sort(Comparator.comparing(a -> a.id().value(), Uuids.UNSIGNED_ORDER));
        return new CommandSnapshot(head, patient, account, slot, appointment, record, appointmentSlot, entries,
                served, held, accounts);
    }
    /**
     * Books {@code appointment}'s slot for it and stores it: {@link Slots#book} with the
     * appointment's slot and id, then, only if that booked the slot,
     * {@link Appointments#insertIfNoOverlap} (SC-3: a slot is booked once; a patient holds no two
     * overlapping booked appointments).
     *
     * <p>The default does exactly that; an adapter may send both in one round trip with the same
     * result (the kit's {@code BookSlotContracts} compare the two).
     *
     * @param appointment a new BOOKED appointment (version 0)
     * @return {@link SlotBooking#BOOKED}; {@link SlotBooking#SLOT_TAKEN} (the slot was not open or
     *         is unknown: nothing written); or {@link SlotBooking#OVERLAPPING} (the slot is booked for
     *         the appointment, which is not stored: the caller rolls the transaction back)
     */
    default SlotBooking bookSlot(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        if (!slots().book(appointment.slotId(), appointment.id())) {
            return SlotBooking.SLOT_TAKEN;
        }
        return appointments().insertIfNoOverlap(appointment) ? SlotBooking.BOOKED : SlotBooking.OVERLAPPING;
    }

    /**
     * {@link #bookSlot} for a caller that goes on only if it books: a refusal is a
     * {@link SlotBookingRefusedException} carrying the outcome, and the transaction does not commit.
     * An adapter may write the booking behind, with the writes that follow it (portal-jdbc sends it
     * with the commit on PostgreSQL): the refusal then comes from a later call of this transaction or
     * from its commit, and until then the caller must not rely on the slot or the appointment being
     * stored (reads of this transaction send it first). The kit's {@code BookSlotContracts} hold both
     * methods to the same outcomes.
     *
     * <p>The default calls {@link #bookSlot} and throws at once.
     *
     * @param appointment a new BOOKED appointment (version 0)
     * @throws SlotBookingRefusedException with {@link SlotBooking#SLOT_TAKEN} or
     *                                     {@link SlotBooking#OVERLAPPING}, now or later in the transaction
     */
    default void bookSlotBehind(Appointment appointment) {
        SlotBooking outcome = bookSlot(appointment);
        if (outcome != SlotBooking.BOOKED) {
            throw new SlotBookingRefusedException(outcome, "Could not book appointment: " + (outcome
                    == SlotBooking.SLOT_TAKEN ? "the slot is not open" : "the patient holds an overlapping appointment"));
        }
    }
}

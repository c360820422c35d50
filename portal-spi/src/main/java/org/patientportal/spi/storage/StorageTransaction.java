package org.patientportal.spi.storage;

import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.ChainHead;

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
     * waiting on the lock sees what the first request committed (IN-1).
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
        return new CommandSnapshot(head, patients().find(read.patient()), accounts().findByPatient(read.patient()),
                read.slot() == null ? Optional.empty() : slots().find(read.slot()),
                read.appointment() == null ? Optional.empty() : appointments().find(read.appointment()),
                read.idempotencyKey() == null ? Optional.empty()
                        : idempotencyRecords().find(read.idempotencyScope(), read.idempotencyKey()));
    }
}

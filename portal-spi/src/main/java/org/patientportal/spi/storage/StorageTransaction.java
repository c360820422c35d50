package org.patientportal.spi.storage;

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
}

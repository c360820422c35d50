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

    /** Test results, their versions and release state (RS-1..RS-8). */
    TestResults testResults();
}

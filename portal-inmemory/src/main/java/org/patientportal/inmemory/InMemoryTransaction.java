package org.patientportal.inmemory;

import org.patientportal.spi.storage.Accounts;
import org.patientportal.spi.storage.ActivationCodes;
import org.patientportal.spi.storage.AppointmentRequests;
import org.patientportal.spi.storage.Appointments;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.Departments;
import org.patientportal.spi.storage.HealthHistory;
import org.patientportal.spi.storage.IdempotencyRecords;
import org.patientportal.spi.storage.Outbox;
import org.patientportal.spi.storage.Patients;
import org.patientportal.spi.storage.Pharmacies;
import org.patientportal.spi.storage.Preferences;
import org.patientportal.spi.storage.Prescriptions;
import org.patientportal.spi.storage.Providers;
import org.patientportal.spi.storage.ProxyGrants;
import org.patientportal.spi.storage.RefillRequests;
import org.patientportal.spi.storage.Sessions;
import org.patientportal.spi.storage.Slots;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TestResults;
import org.patientportal.spi.storage.VisitSummaries;
import org.patientportal.spi.storage.VisitTypes;
import org.patientportal.spi.storage.Waitlist;
import org.patientportal.spi.storage.ClinicCalendar;
import org.patientportal.spi.storage.ContactChanges;
import org.patientportal.spi.storage.MessageThreads;
import org.patientportal.spi.storage.Messages;
import org.patientportal.spi.storage.MessagingDirectory;

/** The stores of one in-memory transaction. */
final class InMemoryTransaction implements StorageTransaction {
    private final InMemoryPatients patients;
    private final InMemoryAccounts accounts;
    private final InMemoryActivationCodes activationCodes;
    private final InMemorySessions sessions;
    private final InMemoryAuditTrail auditTrail;
    private final InMemoryOutbox outbox;
    private final InMemoryIdempotencyRecords idempotencyRecords;
    private final InMemoryProxyGrants proxyGrants;
    private final InMemoryPreferences preferences;
    private final InMemoryDepartments departments;
    private final InMemoryProviders providers;
    private final InMemoryVisitTypes visitTypes;
    private final InMemorySlots slots;
    private final InMemoryAppointments appointments;
    private final InMemoryVisitSummaries visitSummaries;
    private final InMemoryAppointmentRequests appointmentRequests;
    private final InMemoryWaitlist waitlist;
    private final InMemoryPrescriptions prescriptions;
    private final InMemoryPharmacies pharmacies;
    private final InMemoryRefillRequests refillRequests;
    private final InMemoryHealthHistory healthHistory;
    private final InMemoryMessageThreads messageThreads;
    private final InMemoryMessages messages;
    private final InMemoryMessagingDirectory messagingDirectory;
    private final InMemoryClinicCalendar clinicCalendar;
    private final InMemoryTestResults testResults;
    private final InMemoryContactChanges contactChanges;

    InMemoryTransaction(InMemoryStorage.Data data, Transaction tx) {
        patients = new InMemoryPatients(data.patients, tx);
        accounts = new InMemoryAccounts(data.accounts, tx);
        activationCodes = new InMemoryActivationCodes(data.activationCodes, tx);
        sessions = new InMemorySessions(data.sessions, tx);
        auditTrail = new InMemoryAuditTrail(data.auditTrail, tx);
        outbox = new InMemoryOutbox(data.outbox, tx);
        idempotencyRecords = new InMemoryIdempotencyRecords(data.idempotencyRecords, tx);
        proxyGrants = new InMemoryProxyGrants(data.proxyGrants, tx);
        preferences = new InMemoryPreferences(data.preferences, tx);
        departments = new InMemoryDepartments(data.departments, tx);
        providers = new InMemoryProviders(data.providers, tx);
        visitTypes = new InMemoryVisitTypes(data.visitTypes, tx);
        slots = new InMemorySlots(data.slots, tx);
        appointments = new InMemoryAppointments(data.appointments, tx);
        visitSummaries = new InMemoryVisitSummaries(data.visitSummaries, tx);
        appointmentRequests = new InMemoryAppointmentRequests(data.appointmentRequests, tx);
        waitlist = new InMemoryWaitlist(data.waitlist, tx);
        prescriptions = new InMemoryPrescriptions(data.prescriptions, tx);
        pharmacies = new InMemoryPharmacies(data.pharmacies, tx);
        refillRequests = new InMemoryRefillRequests(data.refillRequests, tx);
        healthHistory = new InMemoryHealthHistory(data.healthHistory, tx);
        messageThreads = new InMemoryMessageThreads(data.messageThreads, tx);
        messages = new InMemoryMessages(data.messages, tx);
        messagingDirectory = new InMemoryMessagingDirectory(data.messagingDirectory, tx);
        clinicCalendar = new InMemoryClinicCalendar(data.clinicCalendar, tx);
        testResults = new InMemoryTestResults(data.testResults, tx);
        contactChanges = new InMemoryContactChanges(data.contactChanges, tx);
    }

    @Override
    public Patients patients() {
        return patients;
    }

    @Override
    public Accounts accounts() {
        return accounts;
    }

    @Override
    public ActivationCodes activationCodes() {
        return activationCodes;
    }

    @Override
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public IdempotencyRecords idempotencyRecords() {
        return idempotencyRecords;
    }

    @Override
    public ProxyGrants proxyGrants() {
        return proxyGrants;
    }

    @Override
    public Preferences preferences() {
        return preferences;
    }

    @Override
    public Departments departments() {
        return departments;
    }

    @Override
    public Providers providers() {
        return providers;
    }

    @Override
    public VisitTypes visitTypes() {
        return visitTypes;
    }

    @Override
    public Slots slots() {
        return slots;
    }

    @Override
    public Appointments appointments() {
        return appointments;
    }

    @Override
    public VisitSummaries visitSummaries() {
        return visitSummaries;
    }

    @Override
    public AppointmentRequests appointmentRequests() {
        return appointmentRequests;
    }

    @Override
    public Waitlist waitlist() {
        return waitlist;
    }

    @Override
    public Prescriptions prescriptions() {
        return prescriptions;
    }

    @Override
    public Pharmacies pharmacies() {
        return pharmacies;
    }

    @Override
    public RefillRequests refillRequests() {
        return refillRequests;
    }

    @Override
    public HealthHistory healthHistory() {
        return healthHistory;
    }

    @Override
    public MessageThreads messageThreads() {
        return messageThreads;
    }

    @Override
    public Messages messages() {
        return messages;
    }

    @Override
    public MessagingDirectory messagingDirectory() {
        return messagingDirectory;
    }

    @Override
    public ClinicCalendar clinicCalendar() {
        return clinicCalendar;
    }

    @Override
    public TestResults testResults() {
        return testResults;
    }

    @Override
    public ContactChanges contactChanges() {
        return contactChanges;
    }
}

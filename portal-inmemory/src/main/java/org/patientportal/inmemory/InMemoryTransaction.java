package org.patientportal.inmemory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
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

/**
 * The stores of one in-memory transaction. Each store is handed out behind a proxy that makes every
 * call one statement of the transaction ({@link Transaction#beginStatement}): no commit is applied
 * halfway through it, so what one call reads is consistent, and a later call sees every write of a
 * commit an earlier one saw a part of.
 */
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

    private final Transaction tx;
    private final Map<Class<?>, Object> statements = new HashMap<>();

    InMemoryTransaction(InMemoryStorage.Data data, Transaction tx) {
        this.tx = tx;
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
        return statement(Patients.class, patients);
    }

    @Override
    public Accounts accounts() {
        return statement(Accounts.class, accounts);
    }

    @Override
    public ActivationCodes activationCodes() {
        return statement(ActivationCodes.class, activationCodes);
    }

    @Override
    public Sessions sessions() {
        return statement(Sessions.class, sessions);
    }

    @Override
    public AuditTrail auditTrail() {
        return statement(AuditTrail.class, auditTrail);
    }

    @Override
    public Outbox outbox() {
        return statement(Outbox.class, outbox);
    }

    @Override
    public IdempotencyRecords idempotencyRecords() {
        return statement(IdempotencyRecords.class, idempotencyRecords);
    }

    @Override
    public ProxyGrants proxyGrants() {
        return statement(ProxyGrants.class, proxyGrants);
    }

    @Override
    public Preferences preferences() {
        return statement(Preferences.class, preferences);
    }

    @Override
    public Departments departments() {
        return statement(Departments.class, departments);
    }

    @Override
    public Providers providers() {
        return statement(Providers.class, providers);
    }

    @Override
    public VisitTypes visitTypes() {
        return statement(VisitTypes.class, visitTypes);
    }

    @Override
    public Slots slots() {
        return statement(Slots.class, slots);
    }

    @Override
    public Appointments appointments() {
        return statement(Appointments.class, appointments);
    }

    @Override
    public VisitSummaries visitSummaries() {
        return statement(VisitSummaries.class, visitSummaries);
    }

    @Override
    public AppointmentRequests appointmentRequests() {
        return statement(AppointmentRequests.class, appointmentRequests);
    }

    @Override
    public Waitlist waitlist() {
        return statement(Waitlist.class, waitlist);
    }

    @Override
    public Prescriptions prescriptions() {
        return statement(Prescriptions.class, prescriptions);
    }

    @Override
    public Pharmacies pharmacies() {
        return statement(Pharmacies.class, pharmacies);
    }

    @Override
    public RefillRequests refillRequests() {
        return statement(RefillRequests.class, refillRequests);
    }

    @Override
    public HealthHistory healthHistory() {
        return statement(HealthHistory.class, healthHistory);
    }

    @Override
    public MessageThreads messageThreads() {
        return statement(MessageThreads.class, messageThreads);
    }

    @Override
    public Messages messages() {
        return statement(Messages.class, messages);
    }

    @Override
    public MessagingDirectory messagingDirectory() {
        return statement(MessagingDirectory.class, messagingDirectory);
    }

    @Override
    public ClinicCalendar clinicCalendar() {
        return statement(ClinicCalendar.class, clinicCalendar);
    }

    @Override
    public TestResults testResults() {
        return statement(TestResults.class, testResults);
    }

    /** The store behind a proxy that runs each call as one statement, made on first use. */
    private <S> S statement(Class<S> port, S store) {
        return port.cast(statements.computeIfAbsent(port, p -> Proxy.newProxyInstance(port.getClassLoader(),
                new Class<?>[] {port}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(store, args);
                    }
                    tx.beginStatement();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        tx.endStatement();
                    }
                })));
    }

    @Override
    public ContactChanges contactChanges() {
        return contactChanges;
    }
}

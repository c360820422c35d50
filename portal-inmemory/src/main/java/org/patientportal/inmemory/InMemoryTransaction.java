package org.patientportal.inmemory;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
 * The stores of one in-memory transaction. Each store is handed out behind a wrapper that makes
 * every call one statement of the transaction ({@link Transaction#beginStatement}): plain
 * delegating code for the stores a booking uses ({@link StatementStores}), a reflective proxy for
 * the others. No commit is applied halfway through it, so what one call reads is consistent, and a later call sees every write of a
 * commit an earlier one saw a part of.
 */
final class InMemoryTransaction implements StorageTransaction {
    /** Each port's proxy class's constructor, found once per class loader's port. */
    private static final Map<Class<?>, Constructor<?>> PROXY_CONSTRUCTORS = new ConcurrentHashMap<>();

    private final InMemoryStorage.Data data;
    private final Transaction tx;
    /** The other stores used so far, each made (and registered with the transaction) on first use. */
    private final Map<Class<?>, Object> statements = new HashMap<>();
    // The stores of the booking path, each made on first use (a field each: no map lookup per call).
    private Patients patients;
    private Accounts accounts;
    private AuditTrail auditTrail;
    private Outbox outbox;
    private IdempotencyRecords idempotencyRecords;
    private Slots slots;
    private Appointments appointments;

    InMemoryTransaction(InMemoryStorage.Data data, Transaction tx) {
        this.data = data;
        this.tx = tx;
    }

    @Override
    public Patients patients() {
        if (patients == null) {
            patients = new StatementStores.StatementPatients(new InMemoryPatients(data.patients, tx), tx);
        }
        return patients;
    }

    @Override
    public Accounts accounts() {
        if (accounts == null) {
            accounts = new StatementStores.StatementAccounts(new InMemoryAccounts(data.accounts, tx), tx);
        }
        return accounts;
    }

    @Override
    public ActivationCodes activationCodes() {
        return statement(ActivationCodes.class, () -> new InMemoryActivationCodes(data.activationCodes, tx));
    }

    @Override
    public Sessions sessions() {
        return statement(Sessions.class, () -> new InMemorySessions(data.sessions, tx));
    }

    @Override
    public AuditTrail auditTrail() {
        if (auditTrail == null) {
            auditTrail = new StatementStores.StatementAuditTrail(new InMemoryAuditTrail(data.auditTrail, tx), tx);
        }
        return auditTrail;
    }

    @Override
    public Outbox outbox() {
        if (outbox == null) {
            outbox = new StatementStores.StatementOutbox(new InMemoryOutbox(data.outbox, tx), tx);
        }
        return outbox;
    }

    @Override
    public IdempotencyRecords idempotencyRecords() {
        if (idempotencyRecords == null) {
            idempotencyRecords = new StatementStores.StatementIdempotencyRecords(
                    new InMemoryIdempotencyRecords(data.idempotencyRecords, tx), tx);
        }
        return idempotencyRecords;
    }

    @Override
    public ProxyGrants proxyGrants() {
        return statement(ProxyGrants.class, () -> new InMemoryProxyGrants(data.proxyGrants, tx));
    }

    @Override
    public Preferences preferences() {
        return statement(Preferences.class, () -> new InMemoryPreferences(data.preferences, tx));
    }

    @Override
    public Departments departments() {
        return statement(Departments.class, () -> new InMemoryDepartments(data.departments, tx));
    }

    @Override
    public Providers providers() {
        return statement(Providers.class, () -> new InMemoryProviders(data.providers, tx));
    }

    @Override
    public VisitTypes visitTypes() {
        return statement(VisitTypes.class, () -> new InMemoryVisitTypes(data.visitTypes, tx));
    }

    @Override
    public Slots slots() {
        if (slots == null) {
            slots = new StatementStores.StatementSlots(new InMemorySlots(data.slots, tx), tx);
        }
        return slots;
    }

    @Override
    public Appointments appointments() {
        if (appointments == null) {
            appointments = new StatementStores.StatementAppointments(new InMemoryAppointments(data.appointments, tx), tx);
        }
        return appointments;
    }

    @Override
    public VisitSummaries visitSummaries() {
        return statement(VisitSummaries.class, () -> new InMemoryVisitSummaries(data.visitSummaries, tx));
    }

    @Override
    public AppointmentRequests appointmentRequests() {
        return statement(AppointmentRequests.class, () -> new InMemoryAppointmentRequests(data.appointmentRequests, tx));
    }

    @Override
    public Waitlist waitlist() {
        return statement(Waitlist.class, () -> new InMemoryWaitlist(data.waitlist, tx));
    }

    @Override
    public Prescriptions prescriptions() {
        return statement(Prescriptions.class, () -> new InMemoryPrescriptions(data.prescriptions, tx));
    }

    @Override
    public Pharmacies pharmacies() {
        return statement(Pharmacies.class, () -> new InMemoryPharmacies(data.pharmacies, tx));
    }

    @Override
    public RefillRequests refillRequests() {
        return statement(RefillRequests.class, () -> new InMemoryRefillRequests(data.refillRequests, tx));
    }

    @Override
    public HealthHistory healthHistory() {
        return statement(HealthHistory.class, () -> new InMemoryHealthHistory(data.healthHistory, tx));
    }

    @Override
    public MessageThreads messageThreads() {
        return statement(MessageThreads.class, () -> new InMemoryMessageThreads(data.messageThreads, tx));
    }

    @Override
    public Messages messages() {
        return statement(Messages.class, () -> new InMemoryMessages(data.messages, tx));
    }

    @Override
    public MessagingDirectory messagingDirectory() {
        return statement(MessagingDirectory.class, () -> new InMemoryMessagingDirectory(data.messagingDirectory, tx));
    }

    @Override
    public ClinicCalendar clinicCalendar() {
        return statement(ClinicCalendar.class, () -> new InMemoryClinicCalendar(data.clinicCalendar, tx));
    }

    @Override
    public TestResults testResults() {
        return statement(TestResults.class, () -> new InMemoryTestResults(data.testResults, tx));
    }

    /** The store behind a proxy that runs each call as one statement, made on first use. */
    private <S> S statement(Class<S> port, Supplier<S> newStore) {
        Object existing = statements.get(port);
        if (existing != null) {
            return port.cast(existing);
        }
        S store = newStore.get();
        InvocationHandler handler = (proxy, method, args) -> {
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
                };
        S proxy = port.cast(newProxy(port, handler));
        statements.put(port, proxy);
        return proxy;
    }

    /** A new proxy of the port, through its proxy class's constructor (looked up once, not per transaction). */
    private static Object newProxy(Class<?> port, InvocationHandler handler) {
        Constructor<?> constructor = PROXY_CONSTRUCTORS.computeIfAbsent(port, p -> {
            try {
                return Proxy.newProxyInstance(p.getClassLoader(), new Class<?>[] {p}, handler).getClass()
                        .getConstructor(InvocationHandler.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no proxy constructor for " + p.getName(), e);
            }
        });
        try {
            return constructor.newInstance(handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a proxy of " + port.getName(), e);
        }
    }

    @Override
    public ContactChanges contactChanges() {
        return statement(ContactChanges.class, () -> new InMemoryContactChanges(data.contactChanges, tx));
    }
}

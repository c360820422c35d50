package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.StartCursor;
import org.patientportal.spi.storage.Accounts;
import org.patientportal.spi.storage.Appointments;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.IdempotencyRecords;
import org.patientportal.spi.storage.LoginLockout;
import org.patientportal.spi.storage.Outbox;
import org.patientportal.spi.storage.Patients;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.Slots;

/**
 * Plain delegating wrappers that run each call of the stores on the booking path as one statement
 * ({@link Transaction#beginStatement}), as the reflective proxy of {@link InMemoryTransaction} does
 * for the other stores, without its reflective call and argument array.
 */
final class StatementStores {
    private StatementStores() {
    }

    /** {@link Slots}, each call one statement. */
    static final class StatementSlots implements Slots {
        private final Slots store;
        private final Transaction tx;

        StatementSlots(Slots store, Transaction tx) {
            this.store = store;
            this.tx = tx;
        }

        @Override
        public void insertAll(List<Slot> slots) {
            tx.beginStatement();
            try {
                store.insertAll(slots);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public void insertAllWithoutOverlap(List<Slot> slots) {
            tx.beginStatement();
            try {
                store.insertAllWithoutOverlap(slots);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<Slot> find(SlotId id) {
            tx.beginStatement();
            try {
                return store.find(id);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<Slot> findOpen(SlotQuery query, StartCursor after, int limit) {
            tx.beginStatement();
            try {
                return store.findOpen(query, after, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<Slot> overlapping(ProviderId provider, Instant from, Instant to) {
            tx.beginStatement();
            try {
                return store.overlapping(provider, from, to);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public boolean book(SlotId id, AppointmentId appointment) {
            tx.beginStatement();
            try {
                return store.book(id, appointment);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public boolean release(SlotId id, AppointmentId appointment) {
            tx.beginStatement();
            try {
                return store.release(id, appointment);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public boolean close(SlotId id) {
            tx.beginStatement();
            try {
                return store.close(id);
            } finally {
                tx.endStatement();
            }
        }
    }

    /** {@link Appointments}, each call one statement. */
    static final class StatementAppointments implements Appointments {
        private final Appointments store;
        private final Transaction tx;

        StatementAppointments(Appointments store, Transaction tx) {
            this.store = store;
            this.tx = tx;
        }

        @Override
        public boolean insertIfNoOverlap(Appointment appointment) {
            tx.beginStatement();
            try {
                return store.insertIfNoOverlap(appointment);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<Appointment> find(AppointmentId id) {
            tx.beginStatement();
            try {
                return store.find(id);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Appointment update(Appointment appointment) {
            tx.beginStatement();
            try {
                return store.update(appointment);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<Appointment> upcoming(PatientId patient, Instant from, StartCursor after, int limit) {
            tx.beginStatement();
            try {
                return store.upcoming(patient, from, after, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<Appointment> past(PatientId patient, Instant before, StartCursor after, int limit) {
            tx.beginStatement();
            try {
                return store.past(patient, before, after, limit);
            } finally {
                tx.endStatement();
            }
        }
    }

    /** {@link AuditTrail}, each call one statement. */
    static final class StatementAuditTrail implements AuditTrail {
        private final AuditTrail store;
        private final Transaction tx;

        StatementAuditTrail(AuditTrail store, Transaction tx) {
            this.store = store;
            this.tx = tx;
        }

        @Override
        public ChainHead lockHead(AuditChain chain) {
            tx.beginStatement();
            try {
                return store.lockHead(chain);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public void append(AuditEvent event) {
            tx.beginStatement();
            try {
                store.append(event);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public void appendAll(List<AuditEvent> events) {
            tx.beginStatement();
            try {
                store.appendAll(events);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<ChainHead> head(AuditChain chain) {
            tx.beginStatement();
            try {
                return store.head(chain);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<AuditEvent> events(AuditChain chain, long afterSequence, int limit) {
            tx.beginStatement();
            try {
                return store.events(chain, afterSequence, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<ChainHead> chains(AuditChain after, int limit) {
            tx.beginStatement();
            try {
                return store.chains(after, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<ChainHead> eventChains(AuditChain after, int limit) {
            tx.beginStatement();
            try {
                return store.eventChains(after, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<AuditEvent> accessesByOthers(AuditChain chain, long beforeSequence, int limit) {
            tx.beginStatement();
            try {
                return store.accessesByOthers(chain, beforeSequence, limit);
            } finally {
                tx.endStatement();
            }
        }
    }

    /** {@link Outbox}, each call one statement. */
    static final class StatementOutbox implements Outbox {
        private final Outbox store;
        private final Transaction tx;

        StatementOutbox(Outbox store, Transaction tx) {
            this.store = store;
            this.tx = tx;
        }

        @Override
        public void enqueue(OutboxEntry entry) {
            tx.beginStatement();
            try {
                store.enqueue(entry);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<OutboxEntry> find(OutboxEntryId id) {
            tx.beginStatement();
            try {
                return store.find(id);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<OutboxEntry> claimDue(Instant now, int limit, String claimToken, Instant claimExpiresAt) {
            tx.beginStatement();
            try {
                return store.claimDue(now, limit, claimToken, claimExpiresAt);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public boolean markDelivered(OutboxEntryId id, String claimToken, Instant at) {
            tx.beginStatement();
            try {
                return store.markDelivered(id, claimToken, at);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Set<OutboxEntryId> markAllDelivered(Collection<OutboxEntryId> ids, String claimToken, Instant at) {
            tx.beginStatement();
            try {
                return store.markAllDelivered(ids, claimToken, at);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public boolean markFailed(OutboxEntryId id, String claimToken, String error, Instant nextAttemptAt) {
            tx.beginStatement();
            try {
                return store.markFailed(id, claimToken, error, nextAttemptAt);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public boolean markDead(OutboxEntryId id, String claimToken, String error, Instant at) {
            tx.beginStatement();
            try {
                return store.markDead(id, claimToken, error, at);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public boolean requeue(OutboxEntryId id, Instant at) {
            tx.beginStatement();
            try {
                return store.requeue(id, at);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<OutboxEntry> deadLetterLapsed(Instant now, int maxAttempts, String error, int limit) {
            tx.beginStatement();
            try {
                return store.deadLetterLapsed(now, maxAttempts, error, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public int cancelPending(String correlationKey, Instant at) {
            tx.beginStatement();
            try {
                return store.cancelPending(correlationKey, at);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public int purgeCompleted(Instant completedBefore, int limit) {
            tx.beginStatement();
            try {
                return store.purgeCompleted(completedBefore, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<OutboxEntry> dead(OutboxEntryId after, int limit) {
            tx.beginStatement();
            try {
                return store.dead(after, limit);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Map<OutboxStatus, Long> countByStatus() {
            tx.beginStatement();
            try {
                return store.countByStatus();
            } finally {
                tx.endStatement();
            }
        }
    }

    /** {@link IdempotencyRecords}, each call one statement. */
    static final class StatementIdempotencyRecords implements IdempotencyRecords {
        private final IdempotencyRecords store;
        private final Transaction tx;

        StatementIdempotencyRecords(IdempotencyRecords store, Transaction tx) {
            this.store = store;
            this.tx = tx;
        }

        @Override
        public Optional<IdempotencyRecord> find(String scope, String key) {
            tx.beginStatement();
            try {
                return store.find(scope, key);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public void insert(IdempotencyRecord record) {
            tx.beginStatement();
            try {
                store.insert(record);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public int purgeCreatedBefore(Instant createdBefore, int limit) {
            tx.beginStatement();
            try {
                return store.purgeCreatedBefore(createdBefore, limit);
            } finally {
                tx.endStatement();
            }
        }
    }

    /** {@link Patients}, each call one statement. */
    static final class StatementPatients implements Patients {
        private final Patients store;
        private final Transaction tx;

        StatementPatients(Patients store, Transaction tx) {
            this.store = store;
            this.tx = tx;
        }

        @Override
        public void insert(Patient patient) {
            tx.beginStatement();
            try {
                store.insert(patient);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<Patient> find(PatientId id) {
            tx.beginStatement();
            try {
                return store.find(id);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<Patient> findByMrn(String mrn) {
            tx.beginStatement();
            try {
                return store.findByMrn(mrn);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<Patient> findByMobile(String mobile) {
            tx.beginStatement();
            try {
                return store.findByMobile(mobile);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Patient update(Patient patient) {
            tx.beginStatement();
            try {
                return store.update(patient);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public List<Patient> page(PatientId after, int limit) {
            tx.beginStatement();
            try {
                return store.page(after, limit);
            } finally {
                tx.endStatement();
            }
        }
    }

    /** {@link Accounts}, each call one statement. */
    static final class StatementAccounts implements Accounts {
        private final Accounts store;
        private final Transaction tx;

        StatementAccounts(Accounts store, Transaction tx) {
            this.store = store;
            this.tx = tx;
        }

        @Override
        public void insert(Account account) {
            tx.beginStatement();
            try {
                store.insert(account);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<Account> find(AccountId id) {
            tx.beginStatement();
            try {
                return store.find(id);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<Account> findByUsernameKey(String usernameKey) {
            tx.beginStatement();
            try {
                return store.findByUsernameKey(usernameKey);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Optional<Account> findByPatient(PatientId patientId) {
            tx.beginStatement();
            try {
                return store.findByPatient(patientId);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public Account update(Account account) {
            tx.beginStatement();
            try {
                return store.update(account);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public int recordLoginFailure(AccountId id, Instant at, LoginLockout lockout) {
            tx.beginStatement();
            try {
                return store.recordLoginFailure(id, at, lockout);
            } finally {
                tx.endStatement();
            }
        }

        @Override
        public void resetLoginFailures(AccountId id) {
            tx.beginStatement();
            try {
                store.resetLoginFailures(id);
            } finally {
                tx.endStatement();
            }
        }
    }
}

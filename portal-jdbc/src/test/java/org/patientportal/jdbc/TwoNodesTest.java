package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Channel;
import org.patientportal.model.Department;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitType;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * Two nodes of a host: two {@link JdbcStorage} instances, each with its own connection pool, on one
 * PostgreSQL database. Every concurrency guarantee holds across them.
 */
class TwoNodesTest {
    private static final int THREADS = 16;
    private static TestDatabases.TestDatabase first;
    private static TestDatabases.TestDatabase second;
    private static PortalStorage[] nodes;

    @BeforeAll
    static void start() {
        first = TestDatabases.postgres();
        nodes = new PortalStorage[] {JdbcStorage.create(first.dataSource()), null};
        // The second node gets its own pool on the same database.
        second = new TestDatabases.TestDatabase(pool(first), () -> { });
        nodes[1] = JdbcStorage.create(second.dataSource());
    }

    private static javax.sql.DataSource pool(TestDatabases.TestDatabase db) {
        com.zaxxer.hikari.HikariDataSource one = (com.zaxxer.hikari.HikariDataSource) db.dataSource().target();
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(one.getJdbcUrl());
        config.setMaximumPoolSize(20);
        config.setPoolName(one.getPoolName() + "-node2");
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    @AfterAll
    static void stop() {
        ((com.zaxxer.hikari.HikariDataSource) second.dataSource().target()).close();
        first.close();
    }

    private static <T> T on(int node, TransactionalWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return nodes[node % 2].inTransaction(work);
            } catch (TransientStorageException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    @Test
    @DisplayName("an activation code is consumed once across both nodes (EN-4)")
    void codeConsumedOnce() throws Exception {
        Patient patient = Fixtures.patient();
        ActivationCodeRecord code = Fixtures.code(patient.id(), Fixtures.T0);
        on(0, tx -> {
            tx.patients().insert(patient);
            tx.activationCodes().insert(code);
            return null;
        });
        List<Boolean> consumed = JdbcStorageTest.runConcurrently(THREADS,
                i -> on(i, tx -> tx.activationCodes().consume(code.id(), Fixtures.T0)));
        assertThat(consumed).containsOnlyOnce(true).hasSize(THREADS);
    }

    @Test
    @DisplayName("one username key, inserted concurrently on both nodes, gives one account (AU-1)")
    void usernameOnce() throws Exception {
        String key = Fixtures.unique("jdoe");
        List<Object> outcomes = JdbcStorageTest.runConcurrently(THREADS, i -> {
            Patient patient = Fixtures.patient();
            Account base = Fixtures.account(patient.id());
            Account account = new Account(base.id(), base.patientId(), base.username(), key, base.passwordHash(),
                    base.status(), 0, null, base.createdAt(), base.passwordChangedAt(), 0);
            try {
                return on(i, (StorageTransaction tx) -> {
                    tx.patients().insert(patient);
                    tx.accounts().insert(account);
                    return "ok";
                });
            } catch (DuplicateKeyException e) {
                return e;
            }
        });
        assertThat(outcomes).containsOnlyOnce("ok");
        assertThat(outcomes).filteredOn(DuplicateKeyException.class::isInstance).hasSize(THREADS - 1);
    }

    @Test
    @DisplayName("outbox claims from both nodes are disjoint and together cover every due entry (NT-2)")
    void claimsDisjoint() throws Exception {
        int total = 200;
        on(0, tx -> {
            for (int i = 0; i < total; i++) {
                tx.outbox().enqueue(Fixtures.outbox(Fixtures.T0.plusMillis(i)));
            }
            return null;
        });
        Instant now = Fixtures.T0.plusSeconds(60);
        List<List<OutboxEntry>> claims = JdbcStorageTest.runConcurrently(8, i -> {
            List<OutboxEntry> mine = new ArrayList<>();
            while (true) {
                List<OutboxEntry> got = on(i, tx -> tx.outbox().claimDue(now, 5, "node" + i % 2 + "-" + i,
                        now.plusSeconds(600)));
                if (got.isEmpty()) {
                    return mine;
                }
                mine.addAll(got);
            }
        });
        Set<UUID> ids = new HashSet<>();
        int count = 0;
        for (List<OutboxEntry> claim : claims) {
            for (OutboxEntry entry : claim) {
                ids.add(entry.id().value());
                count++;
            }
        }
        assertThat(count).isEqualTo(total);
        assertThat(ids).hasSize(total);
    }

    @Test
    @DisplayName("appenders on both nodes keep one chain unbroken (AD-2)")
    void auditChain() throws Exception {
        AuditChain chain = AuditChain.of(PatientId.newId());
        JdbcStorageTest.runConcurrently(THREADS, i -> on(i, tx -> {
            ChainHead head = tx.auditTrail().lockHead(chain);
            tx.auditTrail().append(Fixtures.event(chain, head.sequence() + 1, head.hash()));
            return null;
        }));
        List<AuditEvent> events = on(0, tx -> tx.auditTrail().events(chain, 0, 100));
        assertThat(events).hasSize(THREADS);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).sequence()).isEqualTo(i + 1);
            assertThat(events.get(i).previousHash()).isEqualTo(i == 0 ? "" : events.get(i - 1).hash());
        }
    }

    @Test
    @DisplayName("a proxy grant revoked concurrently on both nodes is revoked once, by the one that says so (PX-3)")
    void grantRevokedOnce() throws Exception {
        Patient parent = Fixtures.patient();
        Account proxy = Fixtures.account(parent.id());
        Patient child = Fixtures.patient();
        ProxyGrant grant = Fixtures.grant(proxy.id(), child.id());
        on(0, tx -> {
            tx.patients().insert(parent);
            tx.accounts().insert(proxy);
            tx.patients().insert(child);
            tx.proxyGrants().insert(grant);
            return null;
        });
        List<Boolean> revoked = JdbcStorageTest.runConcurrently(THREADS,
                i -> on(i, tx -> tx.proxyGrants().revoke(grant.id(), "node" + i % 2 + "-" + i, Fixtures.T0.plusSeconds(i))));
        assertThat(revoked).containsOnlyOnce(true).hasSize(THREADS);
        int winner = revoked.indexOf(true);
        ProxyGrant stored = on(1, tx -> tx.proxyGrants().find(grant.id())).orElseThrow();
        assertThat(stored.revokedBy()).isEqualTo("node" + winner % 2 + "-" + winner);
        assertThat(stored.revokedAt()).isEqualTo(Fixtures.T0.plusSeconds(winner));
        assertThat(stored.version()).isEqualTo(1);
        List<ProxyGrant> unrevoked = on(0, tx -> tx.proxyGrants().findUnrevoked(proxy.id(), child.id()));
        assertThat(unrevoked).isEmpty();
    }

    @Test
    @DisplayName("preferences saved from one version on both nodes: one save wins, the others conflict (NT-1)")
    void preferencesOneWins() throws Exception {
        Patient patient = Fixtures.patient();
        on(0, tx -> {
            tx.patients().insert(patient);
            return null;
        });
        for (long version : new long[] {0, 1, 2}) {
            List<Object> outcomes = JdbcStorageTest.runConcurrently(THREADS, i -> {
                NotificationPreferences mine = new NotificationPreferences(patient.id(),
                        Map.of("node" + i % 2 + "-" + i, Set.of(Channel.SMS)), null, Fixtures.T0, null, version);
                try {
                    return on(i, tx -> tx.preferences().save(mine));
                } catch (DuplicateKeyException | OptimisticLockException e) {
                    return e;
                }
            });
            Class<?> conflict = version == 0 ? DuplicateKeyException.class : OptimisticLockException.class;
            assertThat(outcomes).filteredOn(NotificationPreferences.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(conflict::isInstance).hasSize(THREADS - 1);
            NotificationPreferences stored = on((int) version, tx -> tx.preferences().find(patient.id())).orElseThrow();
            assertThat(stored.version()).isEqualTo(version + 1);
            assertThat(outcomes).contains(stored);
        }
    }

    @Test
    @DisplayName("64 threads on both nodes booking the same 50 slots for 64 patients: exactly 50 appointments and 50 BOOKED slots (SC-3)")
    void slotsBookedOnce() throws Exception {
        Department department = Fixtures.department();
        Provider provider = Fixtures.provider();
        VisitType visitType = Fixtures.visitType();
        Instant monday = Instant.parse("2026-03-02T14:00:00Z");
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            slots.add(Fixtures.slot(provider, department, monday.plusSeconds(1800L * i), visitType.id()));
        }
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            patients.add(Fixtures.patient());
        }
        on(0, tx -> {
            Fixtures.insertClinic(tx, department, provider, visitType);
            patients.forEach(tx.patients()::insert);
            tx.slots().insertAll(slots);
            return null;
        });
        List<Optional<Appointment>> booked = JdbcStorageTest.runConcurrently(64, i -> {
            for (int k = 0; k < slots.size(); k++) {
                Slot slot = slots.get((i + k) % slots.size());
                Appointment appointment = Fixtures.appointment(patients.get(i).id(), slot);
                boolean mine = on(i, tx -> {
                    if (!tx.slots().book(slot.id(), appointment.id())) {
                        return false;
                    }
                    if (!tx.appointments().insertIfNoOverlap(appointment)) {
                        throw new IllegalStateException("no overlap expected");
                    }
                    return true;
                });
                if (mine) {
                    return Optional.of(appointment);
                }
            }
            return Optional.<Appointment>empty();
        });
        assertThat(booked).filteredOn(Optional::isPresent).hasSize(50);
        long bookedSlots = on(1, tx -> slots.stream().map(s -> tx.slots().find(s.id()).orElseThrow())
                .filter(s -> s.status() == SlotStatus.BOOKED).count());
        assertThat(bookedSlots).isEqualTo(50);
        long appointments = on(0, tx -> patients.stream()
                .mapToLong(p -> tx.appointments().upcoming(p.id(), monday, null, 10).size()).sum());
        assertThat(appointments).isEqualTo(50);
        for (Optional<Appointment> appointment : booked) {
            appointment.ifPresent(a -> assertThat(on(1, tx -> tx.slots().find(a.slotId())).orElseThrow().appointmentId())
                    .isEqualTo(a.id()));
        }
    }

    @Test
    @DisplayName("concurrent overlapping bookings for one patient from both nodes: exactly one is inserted (SC-3)")
    void overlapOnce() throws Exception {
        Department department = Fixtures.department();
        Provider provider = Fixtures.provider();
        Provider other = Fixtures.provider();
        VisitType visitType = Fixtures.visitType();
        Patient patient = Fixtures.patient();
        Instant monday = Instant.parse("2026-03-02T14:00:00Z");
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            slots.add(Fixtures.slot(i % 2 == 0 ? provider : other, department, monday.plusSeconds(60L * i),
                    visitType.id()));
        }
        on(0, tx -> {
            Fixtures.insertClinic(tx, department, provider, visitType);
            tx.providers().insert(other);
            tx.patients().insert(patient);
            tx.slots().insertAll(slots);
            return null;
        });
        for (int round = 0; round < 3; round++) {
            Instant shift = monday.plus(java.time.Duration.ofDays(round));
            List<Boolean> inserted = JdbcStorageTest.runConcurrently(THREADS, i -> {
                Slot slot = slots.get(i);
                Appointment appointment = new Appointment(org.patientportal.model.AppointmentId.newId(), patient.id(),
                        slot.id(), slot.providerId(), slot.departmentId(), visitType.id(),
                        shift.plusSeconds(60L * i), shift.plusSeconds(60L * i + 1800), AppointmentStatus.BOOKED,
                        Fixtures.T0, "node" + i % 2, null, null, null, 0);
                return on(i, tx -> tx.appointments().insertIfNoOverlap(appointment));
            });
            assertThat(inserted).containsOnlyOnce(true).hasSize(THREADS);
        }
        List<Appointment> held = on(1, tx -> tx.appointments().upcoming(patient.id(), monday, null, 100));
        assertThat(held).hasSize(3);
    }
}

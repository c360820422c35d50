package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;

/**
 * Issue 8: on PostgreSQL the writes behind (outbox entries, idempotency record) go to the database
 * with the {@code COMMIT} behind them, one round trip, and a duplicate among them still fails the
 * transaction with nothing stored; H2 writes at once and commits as before.
 */
class WriteBehindCommitTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("NT-2 / IN-1 three outbox entries and an idempotency record are one execution with the commit on PostgreSQL")
    void commitRidesWithTheWrites(String kind) {
        try (TestDatabases.TestDatabase database = kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
             JdbcStorage storage = JdbcStorage.create(database.dataSource())) {
            PatientId patient = PatientId.newId();
            List<OutboxEntry> entries = List.of(entry(1), entry(2), entry(3));
            IdempotencyRecord record = new IdempotencyRecord("scheduling.book", "key-1", "hash", "{}", T0);
            int executions = database.dataSource().executions();
            int commits = database.dataSource().commitsSent();
            storage.inTransaction(tx -> {
                tx.patients().insert(patient(patient));
                entries.forEach(tx.outbox()::enqueue);
                tx.idempotencyRecords().insert(record);
                return null;
            });
            int sent = database.dataSource().executions() - executions;
            int commitsSent = database.dataSource().commitsSent() - commits;
            if (kind.equals("h2")) {
                assertThat(sent).as("H2: each write at once").isEqualTo(5);
                assertThat(commitsSent).isEqualTo(1);
            } else {
                assertThat(sent).as("the patient, then the writes behind with COMMIT").isEqualTo(2);
                assertThat(commitsSent).as("no COMMIT of its own").isZero();
            }
            storage.inTransaction(tx -> {
                entries.forEach(e -> assertThat(tx.outbox().find(e.id())).contains(e));
                assertThat(tx.idempotencyRecords().find(record.scope(), record.key())).contains(record);
                assertThat(tx.patients().find(patient)).isPresent();
                return null;
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("IN-1 a taken idempotency key among the writes behind fails the commit; the patient and entries are not stored")
    void duplicateStopsTheCommit(String kind) {
        try (TestDatabases.TestDatabase database = kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
             JdbcStorage storage = JdbcStorage.create(database.dataSource())) {
            IdempotencyRecord taken = new IdempotencyRecord("scheduling.book", "key-2", "hash", "{}", T0);
            storage.inTransaction(tx -> {
                tx.idempotencyRecords().insert(taken);
                return null;
            });
            PatientId patient = PatientId.newId();
            OutboxEntry entry = entry(4);
            assertThatThrownBy(() -> storage.inTransaction(tx -> {
                tx.patients().insert(patient(patient));
                tx.outbox().enqueue(entry);
                tx.idempotencyRecords().insert(new IdempotencyRecord(taken.scope(), taken.key(), "other", "{}", T0));
                return null;
            })).isInstanceOf(DuplicateKeyException.class);
            storage.inTransaction(tx -> {
                assertThat(tx.patients().find(patient)).isEmpty();
                assertThat(tx.outbox().find(entry.id())).isEmpty();
                assertThat(tx.idempotencyRecords().find(taken.scope(), taken.key())).contains(taken);
                return null;
            });
            // the connection went back to the pool usable
            storage.inTransaction(tx -> {
                tx.patients().insert(patient(patient));
                return null;
            });
        }
    }

    private static Patient patient(PatientId id) {
        return new Patient(id, "MRN-" + id.value(), "Kit", "Patient", LocalDate.of(1970, 1, 1), "hash", null, null, T0, 0);
    }

    private static OutboxEntry entry(int hours) {
        return OutboxEntry.pending("appointment-reminder", null, null, "{\"template\":\"reminder\"}", null,
                T0, T0.plusSeconds(hours * 3600L));
    }
}

package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.model.Patient;
import org.patientportal.spi.storage.StorageException;

/** Driver failures whose messages carry SQL text and values never leak them. */
class DriverFailureTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void noSqlInMessagesOrCauses(String kind) {
        try (TestDatabases.TestDatabase db = kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgresMigrated()) {
            JdbcStorage storage = JdbcStorage.create(db.dataSource());
            Patient patient = Fixtures.patient();
            // Broken in the middle of a transaction: the statement fails.
            Throwable midway = catchThrowable(() -> storage.inTransaction(tx -> {
                db.dataSource().breakIt();
                tx.patients().insert(patient);
                return null;
            }));
            // Broken before: no connection at all.
            Throwable before = catchThrowable(() -> storage.inTransaction(tx -> tx.patients().find(patient.id())));
            Throwable atStart = catchThrowable(() -> JdbcStorage.create(db.dataSource()));
            for (Throwable thrown : List.of(midway, before, atStart)) {
                assertThat(thrown).isInstanceOf(StorageException.class).hasNoCause();
                assertThat(thrown.getSuppressed()).isEmpty();
                String message = thrown.getMessage();
                assertThat(message).matches("Could not [a-z ]+ \\(SQLState 57P01\\)");
                assertThat(message.toUpperCase(Locale.ROOT)).doesNotContain("SELECT", "INSERT", "UPDATE", "DELETE", "FROM", "WHERE", "PATIENTS",
                        BreakableDataSource.SECRET, patient.mrn().toUpperCase(Locale.ROOT));
            }
            assertThat(midway).hasMessage("Could not add patient (SQLState 57P01)");
        }
    }
}

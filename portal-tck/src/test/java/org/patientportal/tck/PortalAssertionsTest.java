package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.spi.storage.StorageException;

/** The SQL-leak check flags statements, not English words, anywhere in the chain. */
class PortalAssertionsTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "Could not insert patient",
            "update failed",
            "could not select a slot",
            "delete of the session failed",
            "the row was changed from elsewhere",
            "where is the database? connection refused (SQLState 08001)",
            "lock wait timeout on patient",
            "Is it = to the stored version?"})
    void englishPasses(String message) {
        assertThatCode(() -> PortalAssertions.assertThatStorageFailure(new StorageException(message)).hasNoSqlText())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "failed: INSERT INTO patient (id, mrn) VALUES (?, ?)",
            "select id, mrn from patient",
            "SELECT *\nFROM outbox",
            "update patient set version = 2",
            "delete from session",
            "... where mrn = 'MRN-1'",
            "ERROR: where id=? failed",
            "version = ? and id = ?",
            "id = $1",
            "ERROR: duplicate key value violates unique constraint \"patient_mrn_key\" Detail: Key (mrn)=(MRN-1) already exists.",
            "Unique index or primary key violation; SQL statement: foo",
            "merge into patient key(id)",
            "on conflict do nothing"})
    void sqlFails(String message) {
        assertThat(PortalAssertions.findSqlFragment(message)).isNotNull();
        assertThatThrownBy(() -> PortalAssertions.assertThatStorageFailure(new StorageException(message)).hasNoSqlText())
                .isInstanceOf(AssertionError.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void chainIsChecked(boolean asCause) {
        RuntimeException driver = new RuntimeException("syntax error near: UPDATE patient SET mrn = ?");
        StorageException thrown = asCause ? new StorageException("Could not update patient", driver)
                : new StorageException("Could not update patient");
        if (!asCause) {
            thrown.addSuppressed(new IllegalStateException("cleanup", driver));
        }
        assertThatThrownBy(() -> PortalAssertions.assertThatStorageFailure(thrown).hasNoSqlText())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UPDATE patient SET");
    }
}

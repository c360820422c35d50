package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransientStorageException;

class ErrorsTest {
    private static final String LEAK = "INSERT INTO patients VALUES ('MRN-1', 'Ada')";

    @Test
    @DisplayName("SQLStates map to the SPI's exceptions; the message keeps the state and code, never the driver's text")
    void translate() {
        assertThat(Errors.translate("add patient", new SQLException(LEAK, "23505", 0)))
                .isExactlyInstanceOf(DuplicateKeyException.class)
                .hasMessage("Could not add patient (SQLState 23505)").hasNoCause();
        assertThat(Errors.translate("x", new SQLException(LEAK, "23001", 23001)))
                .isExactlyInstanceOf(DuplicateKeyException.class).hasMessage("Could not x (SQLState 23001, error code 23001)");
        for (String state : new String[] {"40001", "40P01", "55P03", "HYT00", "90131"}) {
            assertThat(Errors.translate("x", new SQLException(LEAK, state, 0)))
                    .isExactlyInstanceOf(TransientStorageException.class).hasNoCause();
        }
        StorageException other = Errors.translate("x", new SQLException(LEAK, "08006", 0));
        assertThat(other).isExactlyInstanceOf(StorageException.class).hasNoCause();
        assertThat(other.getMessage()).doesNotContain("INSERT").doesNotContain("MRN");
        assertThat(Errors.translate("x", new SQLException(LEAK, "'; DROP", 0))).hasMessage("Could not x (SQLState unknown)");
        SQLException chained = new SQLException(LEAK);
        chained.setNextException(new SQLException(LEAK, "23505"));
        assertThat(Errors.translate("x", chained)).isExactlyInstanceOf(DuplicateKeyException.class);
    }
}

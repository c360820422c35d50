package org.patientportal.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import org.patientportal.spi.storage.StorageException;

/** The databases the adapter speaks to; each has its own migration scripts and a few statements of its own. */
enum Dialect {
    /** PostgreSQL: a failed statement aborts the transaction, so expected conflicts never make one fail. */
    POSTGRESQL("postgresql", true),
    /** H2 2.x in any compatibility mode: a failed statement is undone alone, the transaction goes on. */
    H2("h2", false);

    private final String folder;
    private final boolean failedStatementAbortsTransaction;

    Dialect(String folder, boolean failedStatementAbortsTransaction) {
        this.folder = folder;
        this.failedStatementAbortsTransaction = failedStatementAbortsTransaction;
    }

    /** The folder of its migration scripts under {@code org/patientportal/jdbc/migration/}. */
    String folder() {
        return folder;
    }

    /** Whether one failed statement leaves the whole transaction unusable (PostgreSQL). */
    boolean failedStatementAbortsTransaction() {
        return failedStatementAbortsTransaction;
    }

    static Dialect detect(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.equals("h2")) {
            int major = metaData.getDatabaseMajorVersion();
            if (major < 2) {
                throw new StorageException("H2 " + major + ".x is not supported: H2 2.x is required");
            }
            return H2;
        }
        throw new StorageException("Unsupported database: JdbcStorage supports PostgreSQL and H2");
    }
}

package org.patientportal.core.testing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.patientportal.inmemory.InMemoryStorage;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.testsupport.EmbeddedPostgresServer;

/**
 * Fresh storages for tests: in memory, H2 in memory (a new database per call), and PostgreSQL (the
 * project's {@link EmbeddedPostgresServer}: one embedded server per JVM; a new database per call).
 * The JDBC ones remember their {@link DataSource} so tests can reach the rows with plain SQL.
 */
public final class TestStorages {
    private static final Map<PortalStorage, DataSource> DATA_SOURCES = new ConcurrentHashMap<>();

    private TestStorages() {
    }

    /** A new, empty in-memory storage. */
    public static PortalStorage inMemory() {
        return InMemoryStorage.create();
    }

    /** A JDBC storage on a new, empty H2 in-memory database. */
    public static PortalStorage h2() {
        return jdbc(h2DataSource());
    }

    /** A JDBC storage on a new, empty database of the embedded PostgreSQL. */
    public static PortalStorage postgres() {
        return jdbc(postgresDataSource());
    }

    /** The data source behind a storage made by {@link #h2()} or {@link #postgres()}. */
    public static DataSource dataSource(PortalStorage storage) {
        DataSource dataSource = DATA_SOURCES.get(storage);
        if (dataSource == null) {
            throw new IllegalArgumentException("not a JDBC storage made by TestStorages");
        }
        return dataSource;
    }

    /** A new, empty H2 in-memory database, kept until the JVM ends. */
    public static DataSource h2DataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:core-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    /** A new, empty database on the embedded PostgreSQL (the kit's one server per JVM). */
    public static DataSource postgresDataSource() {
        return EmbeddedPostgresServer.dataSource(EmbeddedPostgresServer.createDatabase());
    }

    /**
     * A second JDBC storage on the database of {@code storage} (made by {@link #h2()} or
     * {@link #postgres()}): another node of the same host, sharing no state but the database.
     */
    public static PortalStorage sameDatabase(PortalStorage storage) {
        return jdbc(dataSource(storage));
    }

    private static PortalStorage jdbc(DataSource dataSource) {
        JdbcStorage storage = JdbcStorage.create(dataSource);
        DATA_SOURCES.put(storage, dataSource);
        return storage;
    }
}

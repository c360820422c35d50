package org.patientportal.core.testing;

import java.util.function.Supplier;
import org.patientportal.spi.storage.PortalStorage;

/** The three storages core's suites run on; the label is what a parameterized suite's display name ends with. */
public enum StorageKind {
    /** The in-memory adapter. */
    IN_MEMORY("in memory", TestStorages::inMemory),
    /** The JDBC adapter on a new H2 in-memory database. */
    H2("H2", TestStorages::h2),
    /** The JDBC adapter on a new database of the one embedded PostgreSQL of the JVM. */
    POSTGRES("PostgreSQL", TestStorages::postgres);

    private final String label;
    private final Supplier<PortalStorage> factory;

    StorageKind(String label, Supplier<PortalStorage> factory) {
        this.label = label;
        this.factory = factory;
    }

    /** A new, empty storage of this kind. */
    public PortalStorage create() {
        return factory.get();
    }

    /** Whether the storage is the JDBC adapter, whose database a second node can share. */
    public boolean jdbc() {
        return this != IN_MEMORY;
    }

    @Override
    public String toString() {
        return label;
    }
}

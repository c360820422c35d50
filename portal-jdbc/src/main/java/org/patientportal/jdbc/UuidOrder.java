package org.patientportal.jdbc;

import java.util.Comparator;
import java.util.UUID;

/**
 * UUIDs compared as 16 unsigned bytes, the order of PostgreSQL's {@code uuid}, of H2's
 * {@code UUID} and of the in-memory adapter ({@link UUID#compareTo} compares signed longs).
 */
final class UuidOrder {
    static final Comparator<UUID> UNSIGNED = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private UuidOrder() {
    }
}

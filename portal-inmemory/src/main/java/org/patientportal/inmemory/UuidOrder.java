package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.UUID;
import java.util.function.Function;

/**
 * The order of ids in pages: unsigned, bytewise, as PostgreSQL and H2 order a {@code uuid} column
 * (and as the canonical lower-case strings sort). {@link UUID#compareTo} compares signed halves and
 * would disagree for ids whose halves have the top bit set.
 */
final class UuidOrder {
    static final Comparator<UUID> UNSIGNED = UuidOrder::compare;

    private UuidOrder() {
    }

    static int compare(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    static <I> Comparator<I> by(Function<I, UUID> uuidOf) {
        return (a, b) -> compare(uuidOf.apply(a), uuidOf.apply(b));
    }
}

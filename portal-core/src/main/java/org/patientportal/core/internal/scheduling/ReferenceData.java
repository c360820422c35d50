package org.patientportal.core.internal.scheduling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * Departments, providers and visit types, read through a per-portal cache: a row found is kept for
 * at most {@link #STALENESS} (time from the injected clock), so a change made in the database by
 * another node or by hand is seen here within that bound; a row not found is never cached (a new
 * one shows at once). The SDK itself only inserts these rows, so nothing here is invalidated: a
 * future use case that changes one must drop it from this node's cache after its commit.
 */
final class ReferenceData {
    /** How long a row read here may be served without reading it again. */
    static final Duration STALENESS = Duration.ofSeconds(5);

    private static final int SIZE = 10_000;

    private final Cache<VisitTypeId, VisitType> visitTypes;
    private final Cache<DepartmentId, Department> departments;
    private final Cache<ProviderId, Provider> providers;

    ReferenceData(Clock clock) {
        Ticker ticker = () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
        visitTypes = cache(ticker);
        departments = cache(ticker);
        providers = cache(ticker);
    }

    private static <K, V> Cache<K, V> cache(Ticker ticker) {
        return Caffeine.newBuilder().ticker(ticker).expireAfterWrite(STALENESS).maximumSize(SIZE)
                .executor(Runnable::run).build();
    }

    Optional<VisitType> visitType(StorageTransaction tx, VisitTypeId id) {
        return read(visitTypes, id, key -> tx.visitTypes().find(key));
    }

    Optional<Department> department(StorageTransaction tx, DepartmentId id) {
        return read(departments, id, key -> tx.departments().find(key));
    }

    Optional<Provider> provider(StorageTransaction tx, ProviderId id) {
        return read(providers, id, key -> tx.providers().find(key));
    }

    /** The cached row, or the stored one (then cached); a row not found is not remembered. */
    private static <K, V> Optional<V> read(Cache<K, V> cache, K id, Function<K, Optional<V>> stored) {
        V cached = cache.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<V> found = stored.apply(id);
        found.ifPresent(row -> cache.put(id, row));
        return found;
    }
}

package org.patientportal.core.internal.scheduling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
 * one shows at once). The SDK itself only inserts these rows; a node that changed one would
 * {@link #forget} it after its commit.
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
        visitTypes = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(STALENESS).maximumSize(SIZE)
                .executor(Runnable::run).build();
        departments = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(STALENESS).maximumSize(SIZE)
                .executor(Runnable::run).build();
        providers = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(STALENESS).maximumSize(SIZE)
                .executor(Runnable::run).build();
    }

    Optional<VisitType> visitType(StorageTransaction tx, VisitTypeId id) {
        VisitType cached = visitTypes.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<VisitType> found = tx.visitTypes().find(id);
        found.ifPresent(v -> visitTypes.put(id, v));
        return found;
    }

    Optional<Department> department(StorageTransaction tx, DepartmentId id) {
        Department cached = departments.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Department> found = tx.departments().find(id);
        found.ifPresent(d -> departments.put(id, d));
        return found;
    }

    Optional<Provider> provider(StorageTransaction tx, ProviderId id) {
        Provider cached = providers.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Provider> found = tx.providers().find(id);
        found.ifPresent(p -> providers.put(id, p));
        return found;
    }

    /** Drops what is cached of one row, after the transaction that changed it committed. */
    void forget(Object id) {
        visitTypes.asMap().remove(id);
        departments.asMap().remove(id);
        providers.asMap().remove(id);
    }
}

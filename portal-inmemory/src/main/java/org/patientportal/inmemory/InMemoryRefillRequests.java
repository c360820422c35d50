package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.PatientId;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.RefillRequest;
import org.patientportal.model.RefillRequestId;
import org.patientportal.model.RefillStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.RefillRequests;

/**
 * One transaction's {@link RefillRequests}. "One open request per prescription" is a unique key:
 * an open request's key is its prescription, a closed one's its own id, so the key of a
 * prescription is taken while a request is open and given back when it closes. Inserts lock that
 * key before they look, so concurrent requests for one prescription queue on it.
 */
final class InMemoryRefillRequests implements RefillRequests {
    private static final java.util.Comparator<RefillRequestId> ORDER = (RefillRequestId l, RefillRequestId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /** Committed requests, unique by open prescription, indexed by patient and open ones. */
    static final class Data {
        final Table<RefillRequestId, RefillRequest> table = new Table<>("refill_request", RefillRequest::id, ORDER);
        final Unique<RefillRequestId, RefillRequest, Object> open = table.unique("open", Data::openKey);
        final Map<PatientId, NavigableSet<RefillRequestId>> byPatient = new ConcurrentHashMap<>();
        final NavigableSet<RefillRequestId> openIds = new ConcurrentSkipListSet<>(ORDER);

        Data() {
            table.indexer((oldRow, newRow) -> {
                byPatient.computeIfAbsent(newRow.patientId(), p -> new ConcurrentSkipListSet<>(ORDER)).add(newRow.id());
                if (newRow.status() == RefillStatus.REQUESTED) {
                    openIds.add(newRow.id());
                } else {
                    openIds.remove(newRow.id());
                }
            });
        }

        static Object openKey(RefillRequest r) {
            return r.status() == RefillStatus.REQUESTED ? r.prescriptionId() : r.id();
        }
    }

    private final Data data;
    private final Transaction tx;
    private final TableTx<RefillRequestId, RefillRequest> rows;

    InMemoryRefillRequests(Data data, Transaction tx) {
        this.data = data;
        this.tx = tx;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public boolean insertIfNoneOpen(RefillRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.status() != RefillStatus.REQUESTED) {
            throw new IllegalArgumentException("a new refill request is REQUESTED");
        }
        tx.lock(new LockKey(data.open.name, request.prescriptionId()));
        if (rows.lockAndRead(request.id()) != null) {
            throw new DuplicateKeyException("duplicate key: refill_request id");
        }
        if (rows.findBy(data.open, request.prescriptionId()).isPresent()) {
            return false;
        }
        rows.insert(request);
        return true;
    }

    @Override
    public Optional<RefillRequest> find(RefillRequestId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<RefillRequest> findOpen(PrescriptionId prescription) {
        Objects.requireNonNull(prescription, "prescription");
        return rows.findBy(data.open, prescription);
    }

    @Override
    public Optional<RefillRequest> close(RefillRequestId id, RefillStatus status, Instant at, String by,
                                         String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (status == RefillStatus.REQUESTED) {
            throw new IllegalArgumentException("close moves a request out of REQUESTED");
        }
        RefillRequest current = rows.lockAndRead(id);
        if (current == null || current.status() != RefillStatus.REQUESTED) {
            return Optional.empty();
        }
        RefillRequest closed = current.close(status, at, by, reason);
        rows.replace(current, closed);
        return Optional.of(closed);
    }

    @Override
    public List<RefillRequest> open(RefillRequestId after, int limit) {
        Iterable<RefillRequestId> ids = after == null ? data.openIds : data.openIds.tailSet(after, false);
        return rows.page(ids, after, limit, r -> r.status() == RefillStatus.REQUESTED);
    }

    @Override
    public List<RefillRequest> forPatient(PatientId patient, RefillRequestId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        NavigableSet<RefillRequestId> ids = data.byPatient.get(patient);
        Iterable<RefillRequestId> candidates = ids == null ? Collections.emptyList()
                : after == null ? ids : ids.tailSet(after, false);
        return rows.page(candidates, after, limit, r -> r.patientId().equals(patient));
    }
}

package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.PatientId;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.AppointmentRequests;

/**
 * One transaction's {@link AppointmentRequests}. Staff's queue reads a partial index of the OPEN
 * requests in id (arrival) order, which a decision takes the request out of when it commits; a
 * patient's list reads a per-patient index.
 */
final class InMemoryAppointmentRequests implements AppointmentRequests {
    private static final Comparator<AppointmentRequestId> ID_ORDER = (AppointmentRequestId l, AppointmentRequestId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /** Committed requests, with the OPEN ones and every patient's in id order. */
    static final class Data {
        final Table<AppointmentRequestId, AppointmentRequest> table =
                new Table<>("appointment_request", AppointmentRequest::id, ID_ORDER);
        final NavigableSet<AppointmentRequestId> open = new ConcurrentSkipListSet<>(ID_ORDER);
        final Map<PatientId, NavigableSet<AppointmentRequestId>> byPatient = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> {
                byPatient.computeIfAbsent(newRow.patientId(), p -> new ConcurrentSkipListSet<>(ID_ORDER)).add(newRow.id());
                if (oldRow != null && !oldRow.patientId().equals(newRow.patientId())) {
                    NavigableSet<AppointmentRequestId> ids = byPatient.get(oldRow.patientId());
                    if (ids != null) {
                        ids.remove(oldRow.id());
                    }
                }
                if (newRow.status() == RequestStatus.OPEN) {
                    open.add(newRow.id());
                } else {
                    open.remove(newRow.id());
                }
            });
        }
    }

    private final Data data;
    private final TableTx<AppointmentRequestId, AppointmentRequest> rows;

    InMemoryAppointmentRequests(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(AppointmentRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.status() != RequestStatus.OPEN || request.version() != 0) {
            throw new IllegalArgumentException("a new request is OPEN with version 0");
        }
        rows.insert(request);
    }

    @Override
    public Optional<AppointmentRequest> find(AppointmentRequestId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public AppointmentRequest update(AppointmentRequest request) {
        Objects.requireNonNull(request, "request");
        AppointmentRequest current = rows.lockAtVersion(request.id(), request.version(), AppointmentRequest::version, "appointment request");
        AppointmentRequest stored = withVersion(request, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public List<AppointmentRequest> open(AppointmentRequestId after, int limit) {
        TableTx.checkLimit(limit);
        Iterable<AppointmentRequestId> committed = after == null ? data.open : data.open.tailSet(after, false);
        return rows.page(committed, after, limit, r -> r.status() == RequestStatus.OPEN);
    }

    @Override
    public List<AppointmentRequest> forPatient(PatientId patient, AppointmentRequestId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        TableTx.checkLimit(limit);
        NavigableSet<AppointmentRequestId> ids = data.byPatient.get(patient);
        Iterable<AppointmentRequestId> committed = ids == null ? List.of() : after == null ? ids : ids.tailSet(after, false);
        return rows.page(committed, after, limit, r -> r.patientId().equals(patient));
    }

    private static AppointmentRequest withVersion(AppointmentRequest r, long version) {
        return new AppointmentRequest(r.id(), r.patientId(), r.visitTypeId(), r.providerId(), r.departmentId(),
                r.earliest(), r.latest(), r.status(), r.createdAt(), r.decidedAt(), r.decidedBy(), r.appointmentId(),
                r.declineReason(), version);
    }
}

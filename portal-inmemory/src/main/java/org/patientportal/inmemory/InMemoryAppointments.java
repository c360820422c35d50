package org.patientportal.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.Appointments;
import org.patientportal.spi.storage.DuplicateKeyException;

/**
 * One transaction's {@link Appointments}.
 *
 * <p>{@link #insertIfNoOverlap} is atomic per patient: it takes the patient's appointment lock,
 * held until the transaction ends (as {@code SELECT ... FOR UPDATE} on the patient's row would),
 * then checks the patient's BOOKED appointments, committed and its own, and inserts. Two inserts
 * for one patient serialize; inserts for different patients never wait on each other.
 *
 * <p>Lists read a per-patient (start, id) index of every appointment; the overlap check reads a
 * partial per-patient index of the BOOKED ones, from the new start less the longest booked
 * appointment ever committed.
 */
final class InMemoryAppointments implements Appointments {
    private static final Comparator<AppointmentId> ID_ORDER = (AppointmentId l, AppointmentId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());
    private static final Comparator<StartKey<AppointmentId>> KEY_ORDER = StartKey::compare;
    private static final Comparator<Appointment> ASCENDING = (Appointment l, Appointment r) -> StartKey.compare(l.start(), l.id().value(), r.start(), r.id().value());
    private static final AppointmentId MIN_ID = new AppointmentId(new UUID(0, 0));

    /** Committed appointments, indexed by patient in (start, id) order, all and BOOKED only. */
    static final class Data {
        final Table<AppointmentId, Appointment> table = Table.unorderedIds("appointment", Appointment::id, ID_ORDER);
        final Map<PatientId, StartIndex<AppointmentId>> byPatient = new ConcurrentHashMap<>();
        final Map<PatientId, StartIndex<AppointmentId>> bookedByPatient = new ConcurrentHashMap<>();
        /** The longest BOOKED appointment ever committed (never shrinks). */
        final AtomicReference<Duration> longestBooked = new AtomicReference<>(Duration.ZERO);

        Data() {
            table.indexer(this::reindex);
        }

        private void reindex(Appointment oldRow, Appointment newRow) {
            StartKey<AppointmentId> key = key(newRow);
            // Add the new position before removing the old one: a reader never misses the row.
            index(byPatient, newRow.patientId(), key);
            boolean booked = newRow.status() == AppointmentStatus.BOOKED;
            if (booked) {
                Duration length = Duration.between(newRow.start(), newRow.end());
                longestBooked.accumulateAndGet(length, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                index(bookedByPatient, newRow.patientId(), key);
            }
            if (oldRow != null) {
                boolean samePlace = oldRow.patientId().equals(newRow.patientId()) && key(oldRow).equals(key);
                if (!samePlace) {
                    unindex(byPatient, oldRow.patientId(), key(oldRow));
                }
                if (oldRow.status() == AppointmentStatus.BOOKED && !(booked && samePlace)) {
                    unindex(bookedByPatient, oldRow.patientId(), key(oldRow));
                }
            }
        }

        private static void index(Map<PatientId, StartIndex<AppointmentId>> index, PatientId patient,
                                  StartKey<AppointmentId> key) {
            index.computeIfAbsent(patient, p -> new StartIndex<>()).add(key);
        }

        private static void unindex(Map<PatientId, StartIndex<AppointmentId>> index, PatientId patient,
                                    StartKey<AppointmentId> key) {
            StartIndex<AppointmentId> keys = index.get(patient);
            if (keys != null) {
                keys.remove(key);
            }
        }
    }

    private final Data data;
    private final Transaction tx;
    private final TableTx<AppointmentId, Appointment> rows;

    InMemoryAppointments(Data data, Transaction tx) {
        this.data = data;
        this.tx = tx;
        this.rows = TableTx.open(data.table, tx);
    }

    private static StartKey<AppointmentId> key(Appointment appointment) {
        return new StartKey<>(appointment.start(), appointment.id(), appointment.id().value());
    }

    /** The lock that serializes a patient's bookings. */
    static LockKey patientLock(PatientId patient) {
        return new LockKey("appointment.patient", patient);
    }

    @Override
    public boolean insertIfNoOverlap(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        if (appointment.status() != AppointmentStatus.BOOKED || appointment.version() != 0) {
            throw new IllegalArgumentException("a new appointment is BOOKED with version 0");
        }
        PatientId patient = appointment.patientId();
        tx.lock(patientLock(patient));
        if (rows.lockAndRead(appointment.id()) != null) {
            throw new DuplicateKeyException("duplicate key: appointment id");
        }
        Predicate<Appointment> overlaps = a -> a.patientId().equals(patient)
                && a.status() == AppointmentStatus.BOOKED
                && a.start().isBefore(appointment.end()) && a.end().isAfter(appointment.start());
        // A committed BOOKED appointment overlapping [start, end) starts after start less the longest one.
        StartIndex<AppointmentId> booked = data.bookedByPatient.get(patient);
        StartKey<AppointmentId> from = new StartKey<>(appointment.start().minus(data.longestBooked.get()), MIN_ID, MIN_ID.value());
        StartKey<AppointmentId> to = new StartKey<>(appointment.end(), MIN_ID, MIN_ID.value());
        if (booked != null && KEY_ORDER.compare(from, to) < 0) {
            for (AppointmentId candidate : booked.ids(from, true, to, false, false)) {
                Appointment current = rows.current(candidate); // this transaction's own version if it wrote one
                if (current != null && overlaps.test(current)) {
                    return false;
                }
            }
        }
        if (!rows.buffered(overlaps).isEmpty()) {
            return false;
        }
        rows.insert(appointment);
        return true;
    }

    @Override
    public Optional<Appointment> find(AppointmentId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The stored row keeps its patient, slot, times and booking fields; only the closing fields
     * are taken from {@code appointment}. As the row never becomes BOOKED, its (start, id) place
     * never moves and it can only leave the BOOKED index, never enter it.
     */
    @Override
    public Appointment update(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        if (appointment.status() == AppointmentStatus.BOOKED) {
            throw new IllegalArgumentException("update never sets BOOKED; a booking goes through insertIfNoOverlap");
        }
        Appointment current = rows.lockAtVersion(appointment.id(), appointment.version(), Appointment::version, "appointment");
        Appointment stored = closed(current, appointment, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public List<Appointment> upcoming(PatientId patient, Instant from, StartCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(from, "from");
        TableTx.checkLimit(limit);
        StartKey<AppointmentId> afterKey = cursor(after);
        StartKey<AppointmentId> lower = new StartKey<>(from, MIN_ID, MIN_ID.value());
        boolean inclusive = true;
        if (afterKey != null && KEY_ORDER.compare(afterKey, lower) >= 0) {
            lower = afterKey;
            inclusive = false;
        }
        StartIndex<AppointmentId> all = data.byPatient.get(patient);
        Iterable<AppointmentId> ids = all == null ? List.of() : all.ids(lower, inclusive, null, false, false);
        return rows.pageInOrder(ids, ASCENDING, a -> a.patientId().equals(patient)
                && !a.start().isBefore(from)
                && (afterKey == null || KEY_ORDER.compare(key(a), afterKey) > 0), limit);
    }

    @Override
    public List<Appointment> past(PatientId patient, Instant before, StartCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(before, "before");
        TableTx.checkLimit(limit);
        StartKey<AppointmentId> afterKey = cursor(after);
        StartKey<AppointmentId> upper = new StartKey<>(before, MIN_ID, MIN_ID.value());
        if (afterKey != null && KEY_ORDER.compare(afterKey, upper) < 0) {
            upper = afterKey;
        }
        StartIndex<AppointmentId> all = data.byPatient.get(patient);
        Iterable<AppointmentId> ids = all == null ? List.of() : all.ids(null, false, upper, false, true);
        return rows.pageInOrder(ids, ASCENDING.reversed(), a -> a.patientId().equals(patient)
                && a.start().isBefore(before)
                && (afterKey == null || KEY_ORDER.compare(key(a), afterKey) < 0), limit);
    }

    private static StartKey<AppointmentId> cursor(StartCursor after) {
        return after == null ? null : new StartKey<>(after.start(), new AppointmentId(after.id()), new AppointmentId(after.id()).value());
    }

    /** {@code current} with the closing fields of {@code change} and the given version. */
    private static Appointment closed(Appointment current, Appointment change, long version) {
        return new Appointment(current.id(), current.patientId(), current.slotId(), current.providerId(),
                current.departmentId(), current.visitTypeId(), current.start(), current.end(), change.status(),
                current.bookedAt(), current.bookedBy(), change.closedAt(), change.closedBy(), change.closeReason(),
                version);
    }
}

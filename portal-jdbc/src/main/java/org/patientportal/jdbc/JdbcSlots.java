package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.SlotOverlapException;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.Slots;

/**
 * {@link Slots} on the {@code slots} table; a slot's visit types are a UUID array on its row (see
 * V3), so a slot is one row.
 *
 * <ul>
 *   <li>{@code book}, {@code release} and {@code close} are one conditional UPDATE each
 *       ({@code WHERE id = ? AND status = 'OPEN'}, ...): the database decides which of concurrent
 *       callers, on any node, changes the row; never a read then a write.</li>
 *   <li>{@code insertAll} on PostgreSQL is one statement for any number of slots: the columns go
 *       as arrays into {@code unnest} ({@code ON CONFLICT DO NOTHING RETURNING id}). On H2 it is a
 *       JDBC batch. Either way, if an id was taken, the rows this call did insert are deleted again
 *       before the {@link DuplicateKeyException}, so the call is all or none and the transaction
 *       stays usable.</li>
 *   <li>{@code insertAllWithoutOverlap} locks the providers' rows, reads their slots around the
 *       list's span in one query and checks the whole list in memory before {@code insertAll}:
 *       concurrent calls for one provider serialize on its row, on any node. Not an exclusion
 *       constraint: {@code insertAll} stays free to store what its caller checked, and a database
 *       that already holds overlapping slots still migrates.</li>
 *   <li>{@code findOpen} walks {@code slots_open_start_idx} in (start, id) order from
 *       max(from, cursor) and filters provider, department and visit type on the rows it reads;
 *       with a provider, PostgreSQL walks {@code slots_open_provider_start_idx} (V17: OPEN slots
 *       only, so a booking's UPDATE adds no entry to it).</li>
 *   <li>{@code overlapping} and {@code insertAllWithoutOverlap} read the provider's slots that end
 *       after the period starts on {@code slots_provider_end_idx} (V16), not the provider's history.
 *       Until V16 a GiST index of the slots' periods answered them more tightly; every booking and
 *       cancellation paid for it (a slot's status change writes a new entry in each of its indexes).</li>
 * </ul>
 */
final class JdbcSlots implements Slots {
    private static final String COLUMNS =
            "id, provider_id, department_id, start_at, end_at, visit_type_ids, status, appointment_id, version";
    private static final String INSERT_H2 =
            "INSERT INTO slots (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 'OPEN', NULL, 0)";
    /** Instants travel as ISO-8601 text ({@link Instant#toString}, UTC, microseconds), read exactly by PostgreSQL. */
    private static final String INSERT_ALL_PG = "INSERT INTO slots (" + COLUMNS + ")"
            + " SELECT CAST(u.id AS uuid), CAST(u.provider_id AS uuid), CAST(u.department_id AS uuid),"
            + " CAST(u.start_at AS timestamptz), CAST(u.end_at AS timestamptz), CAST(u.visit_type_ids AS uuid[]),"
            + " 'OPEN', NULL, 0"
            + " FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),"
            + " CAST(? AS text[]), CAST(? AS text[])) AS u(id, provider_id, department_id, start_at, end_at,"
            + " visit_type_ids)"
            + " ON CONFLICT DO NOTHING RETURNING id";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM slots";
    private static final String RELEASE = "UPDATE slots SET status = 'OPEN', appointment_id = NULL,"
            + " version = version + 1 WHERE id = ? AND status = 'BOOKED' AND appointment_id = ?";
    /** The conditional booking: appointment, slot. */
    static final String BOOK = "UPDATE slots SET status = 'BOOKED', appointment_id = ?, version = version + 1"
            + " WHERE id = ? AND status = 'OPEN'";
    /** One slot by id. */
    static final String FIND = SELECT + " WHERE id = ?";
    /** The slot of an appointment, by the appointment's id. */
    static final String FIND_OF_APPOINTMENT = SELECT + " WHERE id = (SELECT slot_id FROM appointments WHERE id = ?)";

    private final JdbcTransaction tx;

    JdbcSlots(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insertAll(List<Slot> slots) {
        Objects.requireNonNull(slots, "slots");
        for (Slot slot : slots) {
            Objects.requireNonNull(slot, "slot");
            if (slot.version() != 0 || slot.status() != SlotStatus.OPEN) {
                throw new IllegalArgumentException("a new slot is OPEN with version 0");
            }
        }
        if (slots.isEmpty()) {
            return;
        }
        List<UUID> inserted = tx.postgres() ? insertOnPostgres(slots) : insertOnH2(slots);
        if (inserted.size() != slots.size()) {
            // Undo this call's rows (this transaction holds them, so no one else saw them): all or none.
            if (!inserted.isEmpty()) {
                tx.update("add slots", "DELETE FROM slots WHERE " + Sql.anyId("id", tx.postgres(), inserted.size()),
                        p -> p.uuids(inserted));
            }
            throw new DuplicateKeyException("Could not add slots: an id is taken");
        }
    }

    /**
     * Three statements for any number of slots: the providers' rows are locked in id order
     * ({@code FOR NO KEY UPDATE} on PostgreSQL, which the slots' and appointments' foreign-key
     * checks do not wait for; {@code FOR UPDATE} on H2), one query reads the providers' slots that
     * are not CLOSED around the list's span, the list is checked against them and itself in memory,
     * then {@link #insertAll} sends the rows. A concurrent call for the same provider waits on the
     * row lock until this transaction ends, then (read committed) sees its slots.
     */
    @Override
    public void insertAllWithoutOverlap(List<Slot> slots) {
        Objects.requireNonNull(slots, "slots");
        slots.forEach(slot -> Objects.requireNonNull(slot, "slot"));
        if (slots.isEmpty()) {
            return;
        }
        List<UUID> providers = slots.stream().map(slot -> slot.providerId().value()).distinct()
                .sorted(Uuids.UNSIGNED_ORDER).toList();
        Instant from = slots.stream().map(Slot::start).min(Instant::compareTo).orElseThrow();
        Instant to = slots.stream().map(Slot::end).max(Instant::compareTo).orElseThrow();
        boolean postgres = tx.postgres();
        tx.query("add slots", "SELECT id FROM providers WHERE " + Sql.anyId("id", postgres, providers.size())
                        + " ORDER BY id" + (postgres ? " FOR NO KEY UPDATE" : " FOR UPDATE"),
                p -> p.uuids(providers), row -> Sql.uuid(row, "id"));
        List<Period> existing = tx.query("add slots", "SELECT provider_id, start_at, end_at FROM slots WHERE "
                        + Sql.anyId("provider_id", postgres, providers.size())
                        + " AND status <> 'CLOSED' AND start_at < ? AND end_at > ?",
                p -> p.uuids(providers).instant(to).instant(from), JdbcSlots::period);
        List<Period> all = new ArrayList<>(existing);
        for (Slot slot : slots) {
            all.add(new Period(slot.providerId().value(), slot.start(), slot.end(), true));
        }
        if (anyOverlap(all)) {
            throw new SlotOverlapException("Could not add slots: a slot overlaps another slot of its provider");
        }
        insertAll(slots);
    }

    /** A slot's provider and period, stored or {@code added} by this call. */
    private record Period(UUID provider, Instant start, Instant end, boolean added) {
    }

    private static Period period(ResultSet row) throws SQLException {
        return new Period(Sql.uuid(row, "provider_id"), Sql.instant(row, "start_at"), Sql.instant(row, "end_at"), false);
    }

    /**
     * Whether an added period overlaps a stored one or another added one of its provider (stored
     * periods among themselves do not count): one sweep per provider in start order with the
     * latest end seen of each kind.
     */
    private static boolean anyOverlap(List<Period> all) {
        all.sort(java.util.Comparator.comparing(Period::provider).thenComparing(Period::start));
        UUID provider = null;
        Instant storedEnd = Instant.MIN;
        Instant addedEnd = Instant.MIN;
        for (Period p : all) {
            if (!p.provider().equals(provider)) {
                provider = p.provider();
                storedEnd = Instant.MIN;
                addedEnd = Instant.MIN;
            }
            if (p.start().isBefore(addedEnd) || p.added() && p.start().isBefore(storedEnd)) {
                return true;
            }
            if (p.added()) {
                addedEnd = p.end().isAfter(addedEnd) ? p.end() : addedEnd;
            } else {
                storedEnd = p.end().isAfter(storedEnd) ? p.end() : storedEnd;
            }
        }
        return false;
    }

    private List<UUID> insertOnPostgres(List<Slot> slots) {
        int n = slots.size();
        String[] ids = new String[n];
        String[] providers = new String[n];
        String[] departments = new String[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        String[] visitTypes = new String[n];
        for (int i = 0; i < n; i++) {
            Slot slot = slots.get(i);
            ids[i] = slot.id().toString();
            providers[i] = slot.providerId().toString();
            departments[i] = slot.departmentId().toString();
            starts[i] = Sql.micros(slot.start()).toString();
            ends[i] = Sql.micros(slot.end()).toString();
            visitTypes[i] = sortedIds(slot.visitTypes()).stream().map(UUID::toString)
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return tx.query("add slots", INSERT_ALL_PG, p -> p.array("text", ids).array("text", providers)
                        .array("text", departments).array("text", starts).array("text", ends)
                        .array("text", visitTypes),
                row -> Sql.uuid(row, "id"));
    }

    private List<UUID> insertOnH2(List<Slot> slots) {
        List<Sql.Binder> rows = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            rows.add(p -> p.uuid(slot.id().value()).uuid(slot.providerId().value()).uuid(slot.departmentId().value())
                    .instant(slot.start()).instant(slot.end()).array("uuid", sortedIds(slot.visitTypes()).toArray()));
        }
        int[] counts = tx.batch("add slots", INSERT_H2, rows);
        List<UUID> inserted = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1 || counts[i] == Statement.SUCCESS_NO_INFO) {
                inserted.add(slots.get(i).id().value());
            }
        }
        return inserted;
    }

    @Override
    public Optional<Slot> find(SlotId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find slot", FIND, p -> p.uuid(id.value()), JdbcSlots::map);
    }

    @Override
    public List<Slot> findOpen(SlotQuery query, StartCursor after, int limit) {
        Objects.requireNonNull(query, "query");
        Sql.pageLimit(limit);
        // The walk starts at the later of the range's start and the cursor's.
        Instant from = after != null && after.start().isAfter(query.from()) ? after.start() : query.from();
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE status = 'OPEN' AND start_at >= ? AND start_at < ?");
        if (query.provider() != null) {
            sql.append(" AND provider_id = ?");
        }
        if (query.department() != null) {
            sql.append(" AND department_id = ?");
        }
        if (query.visitType() != null) {
            sql.append(tx.postgres() ? " AND visit_type_ids @> ARRAY[CAST(? AS uuid)]"
                    : " AND ARRAY_CONTAINS(visit_type_ids, ?)");
        }
        if (after != null) {
            sql.append(tx.postgres() ? " AND (start_at, id) > (?, ?)" : " AND (start_at > ? OR start_at = ? AND id > ?)");
        }
        sql.append(" ORDER BY start_at, id" + Sql.limit(limit));
        return tx.query("find open slots", sql.toString(), p -> {
            p.instant(from).instant(query.to());
            if (query.provider() != null) {
                p.uuid(query.provider().value());
            }
            if (query.department() != null) {
                p.uuid(query.department().value());
            }
            if (query.visitType() != null) {
                p.uuid(query.visitType().value());
            }
            if (after != null) {
                p.instant(after.start());
                if (!tx.postgres()) {
                    p.instant(after.start());
                }
                p.uuid(after.id());
            }
        }, JdbcSlots::map);
    }

    @Override
    public List<Slot> overlapping(ProviderId provider, Instant from, Instant to) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        // slots_provider_end_idx finds the candidates: the provider's slots that end after from
        return tx.query("find overlapping slots", SELECT + " WHERE provider_id = ? AND start_at < ? AND end_at > ?"
                        + " ORDER BY start_at, id", p -> p.uuid(provider.value()).instant(to).instant(from),
                JdbcSlots::map);
    }

    @Override
    public boolean book(SlotId id, AppointmentId appointment) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appointment, "appointment");
        // One conditional statement: of concurrent bookers (on any node) exactly one changes the row.
        return tx.update("book slot", BOOK, p -> p.uuid(appointment.value()).uuid(id.value())) == 1;
    }

    @Override
    public boolean release(SlotId id, AppointmentId appointment) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appointment, "appointment");
        return tx.update("release slot", RELEASE, p -> p.uuid(id.value()).uuid(appointment.value())) == 1;
    }

    @Override
    public void releaseBehind(SlotId id, AppointmentId appointment) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appointment, "appointment");
        tx.defer("release slot", RELEASE, p -> p.uuid(id.value()).uuid(appointment.value()), null);
    }

    @Override
    public boolean close(SlotId id) {
        Objects.requireNonNull(id, "id");
        return tx.update("close slot", "UPDATE slots SET status = 'CLOSED', version = version + 1"
                + " WHERE id = ? AND status = 'OPEN'", p -> p.uuid(id.value())) == 1;
    }

    /** A slot's visit types in unsigned id order: one set, one stored array. */
    private static List<UUID> sortedIds(Set<VisitTypeId> visitTypes) {
        return visitTypes.stream().map(VisitTypeId::value).sorted(Uuids.UNSIGNED_ORDER).toList();
    }


    static Slot map(ResultSet row) throws SQLException {
        UUID appointment = Sql.uuid(row, "appointment_id");
        Set<VisitTypeId> visitTypes = new HashSet<>();
        for (UUID id : Sql.uuids(row, "visit_type_ids")) {
            visitTypes.add(new VisitTypeId(id));
        }
        return new Slot(new SlotId(Sql.uuid(row, "id")), new ProviderId(Sql.uuid(row, "provider_id")),
                new DepartmentId(Sql.uuid(row, "department_id")), Sql.instant(row, "start_at"),
                Sql.instant(row, "end_at"), visitTypes, Sql.enumValue(row, "status", SlotStatus.class),
                appointment == null ? null : new AppointmentId(appointment), row.getLong("version"));
    }
}

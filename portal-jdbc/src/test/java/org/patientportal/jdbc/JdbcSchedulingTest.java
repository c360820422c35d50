package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.SlotBooking;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The adapter's own checks of the scheduling stores (SC-1..SC-7), run on H2 (both modes) and on
 * PostgreSQL, until the compatibility kit has their contracts (and as the
 * adapter-specific part afterwards: array and JSON columns, zones, all-or-none batches, keyset ties).
 */
@ParameterizedClass(name = "{displayName} on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("The JDBC scheduling stores' own checks")
class JdbcSchedulingTest {
    private static final Instant MONDAY = Instant.parse("2026-03-02T14:00:00Z");

    protected TestDatabases.TestDatabase database;
    protected PortalStorage storage;
    private Department department;
    private Department otherDepartment;
    private Provider provider;
    private Provider otherProvider;
    private VisitType physical;
    private VisitType followUp;
    private Patient patient;

    /** The database this run is on. */
    @Parameter
    DatabaseKind databaseKind;

    /** A new, empty database. */
    protected TestDatabases.TestDatabase database() {
        return databaseKind.open(JdbcSchedulingTest.class);
    }

    @BeforeEach
    void open() {
        database = database();
        storage = JdbcStorage.create(database.dataSource());
        department = Fixtures.department();
        otherDepartment = new Department(DepartmentId.newId(), "Pediatrics", ZoneId.of("Europe/Paris"), 0);
        provider = Fixtures.provider();
        otherProvider = Fixtures.provider();
        physical = Fixtures.visitType();
        followUp = new VisitType(VisitTypeId.newId(), "Follow-up", Duration.ofMinutes(15), false,
                PatientEligibility.ESTABLISHED, true, 0);
        patient = Fixtures.patient();
        tx(t -> {
            t.departments().insert(department);
            t.departments().insert(otherDepartment);
            t.providers().insert(provider);
            t.providers().insert(otherProvider);
            t.visitTypes().insert(physical);
            t.visitTypes().insert(followUp);
            t.patients().insert(patient);
            return null;
        });
    }

    @AfterEach
    void closeDatabases() {
        storage.close();
        database.close();
    }

    private <T> T tx(Function<StorageTransaction, T> work) {
        return storage.inTransaction(work::apply);
    }

    private <T> Optional<T> one(Function<StorageTransaction, Optional<T>> work) {
        return tx(work);
    }

    private <T> List<T> many(Function<StorageTransaction, List<T>> work) {
        return tx(work);
    }

    private Slot slot(Instant start, VisitTypeId... visitTypes) {
        return Fixtures.slot(provider, department, start, visitTypes);
    }

    private void insert(List<Slot> slots) {
        tx(t -> {
            t.slots().insertAll(slots);
            return null;
        });
    }

    private Patient newPatient() {
        Patient p = Fixtures.patient();
        tx(t -> {
            t.patients().insert(p);
            return null;
        });
        return p;
    }

    @Test
    @DisplayName("departments, providers and visit types round-trip, update by version and page in unsigned id order")
    void referenceData() {
        assertThat(one(t -> t.departments().find(department.id()))).contains(department);
        assertThat(one(t -> t.departments().find(otherDepartment.id()))).contains(otherDepartment);
        assertThat(one(t -> t.providers().find(provider.id()))).contains(provider);
        assertThat(one(t -> t.visitTypes().find(physical.id()))).contains(physical);
        assertThat(one(t -> t.visitTypes().find(followUp.id()))).contains(followUp);
        assertThat(one(t -> t.departments().find(DepartmentId.newId()))).isEmpty();

        Department moved = tx(t -> t.departments().update(new Department(department.id(), "Cardiology East",
                ZoneId.of("America/Chicago"), 0)));
        assertThat(moved).isEqualTo(new Department(department.id(), "Cardiology East", ZoneId.of("America/Chicago"), 1));
        assertThat(one(t -> t.departments().find(department.id()))).contains(moved);
        assertThatThrownBy(() -> tx(t -> t.departments().update(department))).isInstanceOf(OptimisticLockException.class);
        Provider retired = tx(t -> t.providers().update(new Provider(provider.id(), "Dr. B", false, 0)));
        assertThat(retired).isEqualTo(new Provider(provider.id(), "Dr. B", false, 1));
        VisitType longer = tx(t -> t.visitTypes().update(new VisitType(physical.id(), "Physical", Duration.ofHours(1),
                false, PatientEligibility.NEW, false, 0)));
        assertThat(longer.version()).isEqualTo(1);
        assertThat(one(t -> t.visitTypes().find(physical.id()))).contains(longer);
        assertThatThrownBy(() -> tx(t -> t.visitTypes().update(Fixtures.visitType())))
                .isInstanceOf(OptimisticLockException.class);

        tx(t -> {
            assertThatThrownBy(() -> t.providers().insert(otherProvider)).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> t.departments().insert(otherDepartment)).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> t.visitTypes().insert(followUp)).isInstanceOf(DuplicateKeyException.class);
            assertThat(t.providers().find(otherProvider.id())).contains(otherProvider); // still usable
            return null;
        });

        List<UUID> providers = new ArrayList<>();
        for (long high : new long[] {-1L, 1L, 0x8000_0000_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL}) {
            Provider p = new Provider(new org.patientportal.model.ProviderId(new UUID(high, 9L)), "P" + high, true, 0);
            tx(t -> {
                t.providers().insert(p);
                return null;
            });
            providers.add(p.id().value());
        }
        providers.add(provider.id().value());
        providers.add(otherProvider.id().value());
        providers.sort(Uuids.UNSIGNED_ORDER);
        assertThat(pages((after, limit) -> tx(t -> t.providers().page(
                after == null ? null : new org.patientportal.model.ProviderId(after), limit)), p -> p.id().value()))
                .containsExactlyElementsOf(providers);
        assertThat(pages((after, limit) -> tx(t -> t.departments().page(after == null ? null : new DepartmentId(after),
                limit)), d -> d.id().value())).hasSize(2);
        assertThat(pages((after, limit) -> tx(t -> t.visitTypes().page(after == null ? null : new VisitTypeId(after),
                limit)), v -> v.id().value())).hasSize(2);
        assertThatThrownBy(() -> tx(t -> t.providers().page(null, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx(t -> t.visitTypes().page(null, 1001))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a stored zone this JVM does not know fails the read with a StorageException, no SQL in it")
    void unknownZone() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE departments SET zone = 'Mars/Olympus_Mons' WHERE id = '" + department.id() + "'");
        }
        assertThatThrownBy(() -> tx(t -> t.departments().find(department.id())))
                .isExactlyInstanceOf(StorageException.class).hasNoCause()
                .hasMessage("Could not read department: its stored zone is not a time zone this JVM knows");
    }

    @Test
    @DisplayName("slots round-trip with their visit types, micros; insertAll is all or none and leaves the transaction usable")
    void slotsRoundTrip() {
        Slot one = slot(MONDAY.plusNanos(123_456_789), physical.id(), followUp.id());
        Slot two = slot(MONDAY.plusSeconds(1800), followUp.id());
        insert(List.of(one, two));
        Slot stored = tx(t -> t.slots().find(one.id())).orElseThrow();
        assertThat(stored.start()).isEqualTo(MONDAY.plusNanos(123_456_000));
        assertThat(stored.end()).isEqualTo(MONDAY.plusSeconds(1800).plusNanos(123_456_000));
        assertThat(stored.visitTypes()).containsExactlyInAnyOrder(physical.id(), followUp.id());
        assertThat(stored.status()).isEqualTo(SlotStatus.OPEN);
        assertThat(stored.appointmentId()).isNull();
        assertThat(stored.version()).isZero();
        assertThat(one(t -> t.slots().find(two.id()))).contains(two);
        assertThat(one(t -> t.slots().find(SlotId.newId()))).isEmpty();

        Slot fresh = slot(MONDAY.plusSeconds(7200), physical.id());
        Slot fresh2 = slot(MONDAY.plusSeconds(9000), physical.id());
        tx(t -> {
            assertThatThrownBy(() -> t.slots().insertAll(List.of(fresh, two, fresh2)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> t.slots().insertAll(List.of(fresh, fresh)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(t.slots().find(fresh.id())).isEmpty();
            assertThat(t.slots().find(fresh2.id())).isEmpty();
            assertThat(t.slots().find(two.id())).contains(two); // the taken one is untouched
            t.slots().insertAll(List.of());
            return null;
        });
        assertThat(one(t -> t.slots().find(fresh.id()))).isEmpty();
        assertThatThrownBy(() -> insert(List.of(Fixtures.slot(Fixtures.provider(), department, MONDAY, physical.id()))))
                .isInstanceOf(StorageException.class); // unknown provider: a foreign key
        List<Slot> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(slot(MONDAY.plus(Duration.ofDays(10)).plusSeconds(1800L * i), physical.id()));
        }
        insert(many);
        assertThat(many(t -> t.slots().findOpen(new SlotQuery(MONDAY.plus(Duration.ofDays(10)),
                MONDAY.plus(Duration.ofDays(30)), null, null, null), null, 1000))).containsExactlyElementsOf(many);
    }

    @Test
    @DisplayName("book, release and close are conditional: OPEN to BOOKED once, back to OPEN by its holder only, CLOSED from OPEN only")
    void slotTransitions() {
        Slot slot = slot(MONDAY, physical.id());
        insert(List.of(slot));
        AppointmentId first = AppointmentId.newId();
        AppointmentId second = AppointmentId.newId();
        tx(t -> {
            assertThat(t.slots().book(slot.id(), first)).isTrue();
            assertThat(t.slots().book(slot.id(), second)).isFalse();
            assertThat(t.slots().close(slot.id())).isFalse();
            assertThat(t.slots().release(slot.id(), second)).isFalse();
            assertThat(t.slots().book(SlotId.newId(), second)).isFalse();
            return null;
        });
        Slot booked = tx(t -> t.slots().find(slot.id())).orElseThrow();
        assertThat(booked.status()).isEqualTo(SlotStatus.BOOKED);
        assertThat(booked.appointmentId()).isEqualTo(first);
        assertThat(booked.version()).isEqualTo(1);
        tx(t -> {
            assertThat(t.slots().release(slot.id(), first)).isTrue();
            assertThat(t.slots().release(slot.id(), first)).isFalse();
            assertThat(t.slots().close(slot.id())).isTrue();
            assertThat(t.slots().close(slot.id())).isFalse();
            assertThat(t.slots().book(slot.id(), second)).isFalse();
            return null;
        });
        Slot closed = tx(t -> t.slots().find(slot.id())).orElseThrow();
        assertThat(closed.status()).isEqualTo(SlotStatus.CLOSED);
        assertThat(closed.appointmentId()).isNull();
        assertThat(closed.version()).isEqualTo(3);
    }

    @Test
    @DisplayName("findOpen: open slots only, [from, to), filters, (start, id) keyset pages with ties in unsigned id order")
    void findOpen() {
        List<Slot> slots = new ArrayList<>();
        // Four slots at each of three starts, ids chosen to sort differently signed and unsigned.
        for (int s = 0; s < 3; s++) {
            for (long high : new long[] {-1L, 1L, 0x8000_0000_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL}) {
                Slot base = slot(MONDAY.plusSeconds(3600L * s), s == 1 ? followUp.id() : physical.id());
                slots.add(new Slot(new SlotId(new UUID(high, s)), base.providerId(), base.departmentId(), base.start(),
                        base.end(), base.visitTypes(), SlotStatus.OPEN, null, 0));
            }
        }
        Slot elsewhere = Fixtures.slot(otherProvider, otherDepartment, MONDAY.plusSeconds(1800), physical.id(),
                followUp.id());
        Slot early = slot(MONDAY.minusSeconds(1), physical.id());
        Slot atEnd = slot(MONDAY.plusSeconds(3 * 3600), physical.id());
        Slot booked = slot(MONDAY.plusSeconds(600), physical.id());
        Slot closed = slot(MONDAY.plusSeconds(700), physical.id());
        List<Slot> all = new ArrayList<>(slots);
        all.addAll(List.of(elsewhere, early, atEnd, booked, closed));
        Collections.shuffle(all);
        insert(all);
        tx(t -> {
            t.slots().book(booked.id(), AppointmentId.newId());
            t.slots().close(closed.id());
            return null;
        });
        Comparator<Slot> order = Comparator.comparing(Slot::start).thenComparing(s -> s.id().value(), Uuids.UNSIGNED_ORDER);
        Instant to = MONDAY.plusSeconds(3 * 3600);

        List<Slot> expected = new ArrayList<>(slots);
        expected.add(elsewhere);
        expected.sort(order);
        assertThat(openPages(new SlotQuery(MONDAY, to, null, null, null), 3)).containsExactlyElementsOf(expected);
        assertThat(openPages(new SlotQuery(MONDAY, to, provider.id(), null, null), 5))
                .containsExactlyElementsOf(expected.stream().filter(s -> s != elsewhere).toList());
        assertThat(openPages(new SlotQuery(MONDAY, to, null, otherDepartment.id(), null), 2)).containsExactly(elsewhere);
        assertThat(openPages(new SlotQuery(MONDAY, to, null, null, followUp.id()), 1))
                .containsExactlyElementsOf(expected.stream().filter(s -> s.visitTypes().contains(followUp.id())).toList());
        assertThat(openPages(new SlotQuery(MONDAY, to, provider.id(), department.id(), followUp.id()), 4))
                .containsExactlyElementsOf(slots.stream().filter(s -> s.visitTypes().contains(followUp.id()))
                        .sorted(order).toList());
        assertThat(openPages(new SlotQuery(MONDAY, MONDAY, null, null, null), 4)).isEmpty();
        assertThat(openPages(new SlotQuery(MONDAY, to, null, null, VisitTypeId.newId()), 4)).isEmpty();
        // A cursor before the range's start still starts at the range.
        StartCursor before = new StartCursor(MONDAY.minusSeconds(3600), new UUID(0, 0));
        assertThat(many(t -> t.slots().findOpen(new SlotQuery(MONDAY, to, null, null, null), before, 1)))
                .containsExactly(expected.get(0));
        assertThatThrownBy(() -> tx(t -> t.slots().findOpen(new SlotQuery(MONDAY, to, null, null, null), null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx(t -> t.slots().findOpen(new SlotQuery(MONDAY, to, null, null, null), null, 1001)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<Slot> openPages(SlotQuery query, int size) {
        List<Slot> seen = new ArrayList<>();
        StartCursor after = null;
        while (true) {
            StartCursor cursor = after;
            List<Slot> page = tx(t -> t.slots().findOpen(query, cursor, size));
            assertThat(page).hasSizeLessThanOrEqualTo(size);
            if (page.isEmpty()) {
                return seen;
            }
            seen.addAll(page);
            Slot last = page.get(page.size() - 1);
            after = new StartCursor(last.start(), last.id().value());
        }
    }

    @Test
    @DisplayName("overlapping: every slot of the provider, any status, overlapping [from, to); touching ones do not")
    void overlapping() {
        Slot a = slot(MONDAY, physical.id());
        Slot b = slot(MONDAY.plusSeconds(1800), physical.id());
        Slot c = slot(MONDAY.plusSeconds(3600), physical.id());
        Slot other = Fixtures.slot(otherProvider, department, MONDAY, physical.id());
        insert(List.of(c, a, b, other));
        tx(t -> t.slots().close(b.id()));
        assertThat(many(t -> t.slots().overlapping(provider.id(), MONDAY.plusSeconds(1), MONDAY.plusSeconds(3601))))
                .extracting(Slot::id).containsExactly(a.id(), b.id(), c.id());
        assertThat(many(t -> t.slots().overlapping(provider.id(), MONDAY.plusSeconds(1800), MONDAY.plusSeconds(3600))))
                .extracting(Slot::id).containsExactly(b.id());
        assertThat(many(t -> t.slots().overlapping(provider.id(), MONDAY.minusSeconds(60), MONDAY))).isEmpty();
    }

    @Test
    @DisplayName("insertIfNoOverlap: an overlapping BOOKED appointment refuses, touching or closed ones and other patients do not; a taken id is a duplicate")
    void noOverlap() {
        Patient other = newPatient();
        Slot a = slot(MONDAY, physical.id());
        Slot overlapsA = Fixtures.slot(otherProvider, otherDepartment, MONDAY.plusSeconds(900), physical.id());
        Slot touchesA = slot(MONDAY.plusSeconds(1800), physical.id());
        Slot overlapsAOnly = Fixtures.slot(otherProvider, department, MONDAY.minusSeconds(900), physical.id());
        insert(List.of(a, overlapsA, touchesA, overlapsAOnly));
        Appointment first = Fixtures.appointment(patient.id(), a);
        tx(t -> {
            assertThat(t.appointments().insertIfNoOverlap(first)).isTrue();
            assertThat(t.appointments().insertIfNoOverlap(Fixtures.appointment(patient.id(), overlapsA))).isFalse();
            assertThat(t.appointments().insertIfNoOverlap(Fixtures.appointment(other.id(), overlapsA))).isTrue();
            assertThat(t.appointments().insertIfNoOverlap(Fixtures.appointment(patient.id(), touchesA))).isTrue();
            assertThatThrownBy(() -> t.appointments().insertIfNoOverlap(first)).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> t.appointments().insertIfNoOverlap(first.close(AppointmentStatus.CANCELLED,
                    Fixtures.T0, "x", "y"))).isInstanceOf(IllegalArgumentException.class);
            return null;
        });
        assertThat(one(t -> t.appointments().find(first.id()))).contains(first);
        Appointment cancelled = tx(t -> t.appointments().update(first.close(AppointmentStatus.CANCELLED,
                Fixtures.T0.plusNanos(1999), "account-1", "patient_cancelled")));
        assertThat(cancelled.version()).isEqualTo(1);
        assertThat(cancelled.closedAt()).isEqualTo(Fixtures.T0.plusNanos(1000));
        assertThat(one(t -> t.appointments().find(first.id()))).contains(cancelled);
        assertThatThrownBy(() -> tx(t -> t.appointments().update(first.close(AppointmentStatus.NO_SHOW, Fixtures.T0,
                "x", "no_show")))).isInstanceOf(OptimisticLockException.class);
        assertThatThrownBy(() -> tx(t -> t.appointments().update(Fixtures.appointment(patient.id(), a)
                .close(AppointmentStatus.CANCELLED, Fixtures.T0, "x", "patient_cancelled"))))
                .isInstanceOf(OptimisticLockException.class);
        // The cancelled one no longer blocks; the booked one that touches it still does not.
        boolean again = tx(t -> t.appointments().insertIfNoOverlap(Fixtures.appointment(patient.id(), overlapsAOnly)));
        assertThat(again).isTrue();
    }

    @Test
    @DisplayName("upcoming ascending from `from`, past descending before `before`, (start, id) keyset pages, any status")
    void upcomingAndPast() {
        Patient other = newPatient();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            slots.add(slot(MONDAY.plus(Duration.ofDays(i)), physical.id()));
        }
        Slot otherProviders = Fixtures.slot(otherProvider, department, MONDAY.plus(Duration.ofDays(3)), physical.id());
        slots.add(otherProviders);
        insert(slots);
        List<Appointment> mine = new ArrayList<>();
        tx(t -> {
            for (Slot s : slots) {
                Appointment appointment = Fixtures.appointment(patient.id(), s);
                if (s == otherProviders) {
                    // same start as day 3, for a tie; cancelled so that it does not overlap
                    t.appointments().insertIfNoOverlap(Fixtures.appointment(other.id(), s));
                }
                mine.add(appointment);
            }
            for (Appointment a : mine) {
                if (a.slotId().equals(otherProviders.id())) {
                    continue;
                }
                t.appointments().insertIfNoOverlap(a);
            }
            return null;
        });
        // Day 3 of this patient cancelled, then a second one at the same start: two rows with one start.
        Appointment day3 = mine.get(3);
        Appointment tie = mine.get(7);
        tx(t -> {
            t.appointments().update(day3.close(AppointmentStatus.CANCELLED, Fixtures.T0, "x", "patient_cancelled"));
            assertThat(t.appointments().insertIfNoOverlap(tie)).isTrue();
            return null;
        });
        Comparator<Appointment> order = Comparator.comparing(Appointment::start)
                .thenComparing(a -> a.id().value(), Uuids.UNSIGNED_ORDER);
        List<UUID> ascending = mine.stream().sorted(order).map(a -> a.id().value()).toList();
        Instant from = MONDAY.plus(Duration.ofDays(2));
        List<UUID> upcoming = startPages((after, size) -> tx(t -> t.appointments().upcoming(patient.id(), from, after,
                size)), 2);
        assertThat(upcoming).containsExactlyElementsOf(ascending.subList(2, ascending.size()));
        List<UUID> past = startPages((after, size) -> tx(t -> t.appointments().past(patient.id(), from, after, size)), 1);
        assertThat(past).containsExactly(ascending.get(1), ascending.get(0));
        List<UUID> all = startPages((after, size) -> tx(t -> t.appointments().past(patient.id(),
                MONDAY.plus(Duration.ofDays(30)), after, size)), 3);
        List<UUID> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        assertThat(all).containsExactlyElementsOf(descending);
        assertThat(many(t -> t.appointments().upcoming(other.id(), MONDAY, null, 10))).hasSize(1);
        assertThat(many(t -> t.appointments().upcoming(PatientId.newId(), MONDAY, null, 10))).isEmpty();
        assertThatThrownBy(() -> tx(t -> t.appointments().past(patient.id(), from, null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx(t -> t.appointments().upcoming(patient.id(), from, null, 1001)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<UUID> startPages(BiFunction<StartCursor, Integer, List<Appointment>> page, int size) {
        List<UUID> seen = new ArrayList<>();
        StartCursor after = null;
        while (true) {
            List<Appointment> next = page.apply(after, size);
            assertThat(next).hasSizeLessThanOrEqualTo(size);
            if (next.isEmpty()) {
                return seen;
            }
            next.forEach(a -> seen.add(a.id().value()));
            Appointment last = next.get(next.size() - 1);
            after = new StartCursor(last.start(), last.id().value());
        }
    }

    @Test
    @DisplayName("visit summaries: diagnoses in order with any text, first save version 1, then versioned; duplicate and stale refused")
    void visitSummaries() {
        Slot s = slot(MONDAY, physical.id());
        insert(List.of(s));
        Appointment appointment = Fixtures.appointment(patient.id(), s);
        tx(t -> t.appointments().insertIfNoOverlap(appointment));
        List<Diagnosis> diagnoses = List.of(new Diagnosis("E11.9", "Type 2 diabetes \"mellitus\", without\ncomplications"),
                new Diagnosis("I10", "\\ \uD83D\uDE00 é \u0001 [\"]"));
        VisitSummary first = new VisitSummary(appointment.id(), patient.id(), "Rest, fluids.\n", diagnoses,
                Fixtures.T0.plusNanos(1999), "staff-7", 0);
        assertThat(one(t -> t.visitSummaries().find(appointment.id()))).isEmpty();
        VisitSummary saved = tx(t -> t.visitSummaries().save(first));
        VisitSummary expected = new VisitSummary(appointment.id(), patient.id(), "Rest, fluids.\n", diagnoses,
                Fixtures.T0.plusNanos(1000), "staff-7", 1);
        assertThat(saved).isEqualTo(expected);
        assertThat(one(t -> t.visitSummaries().find(appointment.id()))).contains(expected);
        tx(t -> {
            assertThatThrownBy(() -> t.visitSummaries().save(first)).isInstanceOf(DuplicateKeyException.class);
            assertThat(t.visitSummaries().find(appointment.id())).contains(expected); // still usable
            return null;
        });
        VisitSummary none = new VisitSummary(appointment.id(), patient.id(), "", List.of(), Fixtures.T0, "staff-8", 1);
        VisitSummary second = tx(t -> t.visitSummaries().save(none));
        assertThat(second.version()).isEqualTo(2);
        assertThat(one(t -> t.visitSummaries().find(appointment.id()))).contains(second);
        assertThatThrownBy(() -> tx(t -> t.visitSummaries().save(none))).isInstanceOf(OptimisticLockException.class);
        VisitSummary missing = new VisitSummary(AppointmentId.newId(), patient.id(), "", List.of(), Fixtures.T0, "s", 1);
        assertThatThrownBy(() -> tx(t -> t.visitSummaries().save(missing))).isInstanceOf(OptimisticLockException.class);
    }

    @Test
    @DisplayName("appointment requests: round trip with and without optional ids, decided by version, open queue and patient pages in id order")
    void requests() {
        Patient other = newPatient();
        List<AppointmentRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(new AppointmentRequest(AppointmentRequestId.newId(), i % 2 == 0 ? patient.id() : other.id(),
                    followUp.id(), i == 0 ? provider.id() : null, i == 0 ? department.id() : null, MONDAY,
                    MONDAY.plus(Duration.ofDays(14)).plusNanos(i == 1 ? 1500 : 0), RequestStatus.OPEN, Fixtures.T0, null, null, null,
                    null, 0));
        }
        tx(t -> {
            requests.forEach(t.appointmentRequests()::insert);
            assertThatThrownBy(() -> t.appointmentRequests().insert(requests.get(0)))
                    .isInstanceOf(DuplicateKeyException.class);
            return null;
        });
        assertThat(one(t -> t.appointmentRequests().find(requests.get(0).id()))).contains(requests.get(0));
        assertThat(one(t -> t.appointmentRequests().find(requests.get(1).id())).orElseThrow().latest())
                .isEqualTo(MONDAY.plus(Duration.ofDays(14)).plusNanos(1000));
        AppointmentRequest declined = tx(t -> t.appointmentRequests().update(requests.get(1)
                .decide(RequestStatus.DECLINED, Fixtures.T0, "staff-1", null, "no_capacity")));
        assertThat(declined.version()).isEqualTo(1);
        assertThat(declined.declineReason()).isEqualTo("no_capacity");
        assertThatThrownBy(() -> tx(t -> t.appointmentRequests().update(requests.get(1))))
                .isInstanceOf(OptimisticLockException.class);
        List<UUID> open = pages((after, size) -> tx(t -> t.appointmentRequests().open(
                after == null ? null : new AppointmentRequestId(after), size)), r -> r.id().value());
        assertThat(open).containsExactlyElementsOf(requests.stream().filter(r -> r != requests.get(1))
                .map(r -> r.id().value()).sorted(Uuids.UNSIGNED_ORDER).toList());
        List<UUID> others = pages((after, size) -> tx(t -> t.appointmentRequests().forPatient(other.id(),
                after == null ? null : new AppointmentRequestId(after), size)), r -> r.id().value());
        assertThat(others).containsExactly(requests.get(1).id().value(), requests.get(3).id().value());
    }

    @Test
    @DisplayName("wait list: served in id order per visit type and provider, WAITING only; patient pages; versioned close")
    void waitlist() {
        Slot s = slot(MONDAY.plus(Duration.ofDays(20)), physical.id(), followUp.id());
        insert(List.of(s));
        List<Patient> patients = new ArrayList<>(List.of(patient, newPatient(), newPatient(), newPatient()));
        List<WaitlistEntry> entries = new ArrayList<>();
        tx(t -> {
            for (Patient p : patients) {
                Appointment a = Fixtures.appointment(p.id(), s);
                t.appointments().insertIfNoOverlap(a);
                entries.add(new WaitlistEntry(WaitlistEntryId.newId(), p.id(), a.id(), physical.id(), provider.id(),
                        Fixtures.T0, WaitlistStatus.WAITING, null, 0));
            }
            entries.add(new WaitlistEntry(WaitlistEntryId.newId(), patient.id(), entries.get(0).appointmentId(),
                    followUp.id(), provider.id(), Fixtures.T0, WaitlistStatus.WAITING, null, 0));
            entries.forEach(t.waitlist()::insert);
            assertThatThrownBy(() -> t.waitlist().insert(entries.get(0))).isInstanceOf(DuplicateKeyException.class);
            return null;
        });
        WaitlistEntry fulfilled = tx(t -> t.waitlist().update(entries.get(1).close(WaitlistStatus.FULFILLED,
                Fixtures.T0.plusSeconds(5))));
        assertThat(fulfilled.version()).isEqualTo(1);
        assertThat(one(t -> t.waitlist().find(entries.get(1).id()))).contains(fulfilled);
        assertThatThrownBy(() -> tx(t -> t.waitlist().update(entries.get(1)))).isInstanceOf(OptimisticLockException.class);
        List<UUID> waiting = pages((after, size) -> tx(t -> t.waitlist().waiting(physical.id(), provider.id(),
                after == null ? null : new WaitlistEntryId(after), size)), e -> e.id().value());
        assertThat(waiting).containsExactly(entries.get(0).id().value(), entries.get(2).id().value(),
                entries.get(3).id().value());
        assertThat(many(t -> t.waitlist().waiting(followUp.id(), provider.id(), null, 10))).containsExactly(entries.get(4));
        assertThat(many(t -> t.waitlist().waiting(physical.id(), otherProvider.id(), null, 10))).isEmpty();
        assertThat(pages((after, size) -> tx(t -> t.waitlist().forPatient(patient.id(),
                after == null ? null : new WaitlistEntryId(after), size)), e -> e.id().value()))
                .containsExactly(entries.get(0).id().value(), entries.get(4).id().value());
    }

    @Test
    @DisplayName("64 threads booking the same 50 slots for 64 patients: exactly 50 appointments and 50 BOOKED slots (SC-3)")
    void bookingRace() throws Exception {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            slots.add(slot(MONDAY.plusSeconds(1800L * i), physical.id()));
        }
        insert(slots);
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            patients.add(Fixtures.patient());
        }
        tx(t -> {
            patients.forEach(t.patients()::insert);
            return null;
        });
        List<Optional<Appointment>> booked = JdbcStorageTest.runConcurrently(64,
                i -> BookingRace.bookAny(storage, patients.get(i), slots, i));
        assertThat(booked).filteredOn(Optional::isPresent).hasSize(50);
        assertThat(BookingRace.bookedSlots(storage, slots)).isEqualTo(50);
        assertThat(booked.stream().flatMap(Optional::stream).map(Appointment::slotId).distinct()).hasSize(50);
    }

    @Test
    @DisplayName("16 concurrent overlapping inserts for one patient: exactly one is inserted (SC-3)")
    void overlapRace() throws Exception {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            slots.add(Fixtures.slot(i % 2 == 0 ? provider : otherProvider, department, MONDAY.plusSeconds(60L * i),
                    physical.id()));
        }
        insert(slots);
        List<Boolean> inserted = JdbcStorageTest.runConcurrently(16,
                i -> tx(t -> t.appointments().insertIfNoOverlap(Fixtures.appointment(patient.id(), slots.get(i)))));
        assertThat(inserted).containsOnlyOnce(true).hasSize(16);
        assertThat(many(t -> t.appointments().upcoming(patient.id(), MONDAY, null, 100))).hasSize(1);
    }

    @Test
    @DisplayName("PostgreSQL: a booking writes no lock into its patient's row; slots_open_provider_start_idx holds OPEN slots only (V17)")
    void bookingLocksNoPatientRow() throws SQLException {
        Assumptions.assumeTrue(databaseKind == DatabaseKind.POSTGRES, "PostgreSQL's row locks");
        Slot slot = slot(MONDAY, physical.id());
        insert(List.of(slot));
        SlotBooking booking = tx(t -> t.bookSlot(Fixtures.appointment(patient.id(), slot)));
        assertThat(booking).isEqualTo(SlotBooking.BOOKED);
        // A row lock (a foreign key's check takes FOR KEY SHARE) is written into the row's xmax and stays after COMMIT.
        assertThat(MigrationTest.query(database.dataSource(),
                "SELECT xmax::text FROM patients WHERE id = '" + patient.id().value() + "'")).containsExactly("0");
        assertThat(MigrationTest.query(database.dataSource(),
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'slots_open_provider_start_idx'"))
                .singleElement().asString().contains("(provider_id, start_at, id) WHERE").endsWith("= 'OPEN'::text)");
        assertThat(MigrationTest.query(database.dataSource(),
                "SELECT indexname FROM pg_indexes WHERE indexname IN ('slots_provider_start_idx', 'appointments_slot_idx')"))
                .isEmpty();
    }

    private static <T> List<UUID> pages(BiFunction<UUID, Integer, List<T>> page, Function<T, UUID> id) {
        List<UUID> seen = new ArrayList<>();
        UUID after = null;
        while (true) {
            List<T> next = page.apply(after, 2);
            assertThat(next).hasSizeLessThanOrEqualTo(2);
            if (next.isEmpty()) {
                return seen;
            }
            next.forEach(row -> seen.add(id.apply(row)));
            after = id.apply(next.get(next.size() - 1));
        }
    }

    /** Any slot of {@code slots} for one patient: book + insertIfNoOverlap in one transaction, slot after slot. */
    static final class BookingRace {
        private BookingRace() {
        }

        static Optional<Appointment> bookAny(PortalStorage storage, Patient patient, List<Slot> slots, int offset) {
            for (int k = 0; k < slots.size(); k++) {
                Slot slot = slots.get((offset + k) % slots.size());
                Appointment appointment = Fixtures.appointment(patient.id(), slot);
                Optional<Appointment> result = storage.inTransaction(t -> {
                    if (!t.slots().book(slot.id(), appointment.id())) {
                        return Optional.empty();
                    }
                    if (!t.appointments().insertIfNoOverlap(appointment)) {
                        throw new IllegalStateException("no overlap expected");
                    }
                    return Optional.of(appointment);
                });
                if (result.isPresent()) {
                    return result;
                }
            }
            return Optional.empty();
        }

        static long bookedSlots(PortalStorage storage, List<Slot> slots) {
            return storage.inTransaction(t -> slots.stream()
                    .map(s -> t.slots().find(s.id()).orElseThrow())
                    .filter(s -> s.status() == SlotStatus.BOOKED)
                    .count());
        }
    }
}

package org.patientportal.benchmarks;

import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.patientportal.core.Actor;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.auth.PasswordHashing;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.records.HistoryRecord;
import org.patientportal.core.records.ImportHistory;
import org.patientportal.core.scheduling.BookAppointment;
import org.patientportal.core.scheduling.CancelAppointment;
import org.patientportal.core.scheduling.CreateDepartment;
import org.patientportal.core.scheduling.CreateProvider;
import org.patientportal.core.scheduling.CreateVisitType;
import org.patientportal.core.scheduling.Reschedule;
import org.patientportal.core.scheduling.WeeklyTemplate;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Delivery;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.core.scheduling.OpenedSlot;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationSender;
import org.patientportal.spi.storage.PortalStorage;
import org.jspecify.annotations.Nullable;

/**
 * Every SDK call the benchmarks make, and nothing else: when the public API changes, only this
 * class changes.
 *
 * <p>The clinic: one department (UTC, so no daylight-saving gaps), one self-schedulable 5-minute
 * visit type, and {@code lanes} providers with one signed-up, logged-in patient each. Lane
 * {@code i} books only provider {@code i}'s slots for patient {@code i}, in start order, so that a
 * patient's appointments never overlap (SC-3) and concurrent bookers work for different patients
 * (different audit chains), as a clinic's many patients would.
 *
 * <p>Patients sign up with {@link PasswordHashing#insecureForTests()} (hence
 * {@code allowInsecureForTests()}): log-in is set-up here, not measured, and the portal is
 * otherwise configured as in production.
 */
final class SdkBooking {
    /**
     * Slots start this many days after today (UTC): beyond the lead time and the cancellation cutoff,
     * and far enough that every default reminder (a week and a day before) is written to the outbox,
     * as for a typical booking; a booking three days ahead would skip the week-before one.
     */
    static final int FIRST_DAY_OFFSET = 10;
    private static final Duration SLOT = Duration.ofMinutes(5);

    private final Portal portal;
    private final Actor frontDesk = Actor.staff("bench-desk", Role.FRONT_DESK);
    private final DepartmentId department;
    private final VisitTypeId visitType;
    private final List<ProviderId> providers = new ArrayList<>();
    private final List<PatientId> patients = new ArrayList<>();
    private final List<Actor> actors = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private LocalDate nextDay = LocalDate.now(ZoneOffset.UTC).plusDays(FIRST_DAY_OFFSET);

    private final PortalStorage storage;
    private final byte[] secretKey = new byte[32];

    private SdkBooking(PortalStorage storage, int lanes) {
        this.storage = storage;
        new SecureRandom().nextBytes(secretKey);
        portal = node(new NoOpSender());
        department = portal.scheduling().createDepartment(frontDesk,
                new CreateDepartment("Bench clinic", ZoneOffset.UTC)).id();
        visitType = portal.scheduling().createVisitType(frontDesk,
                new CreateVisitType("Bench visit", SLOT, true, PatientEligibility.ANY)).id();
        String run = Long.toString(System.nanoTime() & 0xffffffffL, 36);
        for (int i = 0; i < lanes; i++) {
            providers.add(portal.scheduling().createProvider(frontDesk, new CreateProvider("Dr. Bench " + i)).id());
            PatientId patient = portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                    "B-" + run + "-" + i, "Bench", "Patient", LocalDate.of(1980, 1, 1), "1234",
                    "bench" + i + "@example.org", null));
            String code = portal.enrollment().issueActivationCode(frontDesk, patient, Delivery.LETTER).value();
            String username = "bench" + run + "x" + i;
            String password = "bench passphrase " + run + " " + i;
            SignedUp signedUp = portal.enrollment().signUp(new SignUp(code, "1234", LocalDate.of(1980, 1, 1),
                    username, password, null));
            Session session = portal.auth().logIn(username, password);
            patients.add(signedUp.patientId());
            tokens.add(session.token());
            actors.add(portal.auth().authenticate(session.token()));
        }
    }

    /** This clinic, as another process (same storage, key and patients) that has just built its portal. */
    private SdkBooking(PortalStorage storage, List<String> handOff) {
        this.storage = storage;
        System.arraycopy(HexFormat.of().parseHex(handOff.get(0)), 0, secretKey, 0, secretKey.length);
        department = DepartmentId.parse(handOff.get(1));
        visitType = VisitTypeId.parse(handOff.get(2));
        portal = node(new NoOpSender());
        for (String lane : handOff.subList(3, handOff.size())) {
            String[] patientAndToken = lane.split(" ", 2);
            patients.add(PatientId.parse(patientAndToken[0]));
            tokens.add(patientAndToken[1]);
        }
    }

    /**
     * What another JVM needs to act as this clinic's patients with {@link #attach}: the key, the
     * department and visit type, and each lane's patient and session token (secrets of a benchmark
     * clinic, passed to a child process through a temporary file).
     */
    List<String> handOff() {
        List<String> lines = new ArrayList<>(List.of(HexFormat.of().formatHex(secretKey), department.toString(),
                visitType.toString()));
        for (int i = 0; i < patients.size(); i++) {
            lines.add(patients.get(i) + " " + tokens.get(i));
        }
        return lines;
    }

    /**
     * The clinic of {@code handOff} on a new portal over {@code storage}: the portal is built here,
     * and nothing else is called; {@link #authenticateAll} then makes each lane's actor.
     */
    static SdkBooking attach(PortalStorage storage, List<String> handOff) {
        return new SdkBooking(storage, handOff);
    }

    /** Authenticates every lane's session (after {@link #attach}). */
    void authenticateAll() {
        actors.clear();
        for (String token : tokens) {
            actors.add(portal.auth().authenticate(token));
        }
    }

    /** Another node of the same host (same storage and key) whose notifications go to {@code sender}. */
    private Portal node(NotificationSender sender) {
        return Portal.builder()
                .storage(storage)
                .secretKey(secretKey)
                .notificationSender(sender)
                .passwordHashing(PasswordHashing.insecureForTests())
                .allowInsecureForTests()
                .build();
    }

    /**
     * A dispatcher on another node of the same host, sending to {@code sender}.
     *
     * @return runs {@code dispatchDue()} once on that node and returns how many entries it claimed
     */
    IntSupplier dispatcher(NotificationSender sender) {
        Portal other = node(sender);
        return () -> other.notifications().dispatchDue().claimed();
    }

    /** A clinic with {@code lanes} providers and patients on {@code storage}. */
    static SdkBooking create(PortalStorage storage, int lanes) {
        return new SdkBooking(storage, lanes);
    }

    /** How many lanes (provider and patient pairs) there are. */
    int lanes() {
        return patients.size();
    }

    /**
     * Opens the next day of 5-minute slots for every provider, from a weekly template (one
     * transaction per provider).
     *
     * @return for each lane, its new slots in start order
     */
    List<List<SlotId>> openNextDay() {
        LocalDate day = nextDay;
        nextDay = nextDay.plusDays(1);
        List<List<SlotId>> lanes = new ArrayList<>();
        for (ProviderId provider : providers) {
            List<OpenedSlot> opened = portal.scheduling().openSlotsFromTemplate(frontDesk, new WeeklyTemplate(
                    provider, department, EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.of(23, 59),
                    SLOT, Set.of(visitType), day, day));
            lanes.add(opened.stream().map(OpenedSlot::id).toList());
        }
        return lanes;
    }

    /** The patient of {@code lane} books {@code slot}, as that patient; returns the appointment. */
    AppointmentId book(int lane, SlotId slot, String idempotencyKey) {
        return portal.scheduling().book(actors.get(lane), patients.get(lane),
                new BookAppointment(slot, visitType, idempotencyKey)).appointmentId();
    }

    /** The patient of {@code lane} cancels {@code appointment}. */
    void cancel(int lane, AppointmentId appointment, String idempotencyKey) {
        portal.scheduling().cancel(actors.get(lane), patients.get(lane),
                new CancelAppointment(appointment, idempotencyKey));
    }

    /** The patient of {@code lane} moves {@code appointment} to {@code slot}; returns the new appointment. */
    AppointmentId reschedule(int lane, AppointmentId appointment, SlotId slot, String idempotencyKey) {
        return portal.scheduling().reschedule(actors.get(lane), patients.get(lane),
                new Reschedule(appointment, slot, idempotencyKey)).appointmentId();
    }

    /** Authenticates a request of the patient of {@code lane} with the token of its session. */
    Actor authenticate(int lane) {
        return portal.auth().authenticate(tokens.get(lane));
    }

    /**
     * Opens {@code days} days of 5-minute slots, from midnight to 23:59, for provider {@code lane},
     * from one weekly template, as {@code staff} (one transaction).
     *
     * @return how many slots it opened
     */
    int openTemplate(Actor staff, int lane, LocalDate first, int days) {
        return portal.scheduling().openSlotsFromTemplate(staff, new WeeklyTemplate(providers.get(lane), department,
                EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.of(23, 59), SLOT, Set.of(visitType),
                first, first.plusDays(days - 1L))).size();
    }

    /** Registers a patient who never signs up (a row for other patients' data to belong to). */
    PatientId registerPatient(String mrn) {
        return portal.enrollment().registerPatient(frontDesk, new RegisterPatient(mrn, "Filler", "Patient",
                LocalDate.of(1970, 1, 1), "4321", null, null));
    }

    /**
     * Imports {@code count} problems for {@code patient} as the clinic's record system, in batches of
     * at most 500, with source ids {@code prefix0 ... prefix(count-1)}, effective one minute apart.
     */
    void importProblems(PatientId patient, String prefix, int count) {
        Actor integration = Actor.staff("bench-records", Role.INTEGRATION);
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        for (int from = 0; from < count; from += 500) {
            List<HistoryRecord> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 500); i++) {
                batch.add(new HistoryRecord(HistoryCategory.PROBLEM, prefix + i, 1, "I10", "Problem " + i, null, null,
                        null, base.plusSeconds(60L * i), false));
            }
            portal.records().importHistory(integration, patient, new ImportHistory(batch));
        }
    }

    /** The patient of {@code lane}: their id, for set-up. */
    PatientId patient(int lane) {
        return patients.get(lane);
    }

    /**
     * The patient of {@code lane} reads a page of 20 of their problems, newest first.
     *
     * @param cursor the cursor of the previous page, or null for the first page
     * @return the next page's cursor, or null on the last page
     */
    @Nullable
    String problemsPage(int lane, @Nullable String cursor) {
        PageRequest request = cursor == null ? PageRequest.first(20) : PageRequest.after(cursor, 20);
        return portal.records().history(actors.get(lane), patients.get(lane), HistoryCategory.PROBLEM, request)
                .nextCursor();
    }

    /** Discards every notification: the benchmarks measure the writes, not a provider. */
    private static final class NoOpSender implements NotificationSender {
        @Override
        public void send(Notification notification) {
            // delivered nowhere
        }
    }
}

package org.patientportal.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.medications.AddPharmacy;
import org.patientportal.core.medications.ImportPrescriptions;
import org.patientportal.core.medications.Imported;
import org.patientportal.core.medications.MedicationView;
import org.patientportal.core.medications.PharmacyView;
import org.patientportal.core.medications.PrescriptionRecord;
import org.patientportal.core.medications.RefillQueueItem;
import org.patientportal.core.medications.RefillRequestView;
import org.patientportal.core.medications.Refillability;
import org.patientportal.core.medications.RequestRefill;
import org.patientportal.core.records.HistoryEntryView;
import org.patientportal.core.records.ReportEntry;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.core.scheduling.AppointmentView;
import org.patientportal.core.scheduling.BookAppointment;
import org.patientportal.core.scheduling.CancelAppointment;
import org.patientportal.core.scheduling.CreateDepartment;
import org.patientportal.core.scheduling.CreateProvider;
import org.patientportal.core.scheduling.CreateVisitType;
import org.patientportal.core.scheduling.FindSlots;
import org.patientportal.core.scheduling.RecordVisitSummary;
import org.patientportal.core.scheduling.Reschedule;
import org.patientportal.core.scheduling.DepartmentView;
import org.patientportal.core.scheduling.OpenedSlot;
import org.patientportal.core.scheduling.ProviderView;
import org.patientportal.core.scheduling.VisitTypeView;
import org.patientportal.core.scheduling.SlotView;
import org.patientportal.core.scheduling.WeeklyTemplate;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.PatientEligibility;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.patientportal.core.Actor;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.audit.AuditVerification;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.PageRequest;
import org.patientportal.core.messaging.CreatePool;
import org.patientportal.core.messaging.CreateTopic;
import org.patientportal.core.messaging.Messaging;
import org.patientportal.core.messaging.PoolView;
import org.patientportal.core.messaging.Reply;
import org.patientportal.core.messaging.Sent;
import org.patientportal.core.messaging.StartThread;
import org.patientportal.core.messaging.ThreadDetail;
import org.patientportal.core.messaging.ThreadView;
import org.patientportal.core.messaging.TopicView;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.notifications.UpdatePreferences;
import org.patientportal.core.proxy.ActingFor;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.AccountId;
import org.patientportal.model.Channel;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.core.proxy.ProxyGrantView;
import org.patientportal.core.audit.AuditEntry;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;

/**
 * A clinic's day (and a family's year) on the embedded default (JDBC storage on an H2 file
 * database), played through the public API the way a clinic's application would: the front desk
 * registers a patient and emails an activation code, the patient signs up, logs in, is
 * authenticated on a request and changes the password (a notice goes out); the patient becomes
 * the proxy of a son and of a father, loses the son's RESULTS and MESSAGING scopes on his 12th
 * birthday and the father's grant 18 months later; books visits; sees test results (a panel, a held
 * and released X-ray, a category-delayed result, a correction, a trend, {@code ResultsChapter});
 * an administrator then reads the audit trails
 * and verifies the chains. Notifications go to a console sender that prints them.
 *
 * <p>Run it with {@code mvn -q -pl examples -am -DskipTests -Pclinic-day verify}.
 */
public final class ClinicDay {
    /** An activation code as a message shows it (EN-2). */
    private static final Pattern CODE = Pattern.compile("[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}");

    private ClinicDay() {
    }

    /**
     * Plays the day.
     *
     * @param args optional folder for the H2 database (default {@code target/clinic-day-db})
     */
    public static void main(String[] args) {
        Path folder = Paths.get(args.length > 0 ? args[0] : "target/clinic-day-db");
        run(folder, System.out);
    }

    /**
     * Plays the day on a fresh H2 database in {@code folder}, printing to {@code out}.
     *
     * @return the audit trail of the day's patient
     */
    public static List<AuditEntry> run(Path folder, PrintStream out) {
        deleteRecursively(folder);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:file:" + folder.toAbsolutePath().resolve("portal"));
        pool.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(pool);
             JdbcStorage storage = JdbcStorage.create(dataSource)) {

            // The host owns its secret key (a secret store in production); the demo makes one.
            byte[] secretKey = new byte[32];
            new SecureRandom().nextBytes(secretKey);
            // The clock's zone is the clinic's: ages and proxy rules follow the clinic's calendar.
            DemoClock clock = new DemoClock(LocalDateTime.of(2026, 3, 2, 8, 0), ZoneId.of("America/New_York"));

            ConsoleNotificationSender console = new ConsoleNotificationSender(out);
            Portal portal = Portal.builder()
                    .storage(storage)
                    .secretKey(secretKey)
                    .notificationSender(console)   // your email/SMS provider
                    .clock(clock)
                    .resultsPolicy(ResultsChapter.policy())   // a state law's delay for one test category
                    .build();

            Actor frontDesk = Actor.staff("desk-17", Role.FRONT_DESK);
            Actor admin = Actor.staff("admin-2", Role.ADMIN);

            out.println("== A clinic's day on the Portal SDK (JDBC on H2 at " + folder + ")");
            PatientId patient = portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                    "MRN-000451", "Dana", "Rivers", LocalDate.of(1984, 2, 29), "1234",
                    "dana.rivers@example.org", "+15555550123"));
            say(out, clock, "front desk registered patient " + patient);

            // EN-1: an emailed code goes only to the email on file; the front desk never sees it (value() is null).
            ActivationCode code = portal.enrollment().issueActivationCode(frontDesk, patient, Delivery.EMAIL);
            say(out, clock, "front desk sent an activation code by email; it expires " + code.expiresAt());
            dispatch(portal, out, clock);
            String email = console.lastPrinted().orElseThrow();   // the email, as the console sender printed it

            clock.set(LocalDateTime.of(2026, 3, 2, 19, 40));
            Matcher typed = CODE.matcher(email);
            if (!typed.find()) {
                throw new IllegalStateException("the email carries no activation code");
            }
            say(out, clock, "the patient typed the code from the email");
            SignedUp signedUp = portal.enrollment().signUp(new SignUp(
                    typed.group(), "1234", LocalDate.of(1984, 2, 29),
                    "drivers", "correct horse battery staple", "signup-" + patient));
            say(out, clock, "patient signed up with the emailed code: account " + signedUp.accountId());

            Session session = portal.auth().logIn("drivers", "correct horse battery staple");
            say(out, clock, "patient logged in: session " + session.id() + ", idle timeout at " + session.idleExpiresAt());

            Actor me = portal.auth().authenticate(session.token());
            say(out, clock, "a request was authenticated as account " + me.accountId().orElseThrow()
                    + " for patient " + me.patientId().orElseThrow());

            clock.advance(Duration.ofMinutes(3));
            portal.auth().changePassword(me, new ChangePassword(
                    "correct horse battery staple", "a much longer passphrase for the portal"));
            say(out, clock, "patient changed the password; every session was revoked");
            dispatch(portal, out, clock);

            // The family: a son about to turn 12 and a father the patient cares for.
            clock.set(LocalDateTime.of(2026, 3, 3, 9, 0));
            PatientId son = portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                    "MRN-000452", "Milo", "Rivers", LocalDate.of(2014, 3, 20), "5678", null, null));
            PatientId father = portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                    "MRN-000453", "Walter", "Rivers", LocalDate.of(1946, 5, 1), "9012", null, null));
            ProxyGrantView parent = portal.proxies().grant(admin, son, new GrantProxy(
                    signedUp.accountId(), ProxyRelationship.PARENT, EnumSet.allOf(ProxyScope.class)));
            ProxyGrantView caregiver = portal.proxies().grant(admin, father, new GrantProxy(
                    signedUp.accountId(), ProxyRelationship.CAREGIVER,
                    EnumSet.of(ProxyScope.APPOINTMENTS, ProxyScope.MEDICATIONS)));
            say(out, clock, "admin granted the patient proxy access: parent of " + son + " (grant " + parent.id()
                    + "), caregiver of " + father + " until " + caregiver.expiresAt());

            Session daily = logIn(portal, out, clock);
            me = portal.auth().authenticate(daily.token());
            printActingFor(portal, me, out);
            portal.notifications().updatePreferences(me, son, new UpdatePreferences(
                    Map.of(NotificationKinds.RESULT_RELEASED, EnumSet.of(Channel.EMAIL)), null));
            say(out, clock, "the parent chose email for the son's result notices (MESSAGING scope)");

            clock.set(LocalDateTime.of(2026, 3, 20, 9, 0));
            say(out, clock, "the son turns 12 today (PX-2): RESULTS and MESSAGING need his consent now");
            daily = logIn(portal, out, clock);
            me = portal.auth().authenticate(daily.token());
            printActingFor(portal, me, out);
            refused(out, clock, "reading the son's notification preferences",
                    actor -> portal.notifications().preferences(actor, son), me);

            clock.set(LocalDateTime.of(2027, 9, 3, 9, 0));
            say(out, clock, "18 months after it was granted, the caregiver grant has expired (PX-2)");
            daily = logIn(portal, out, clock);
            me = portal.auth().authenticate(daily.token());
            printActingFor(portal, me, out);
            refused(out, clock, "reading the father's notification preferences",
                    actor -> portal.notifications().preferences(actor, father), me);
            portal.auth().logOut(daily.token());
            say(out, clock, "patient logged out");
            Session last = appointments(portal, out, clock, frontDesk, patient);
            portal.auth().logOut(last.token());
            say(out, clock, "patient logged out");
            last = medications(portal, out, clock, frontDesk, patient);
            portal.auth().logOut(last.token());
            say(out, clock, "patient logged out");
            messaging(portal, out, clock, frontDesk, admin, patient, signedUp.accountId());
            ResultsChapter.play(portal, out, clock, patient);

            List<AuditEntry> trail = portal.audit().trail(admin, patient, PageRequest.first(100)).items();
            printTrail(out, "patient " + patient, trail);
            printTrail(out, "the son " + son, portal.audit().trail(admin, son, PageRequest.first(100)).items());
            AuditVerification verification = portal.audit().verify();
            out.println("== audit().verify(): " + (verification.intact() ? "every chain intact" : "BROKEN " + verification.brokenChains())
                    + " (" + verification.eventsChecked() + " events checked)");
            return trail;
        }
    }

    /**
     * Staff open a week of slots from a template; the patient books two visits, gets a reminder,
     * reschedules one, is told to call the office when cancelling the other inside the cutoff, and
     * reads the after-visit summary of the visit that took place.
     */
    private static Session appointments(Portal portal, PrintStream out, DemoClock clock, Actor frontDesk,
                                        PatientId patient) {
        Actor clinician = Actor.staff("dr-okafor", Role.CLINICIAN);
        DepartmentView department = portal.scheduling().createDepartment(frontDesk,
                new CreateDepartment("Family Medicine", ZoneId.of("America/New_York")));
        ProviderView provider = portal.scheduling().createProvider(frontDesk, new CreateProvider("Dr. A. Okafor"));
        VisitTypeView followUp = portal.scheduling().createVisitType(frontDesk, new CreateVisitType(
                "Follow-up visit", Duration.ofMinutes(30), true, PatientEligibility.ANY));
        List<OpenedSlot> week = portal.scheduling().openSlotsFromTemplate(frontDesk, new WeeklyTemplate(
                provider.id(), department.id(),
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(12, 0), Duration.ofMinutes(30), Set.of(followUp.id()),
                LocalDate.of(2027, 9, 13), LocalDate.of(2027, 9, 17)));
        say(out, clock, "front desk opened " + week.size() + " slots for the week of 2027-09-13 from a weekly template");
        Session session = logIn(portal, out, clock);
        Actor me = portal.auth().authenticate(session.token());

        Page<SlotView> open = portal.scheduling().findOpenSlots(me, patient, new FindSlots(followUp.id(), provider.id(),
                null, LocalDate.of(2027, 9, 13), LocalDate.of(2027, 9, 17)), PageRequest.first(5));
        for (SlotView slot : open.items()) {
            out.println("      open: " + slot.start() + " with " + slot.providerName() + ", " + slot.departmentName());
        }
        SlotView monday = open.items().get(0);
        SlotView tuesday = portal.scheduling().findOpenSlots(me, patient, new FindSlots(followUp.id(), provider.id(), null,
                LocalDate.of(2027, 9, 14), LocalDate.of(2027, 9, 14)), PageRequest.first(1)).items().get(0);
        AppointmentView first = portal.scheduling().book(me, patient,
                new BookAppointment(monday.slotId(), followUp.id(), "book-" + monday.slotId()));
        AppointmentView second = portal.scheduling().book(me, patient,
                new BookAppointment(tuesday.slotId(), followUp.id(), "book-" + tuesday.slotId()));
        say(out, clock, "patient booked " + monday.start() + " and " + tuesday.start());
        dispatch(portal, out, clock);

        clock.set(LocalDateTime.of(2027, 9, 6, 9, 5));
        say(out, clock, "a week before the first visit (SC-6)");
        dispatch(portal, out, clock);
        session = logIn(portal, out, clock);
        me = portal.auth().authenticate(session.token());

        SlotView wednesday = portal.scheduling().findOpenSlots(me, patient, new FindSlots(followUp.id(), provider.id(), null,
                LocalDate.of(2027, 9, 15), LocalDate.of(2027, 9, 15)), PageRequest.first(3)).items().get(2);
        AppointmentView moved = portal.scheduling().reschedule(me, patient,
                new Reschedule(first.appointmentId(), wednesday.slotId(), "move-" + first.appointmentId()));
        say(out, clock, "patient moved the Monday visit to " + wednesday.start() + " (SC-4: the old slot is free again)");

        clock.set(LocalDateTime.of(2027, 9, 14, 8, 30));
        session = logIn(portal, out, clock);
        me = portal.auth().authenticate(session.token());
        try {
            portal.scheduling().cancel(me, patient, new CancelAppointment(second.appointmentId(), "cancel-" + second.appointmentId()));
            throw new IllegalStateException("a cancellation inside the cutoff should have been refused");
        } catch (RuleViolationException e) {
            say(out, clock, "cancelling the 09:00 visit was refused: " + e.reason() + ": " + e.getMessage());
        }

        clock.set(LocalDateTime.of(2027, 9, 15, 10, 45));
        portal.scheduling().markCompleted(frontDesk, patient, moved.appointmentId());
        portal.scheduling().recordVisitSummary(clinician, patient, moved.appointmentId(), new RecordVisitSummary(
                "Blood pressure is better. Keep the current dose and walk 30 minutes a day.",
                List.of(new Diagnosis("I10", "Essential (primary) hypertension"))));
        say(out, clock, "the visit took place; the clinician recorded its summary");
        session = logIn(portal, out, clock);
        me = portal.auth().authenticate(session.token());
        for (AppointmentView visit : portal.scheduling().past(me, patient, PageRequest.first(5)).items()) {
            out.println("      past: " + visit.start() + " " + visit.visitTypeName() + " with " + visit.providerName()
                    + " [" + visit.status() + "]" + (visit.summary() == null ? "" : " summary: " + visit.summary()
                    + " diagnoses: " + visit.diagnoses().stream().map(Diagnosis::code).toList()));
        }
        return session;
    }

    /**
     * The clinic's record system imports the patient's prescriptions (a re-send changes nothing);
     * the patient reads the medication list, asks for a refill that is too early and is told when,
     * asks for another at a pharmacy they chose; a clinician approves it from the refill queue and
     * the notice goes out; the patient reports an allergy that the clinician accepts.
     */
    private static Session medications(Portal portal, PrintStream out, DemoClock clock, Actor frontDesk,
                                       PatientId patient) {
        out.println("== Medications and health history");
        Actor recordSystem = Actor.staff("ehr-interface", Role.INTEGRATION);
        Actor clinician = Actor.staff("dr-okafor", Role.CLINICIAN);
        PharmacyView corner = portal.medications().addPharmacy(frontDesk,
                new AddPharmacy("Corner Pharmacy", "12 Elm St", "+1 555 010 2000", "1234567"));
        PharmacyView mainStreet = portal.medications().addPharmacy(frontDesk,
                new AddPharmacy("Main Street Drugs", "200 Main St", "+1 555 010 3000", "7654321"));
        LocalDate today = LocalDate.now(clock);
        ImportPrescriptions record = new ImportPrescriptions(List.of(
                new PrescriptionRecord("rx-1001", 3, "Lisinopril", "314076", "10 mg", "one tablet by mouth daily", 30,
                        30, 5, today.minusMonths(2), today.plusMonths(10), "Dr. A. Okafor", ControlledSchedule.NONE,
                        corner.id(), today.minusDays(25), PrescriptionStatus.ACTIVE),
                new PrescriptionRecord("rx-1002", 1, "Atorvastatin", "617312", "20 mg", "one tablet at bedtime", 90,
                        90, 3, today.minusMonths(1), today.plusMonths(11), "Dr. A. Okafor", ControlledSchedule.NONE,
                        corner.id(), today.minusDays(20), PrescriptionStatus.ACTIVE),
                new PrescriptionRecord("rx-0877", 2, "Amoxicillin", "308182", "500 mg", "three times a day for 7 days",
                        21, 7, 0, today.minusMonths(6), today.minusMonths(5), "Dr. A. Okafor", ControlledSchedule.NONE,
                        null, today.minusMonths(6), PrescriptionStatus.DISCONTINUED)));
        Imported first = portal.medications().importPrescriptions(recordSystem, patient, record);
        Imported again = portal.medications().importPrescriptions(recordSystem, patient, record);
        say(out, clock, "the record system imported " + first.changed() + " prescriptions; re-sent, "
                + again.changed() + " changed (RF-5)");

        Session session = logIn(portal, out, clock);
        Actor me = portal.auth().authenticate(session.token());
        Page<MedicationView> list = portal.medications().medications(me, patient, PageRequest.first(10));
        for (MedicationView line : list.items()) {
            Refillability r = line.refillability();
            out.println("      med: " + line.medication() + " " + line.dose() + ", " + line.refillsRemaining()
                    + " refill(s) left: " + (r.refillableNow() ? "refillable now"
                    : r.reason() + (r.refillableOn() == null ? "" : " until " + r.refillableOn())));
        }
        MedicationView lisinopril = list.items().get(0);
        MedicationView atorvastatin = list.items().get(1);
        try {
            portal.medications().requestRefill(me, patient, new RequestRefill(atorvastatin.id(), null, "refill-rx-1002"));
            throw new IllegalStateException("a refill this early should have been refused");
        } catch (RuleViolationException e) {
            say(out, clock, "the Atorvastatin refill was refused: " + e.reason() + "; it can be refilled from "
                    + atorvastatin.refillability().refillableOn());
        }
        portal.medications().addPreferredPharmacy(me, patient, mainStreet.id());
        RefillRequestView request = portal.medications().requestRefill(me, patient,
                new RequestRefill(lisinopril.id(), mainStreet.id(), "refill-rx-1001"));
        say(out, clock, "patient asked for a Lisinopril refill at " + mainStreet.name() + " [" + request.status() + "]");

        for (RefillQueueItem item : portal.medications().refillQueue(clinician, PageRequest.first(10)).items()) {
            out.println("      queue: " + item.medication() + " " + item.dose() + ", " + item.refillsRemaining()
                    + " refill(s) left, last filled " + item.lastFilledOn());
        }
        RefillRequestView approved = portal.medications().approveRefill(clinician, patient, request.id());
        say(out, clock, "the clinician approved the refill [" + approved.status() + "]; Lisinopril now has "
                + portal.medications().medications(me, patient, PageRequest.first(10)).items().get(0).refillsRemaining()
                + " refill(s) left");
        dispatch(portal, out, clock);

        HistoryEntryView reported = portal.records().report(me, patient,
                new ReportEntry(HistoryCategory.ALLERGY, "Penicillin", "hives", null));
        say(out, clock, "patient reported an allergy [" + reported.source() + ", " + reported.status() + "]");
        portal.records().accept(clinician, patient, reported.id());
        for (HistoryEntryView entry : portal.records().history(me, patient, HistoryCategory.ALLERGY,
                PageRequest.first(10)).items()) {
            out.println("      allergy: " + entry.name() + " (" + entry.detail() + ") reported by " + entry.source()
                    + " [" + entry.status() + "]");
        }
        return session;
    }

    /**
     * Messaging the care team (MS-1..MS-6): the admin sets up a pool and a topic; the patient asks
     * about a medication and the nurse answers within the reply-by time; a message about chest pain
     * is refused with the notice; the patient confirms another one is not urgent; the parent writes
     * for a young child; unread counts on both sides.
     */
    private static void messaging(Portal portal, PrintStream out, DemoClock clock, Actor frontDesk, Actor admin,
                                  PatientId patient, AccountId account) {
        out.println("== Messaging the care team");
        Messaging messaging = portal.messaging();
        Actor nurse = Actor.staff("nurse-ana", Role.CLINICIAN);
        messaging.setClinicZone(admin, ZoneId.of("America/New_York"));
        messaging.addHoliday(admin, LocalDate.of(2027, 9, 17));
        PoolView nurseLine = messaging.createPool(admin, new CreatePool("Nurse line"));
        messaging.addPoolMember(admin, nurseLine.id(), "nurse-ana");
        TopicView medication = messaging.createTopic(admin, new CreateTopic("Medication question", nurseLine.id(), 3));
        say(out, clock, "admin set up the \"" + medication.name() + "\" topic (answered by the nurse line in "
                + medication.responseBusinessDays() + " business days) and a clinic holiday on 2027-09-17");

        clock.set(LocalDateTime.of(2027, 9, 15, 11, 0));
        Session session = logIn(portal, out, clock);
        Actor me = portal.auth().authenticate(session.token());
        out.println("      compose screen notice: " + messaging.urgentNotice());
        Sent question = messaging.start(me, patient, new StartThread(medication.id(), null, "Lisinopril timing",
                "Should I take my lisinopril in the morning or at night?", false, "ask-" + patient));
        say(out, clock, "patient asked a medication question; reply due by "
                + question.replyBy().atZone(ZoneId.of("America/New_York")) + " (weekend and holiday skipped, MS-6)");
        dispatch(portal, out, clock);
        for (ThreadView waiting : messaging.inbox(nurse, nurseLine.id(), PageRequest.first(10)).items()) {
            out.println("      nurse line inbox: thread " + waiting.id() + " reply by " + waiting.replyBy()
                    + (waiting.overdue() ? " OVERDUE" : " (on time)") + ", unread " + waiting.clinicUnread());
        }

        clock.set(LocalDateTime.of(2027, 9, 16, 9, 30));
        ThreadDetail read = messaging.read(nurse, patient, question.threadId(), PageRequest.first(10));
        messaging.markRead(nurse, patient, question.threadId());
        messaging.reply(nurse, patient, question.threadId(), new Reply(
                "Take it in the morning, at the same time every day.", false, "answer-" + question.threadId()));
        say(out, clock, "the nurse read " + read.messages().items().size() + " message(s) and answered, "
                + (clock.instant().isBefore(read.thread().replyBy()) ? "within" : "after") + " the reply-by time");
        dispatch(portal, out, clock);
        out.println("      unread: patient " + messaging.unreadCount(me, patient) + ", nurse line "
                + messaging.unreadInPool(nurse, nurseLine.id()));
        messaging.markRead(me, patient, question.threadId());
        out.println("      after the patient read the answer: patient " + messaging.unreadCount(me, patient)
                + ", nurse line " + messaging.unreadInPool(nurse, nurseLine.id()));

        StartThread urgent = new StartThread(medication.id(), null, "New pills",
                "Since the new pills my chest hurts and I feel dizzy", false, null);
        try {
            messaging.start(me, patient, urgent);
            throw new IllegalStateException("a message that looks urgent should have been refused");
        } catch (RuleViolationException e) {
            say(out, clock, "a message about chest pain was refused: " + e.reason() + ": " + e.getMessage());
        }
        Sent confirmed = messaging.start(me, patient, new StartThread(medication.id(), null, "Side effects",
                "Last week I had a short chest pain on the stairs; it went away. Is it the new pills?", true, null));
        say(out, clock, "the patient confirmed a flagged message is not urgent; it was sent, reply by "
                + confirmed.replyBy().atZone(ZoneId.of("America/New_York")));

        PatientId daughter = portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                "MRN-000454", "Ivy", "Rivers", LocalDate.of(2020, 5, 5), "3456", null, null));
        portal.proxies().grant(admin, daughter, new GrantProxy(account, ProxyRelationship.PARENT,
                EnumSet.allOf(ProxyScope.class)));
        Sent forChild = messaging.start(me, daughter, new StartThread(medication.id(), null, "Fever dose",
                "What dose of children's acetaminophen for 20 kg?", false, null));
        say(out, clock, "the parent wrote to the nurse line for the 7-year-old daughter: thread " + forChild.threadId());
        for (ThreadView thread : messaging.threads(me, daughter, PageRequest.first(5)).items()) {
            out.println("      the daughter's thread " + thread.id() + " [" + thread.status() + "] reply by "
                    + thread.replyBy());
        }
        out.println("      unread: nurse line " + messaging.unreadInPool(nurse, nurseLine.id()) + ", patient "
                + messaging.unreadCount(me, patient));
        portal.auth().logOut(session.token());
        say(out, clock, "patient logged out");
    }

    private static Session logIn(Portal portal, PrintStream out, DemoClock clock) {
        Session session = portal.auth().logIn("drivers", "a much longer passphrase for the portal");
        say(out, clock, "patient logged in");
        return session;
    }

    private static void printActingFor(Portal portal, Actor me, PrintStream out) {
        for (ActingFor row : portal.proxies().actingFor(me, PageRequest.first(20)).items()) {
            out.println("      can act for " + row.patientId() + " "
                    + (row.relationship() == null ? "(own record)" : "as " + row.relationship()) + ": "
                    + row.scopes().stream().sorted().toList());
        }
    }

    private static void refused(PrintStream out, DemoClock clock, String what,
                                java.util.function.Consumer<Actor> call, Actor me) {
        try {
            call.accept(me);
            throw new IllegalStateException(what + " should have been refused");
        } catch (NotFoundException e) {
            say(out, clock, what + " was refused: " + e.code() + " (\"" + e.getMessage() + "\", like an unknown patient)");
        }
    }

    private static void dispatch(Portal portal, PrintStream out, DemoClock clock) {
        DispatchReport report = portal.notifications().dispatchDue();
        say(out, clock, "the outbox dispatcher delivered " + report.delivered() + " notification(s)");
    }

    private static void say(PrintStream out, DemoClock clock, String line) {
        out.println(clock.local() + "  " + line);
    }

    private static void printTrail(PrintStream out, String whose, List<AuditEntry> trail) {
        out.println("== Audit trail of " + whose + " (" + trail.size() + " events)");
        for (AuditEntry event : trail) {
            out.printf("#%-3d %s %-8s %-25s %-8s %-9s by %s %s%n",
                    event.sequence(), event.occurredAt(), event.action(), event.category(),
                    event.outcome(), event.actorKind(), event.actorId(),
                    event.actorRole() == null ? "" : "(" + event.actorRole() + ")");
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.patientportal.core.scheduling;

import org.patientportal.core.audit.AuditEntry;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.ConflictException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.ActorKind;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.notification.Notification;

/**
 * SC-5 (upcoming and past visits with their details, keyset paging), SC-6 (reminders through the
 * outbox, to the second, none after a cancel or a move; confirmations and cancellations without
 * PHI), SC-7 (wait list: offers, first to accept) and IN-1 (idempotent book, cancel, reschedule).
 * Run on every adapter.
 */
@OnEveryStorage
@DisplayName("Visits, reminders, wait list and idempotency (SC-5, SC-6, SC-7, IN-1)")
class SchedulingVisitsSuite extends SchedulingFixture {
    static final String BOOKED = NotificationKinds.APPOINTMENT_BOOKED;
    static final String CANCELLED = NotificationKinds.APPOINTMENT_CANCELLED;
    static final String OFFER = NotificationKinds.WAITLIST_OFFER;
    static final String REMINDER = NotificationKinds.APPOINTMENT_REMINDER;

    // ---------------------------------------------------------------- SC-5

    @Test
    @DisplayName("SC-5 upcoming: provider, department, visit type, times in the department's zone and status, in start order")
    void upcomingWithDetails() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot later = slotInDays(clinic, 9, 14);
        Slot sooner = slotInDays(clinic, 3, 9);
        Appointment second = book(patient, later, clinic);
        Appointment first = book(patient, sooner, clinic);

        Page<AppointmentView> page = scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 10));
        assertThat(page.items()).extracting(AppointmentView::appointmentId)
                .containsExactly(first.id(), second.id());
        assertThat(page.nextCursor()).isNull();
        AppointmentView view = page.items().get(0);
        assertThat(view.status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(view.slotId()).isEqualTo(sooner.id());
        assertThat(view.providerName()).isEqualTo(clinic.provider().displayName());
        assertThat(view.departmentName()).isEqualTo(clinic.department().name());
        assertThat(view.visitTypeName()).isEqualTo(clinic.visitType().name());
        assertThat(view.start()).isEqualTo(ZonedDateTime.ofInstant(sooner.start(), NEW_YORK));
        assertThat(view.end()).isEqualTo(ZonedDateTime.ofInstant(sooner.end(), NEW_YORK));
        assertThat(view.start().toLocalTime()).hasToString("09:00");
        assertThat(view.summary()).isNull();
        assertThat(view.diagnoses()).isEmpty();
        assertThat(scheduling().past(patient.actor(), patient.patient(), new PageRequest(null, 10)).items()).isEmpty();
    }

    @Test
    @DisplayName("SC-5 past: most recent first, with the after-visit summary and the diagnoses of a completed visit")
    void pastWithSummaryAndDiagnoses() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot visitSlot = slotInDays(clinic, 2, 9);
        Slot missedSlot = slotInDays(clinic, 3, 9);
        Appointment visit = book(patient, visitSlot, clinic);
        Appointment missed = book(patient, missedSlot, clinic);
        assertThat(refused(RuleViolationException.class,
                () -> row(scheduling().markCompleted(DESK, patient.patient(), visit.id()))).reason()).isEqualTo("not_started");

        clock.set(visitSlot.end());
        assertThat(refused(RuleViolationException.class, () -> scheduling().recordVisitSummary(CLINICIAN,
                patient.patient(), visit.id(), new RecordVisitSummary("Rest.", List.of()))).reason())
                .isEqualTo("not_completed");
        assertThat(row(scheduling().markCompleted(DESK, patient.patient(), visit.id())).status())
                .isEqualTo(AppointmentStatus.COMPLETED);
        List<Diagnosis> diagnoses = List.of(new Diagnosis("J06.9", "Acute upper respiratory infection"),
                new Diagnosis("R05.9", "Cough"));
        VisitSummaryView summary = scheduling().recordVisitSummary(CLINICIAN, patient.patient(), visit.id(),
                new RecordVisitSummary("Rest, fluids; come back if the fever lasts.", diagnoses));
        assertThat(summary.diagnoses()).isEqualTo(diagnoses);
        clock.set(missedSlot.end().plus(Duration.ofHours(1)));
        assertThat(row(scheduling().markNoShow(DESK, patient.patient(), missed.id())).status())
                .isEqualTo(AppointmentStatus.NO_SHOW);

        Page<AppointmentView> page = scheduling().past(patient.actor(), patient.patient(), new PageRequest(null, 10));
        assertThat(page.items()).extracting(AppointmentView::appointmentId)
                .containsExactly(missed.id(), visit.id());
        AppointmentView noShow = page.items().get(0);
        assertThat(noShow.status()).isEqualTo(AppointmentStatus.NO_SHOW);
        assertThat(noShow.summary()).isNull();
        AppointmentView completed = page.items().get(1);
        assertThat(completed.status()).isEqualTo(AppointmentStatus.COMPLETED);
        assertThat(completed.summary()).isEqualTo("Rest, fluids; come back if the fever lasts.");
        assertThat(completed.diagnoses()).containsExactlyElementsOf(diagnoses);
        assertThat(completed.start()).isEqualTo(ZonedDateTime.ofInstant(visitSlot.start(), NEW_YORK));
        assertThat(completed.providerName()).isEqualTo(clinic.provider().displayName());
        assertThat(scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 10)).items()).isEmpty();
    }

    @Test
    @DisplayName("SC-5 an appointment is upcoming up to its start instant, and past from then on (even while in progress)")
    void upcomingUntilItStarts() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 2, 9);
        Appointment appointment = book(patient, slot, clinic);
        clock.set(slot.start().minusSeconds(1));
        assertThat(upcomingIds(patient)).containsExactly(appointment.id());
        assertThat(scheduling().past(patient.actor(), patient.patient(), new PageRequest(null, 10)).items()).isEmpty();
        clock.set(slot.start().plusSeconds(600));
        assertThat(upcomingIds(patient)).isEmpty();
        assertThat(scheduling().past(patient.actor(), patient.patient(), new PageRequest(null, 10)).items())
                .extracting(AppointmentView::appointmentId).containsExactly(appointment.id());
    }

    List<AppointmentId> upcomingIds(Member patient) {
        return scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 10)).items().stream()
                .map(AppointmentView::appointmentId).toList();
    }

    @Test
    @DisplayName("SC-5 keyset paging: 7 upcoming in pages of 3 and 7 past in pages of 2, every one once, in order")
    void keysetPaging() {
        Clinic clinic = clinic();
        Member patient = member();
        List<Appointment> booked = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            booked.add(book(patient, slotInDays(clinic, day * 2, 8 + day), clinic));
        }
        List<AppointmentView> upcoming = allPages(patient, true, 3);
        assertThat(upcoming).extracting(AppointmentView::appointmentId)
                .containsExactlyElementsOf(booked.stream().map(Appointment::id).toList());

        clock.set(booked.get(6).end().plus(Duration.ofDays(1)));
        List<AppointmentView> past = allPages(patient, false, 2);
        List<AppointmentId> newestFirst = new ArrayList<>(booked.stream().map(Appointment::id).toList());
        Collections.reverse(newestFirst);
        assertThat(past).extracting(AppointmentView::appointmentId).containsExactlyElementsOf(newestFirst);
    }

    @Test
    @DisplayName("SC-5 times are shown in each department's own zone (Berlin +01:00, Kolkata +05:30), not the clock's")
    void eachDepartmentsZone() {
        Clinic berlin = clinic(ZoneId.of("Europe/Berlin"));
        Clinic kolkata = clinic(ZoneId.of("Asia/Kolkata"));
        Member patient = member();
        Slot inBerlin = slot(berlin, LocalDateTime.of(2026, 3, 10, 9, 0));
        Slot inKolkata = slot(kolkata, LocalDateTime.of(2026, 3, 11, 9, 0), Set.of(berlin.visitType().id()));
        assertThat(inBerlin.start()).isEqualTo(Instant.parse("2026-03-10T08:00:00Z"));
        assertThat(inKolkata.start()).isEqualTo(Instant.parse("2026-03-11T03:30:00Z"));
        book(patient, inBerlin, berlin);
        book(patient, inKolkata, berlin);
        List<AppointmentView> views = scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 10)).items();
        assertThat(views).extracting(v -> v.start().toOffsetDateTime().toString())
                .containsExactly("2026-03-10T09:00+01:00", "2026-03-11T09:00+05:30");
        assertThat(views).extracting(v -> v.start().getZone())
                .containsExactly(berlin.zone(), kolkata.zone());
    }

    // ---------------------------------------------------------------- access and audit

    @Test
    @DisplayName("SC-3/PX-1 a caregiver with APPOINTMENTS books and cancels for the patient; the patient sees it; audited as PROXY (AD-1)")
    void proxyBooksForPatient() {
        Clinic clinic = clinic();
        Member patient = member();
        Member caregiver = member();
        portal.proxies().grant(ADMIN, patient.patient(), new GrantProxy(
                caregiver.account(), ProxyRelationship.CAREGIVER,
                Set.of(ProxyScope.APPOINTMENTS)));
        Slot slot = slotInDays(clinic, 5, 9);
        Appointment appointment = row(scheduling().book(caregiver.actor(), patient.patient(),
                new BookAppointment(slot.id(), clinic.visitType().id(), null)));
        assertThat(appointment.patientId()).isEqualTo(patient.patient());
        assertThat(appointmentsOf(caregiver.patient())).isEmpty();
        assertThat(scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 10)).items())
                .extracting(AppointmentView::appointmentId).containsExactly(appointment.id());
        row(scheduling().cancel(caregiver.actor(), patient.patient(), new CancelAppointment(appointment.id(), null)));

        List<AuditEntry> trail = portal.audit().trail(ADMIN, patient.patient(), PageRequest.first(500)).items();
        List<AuditEntry> appointmentEvents = trail.stream()
                .filter(e -> e.category().equals("appointment")).toList();
        // book by the caregiver, the patient's own read, cancel by the caregiver
        assertThat(appointmentEvents).extracting(AuditEntry::action).containsExactly(
                AuditAction.CREATE, AuditAction.READ,
                AuditAction.UPDATE);
        assertThat(appointmentEvents).extracting(e -> e.actorKind()).containsExactly(
                ActorKind.PROXY, ActorKind.PATIENT,
                ActorKind.PROXY);
        assertThat(appointmentEvents).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });
        assertThat(appointmentEvents.get(0).actorId()).isEqualTo(caregiver.account().toString());
        assertThat(appointmentEvents.get(0).recordId()).isEqualTo(appointment.id().toString());
    }

    @Test
    @DisplayName("AD-1/AD-3 a refused cancel is audited FAILED with its reason on the patient's chain, and the chain stays intact")
    void refusalsAudited() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 5, 9);
        Appointment appointment = book(patient, slot, clinic);
        clock.set(slot.start().minus(Duration.ofHours(1)));
        refused(RuleViolationException.class, () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(appointment.id(), null))));
        AuditEntry last = lastAppointmentEvent(patient);
        assertThat(last.outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(last.reason()).isEqualTo("inside_cutoff");
        assertThat(last.action()).isEqualTo(AuditAction.UPDATE);
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("AD-3/SC-3/IN-1 refused bookings with keys (a taken slot, an overlap; refused at the commit where the"
            + " storage books behind) are audited FAILED with their reasons, the chain intact, and keep no result for"
            + " their keys")
    void refusedBookingsAudited() {
        Clinic clinic = clinic();
        Clinic other = clinic();
        Member first = member();
        Member patient = member();
        Slot taken = slotInDays(clinic, 5, 9);
        book(first, taken, clinic);
        ConflictException conflict = refused(ConflictException.class, () -> scheduling().book(patient.actor(),
                patient.patient(), new BookAppointment(taken.id(), clinic.visitType().id(), "taken-key")));
        assertThat(lastAppointmentEvent(patient)).satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.reason()).isEqualTo(conflict.code());
            assertThat(e.action()).isEqualTo(AuditAction.CREATE);
        });
        Slot mine = slotInDays(clinic, 6, 9);
        book(patient, mine, clinic);
        Slot overlapping = slot(other, LocalDateTime.ofInstant(mine.start(), clinic.zone()).plusMinutes(15),
                Set.of(clinic.visitType().id()));
        RuleViolationException overlap = refused(RuleViolationException.class, () -> scheduling().book(
                patient.actor(), patient.patient(), new BookAppointment(overlapping.id(), clinic.visitType().id(),
                        "overlap-key")));
        assertThat(overlap.reason()).isEqualTo("overlapping_appointment");
        assertThat(lastAppointmentEvent(patient)).satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.reason()).isEqualTo("overlapping_appointment");
        });
        assertThat(stored(overlapping).status()).isEqualTo(SlotStatus.OPEN);
        // no result was kept for the refused keys: each books another (free) slot as a first call would
        Slot free = slotInDays(clinic, 7, 9);
        assertThat(row(scheduling().book(patient.actor(), patient.patient(), new BookAppointment(free.id(),
                clinic.visitType().id(), "taken-key"))).status()).isEqualTo(AppointmentStatus.BOOKED);
        Slot later = slotInDays(clinic, 8, 9);
        assertThat(row(scheduling().book(patient.actor(), patient.patient(), new BookAppointment(later.id(),
                clinic.visitType().id(), "overlap-key"))).status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    private AuditEntry lastAppointmentEvent(Member member) {
        return portal.audit().trail(ADMIN, member.patient(), PageRequest.first(500)).items().stream()
                .filter(e -> e.category().equals("appointment")).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    @DisplayName("SC-2/SC-5 keyset paging with equal start times: slots of 5 providers at 10:00 and 5 cancelled visits at one time, pages of 1 and 2, each once")
    void pagingWithTies() {
        Member patient = member();
        List<Clinic> clinics = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        LocalDateTime at = LocalDate.ofInstant(clock.instant(), NEW_YORK).plusDays(6).atTime(10, 0);
        for (int i = 0; i < 5; i++) {
            Clinic c = clinic();
            clinics.add(c);
            slots.add(slot(c, at, Set.of(clinics.get(0).visitType().id())));
        }
        for (int size : new int[] {1, 2}) {
            List<SlotId> seen = new ArrayList<>();
            String cursor = null;
            for (int i = 0; i < 20; i++) {
                Page<SlotView> page = scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(
                        clinics.get(0).visitType().id(), null, null, at.toLocalDate(), at.toLocalDate()), new PageRequest(cursor, size));
                page.items().forEach(v -> seen.add(v.slotId()));
                cursor = page.nextCursor();
                if (cursor == null) {
                    break;
                }
            }
            assertThat(seen).as("pages of %d", size).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(slots.stream().map(Slot::id).toList());
        }
        List<AppointmentId> cancelled = new ArrayList<>();
        for (Slot slot : slots) {
            Appointment a = book(patient, slot, clinics.get(0));
            row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(a.id(), null)));
            cancelled.add(a.id());
        }
        assertThat(allPages(patient, true, 1)).extracting(AppointmentView::appointmentId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(cancelled)
                .allSatisfy(id -> assertThat(cancelled).contains(id));
        assertThat(allPages(patient, true, 1)).extracting(AppointmentView::status)
                .containsOnly(AppointmentStatus.CANCELLED);
        clock.set(slots.get(0).end());
        assertThat(allPages(patient, false, 2)).extracting(AppointmentView::appointmentId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(cancelled);
    }

    // ---------------------------------------------------------------- SC-6

    @Test
    @DisplayName("SC-6 booking writes a confirmation now and reminders due exactly 7 days and 1 day before the start, none before")
    void remindersToTheSecond() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 10, 10);
        book(patient, slot, clinic);

        assertThat(kinds(dispatchTo(patient))).containsExactly(BOOKED);
        Instant weekBefore = slot.start().minus(Duration.ofDays(7));
        Instant dayBefore = slot.start().minus(Duration.ofDays(1));
        clock.set(weekBefore.minusSeconds(1));
        assertThat(dispatchTo(patient)).isEmpty();
        clock.set(weekBefore);
        assertThat(kinds(dispatchTo(patient))).containsExactly(REMINDER);
        clock.set(dayBefore.minusSeconds(1));
        assertThat(dispatchTo(patient)).isEmpty();
        clock.set(dayBefore);
        assertThat(kinds(dispatchTo(patient))).containsExactly(REMINDER);
        clock.set(slot.end());
        assertThat(dispatchTo(patient)).isEmpty();
    }

    @Test
    @DisplayName("SC-6 a reminder time already past is not written: booked 3 days ahead, only the 1-day reminder")
    void onlyFutureReminders() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 3, 10);
        book(patient, slot, clinic);
        assertThat(kinds(dispatchTo(patient))).containsExactly(BOOKED);
        clock.set(slot.start().minus(Duration.ofDays(1)));
        assertThat(kinds(dispatchTo(patient))).containsExactly(REMINDER);
        clock.set(slot.start());
        assertThat(dispatchTo(patient)).isEmpty();
    }

    @Test
    @DisplayName("SC-6 a cancelled appointment sends a cancellation notice and no reminder, ever")
    void noRemindersAfterCancel() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 10, 10);
        Appointment appointment = book(patient, slot, clinic);
        assertThat(kinds(dispatchTo(patient))).containsExactly(BOOKED);
        row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(appointment.id(), null)));
        assertThat(kinds(dispatchTo(patient))).containsExactly(CANCELLED);
        for (Instant at : List.of(slot.start().minus(Duration.ofDays(7)), slot.start().minus(Duration.ofDays(1)),
                slot.end())) {
            clock.set(at);
            assertThat(dispatchTo(patient)).as("nothing at %s", at).isEmpty();
        }
    }

    @Test
    @DisplayName("SC-6 reschedule moves the reminders: none for the old time, both for the new one")
    void remindersMoveWithReschedule() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot oldSlot = slotInDays(clinic, 10, 10);
        Slot newSlot = slotInDays(clinic, 20, 15);
        Appointment old = book(patient, oldSlot, clinic);
        dispatchTo(patient);
        row(scheduling().reschedule(patient.actor(), patient.patient(), new Reschedule(old.id(), newSlot.id(), null)));
        dispatchTo(patient);

        clock.set(oldSlot.start().minus(Duration.ofDays(7)));
        assertThat(dispatchTo(patient)).isEmpty();
        clock.set(oldSlot.start().minus(Duration.ofDays(1)));
        assertThat(dispatchTo(patient)).isEmpty();
        clock.set(newSlot.start().minus(Duration.ofDays(7)));
        assertThat(kinds(dispatchTo(patient))).containsExactly(REMINDER);
        clock.set(newSlot.start().minus(Duration.ofDays(1)));
        assertThat(kinds(dispatchTo(patient))).containsExactly(REMINDER);
    }

    @Test
    @DisplayName("SC-6/NT-3 confirmations, reminders and cancellations carry no PHI: no name of provider, department, visit type or patient, no time")
    void noPhiInNotifications() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 10, 10);
        Appointment appointment = book(patient, slot, clinic);
        List<Notification> all = new ArrayList<>(dispatchTo(patient));
        clock.set(slot.start().minus(Duration.ofDays(7)));
        all.addAll(dispatchTo(patient));
        row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(appointment.id(), null)));
        all.addAll(dispatchTo(patient));
        assertThat(kinds(all)).containsExactly(BOOKED, REMINDER, CANCELLED);
        LocalDateTime local = LocalDateTime.ofInstant(slot.start(), NEW_YORK);
        for (Notification n : all) {
            String text = n.subject() + "\n" + n.body();
            assertThat(text).as(n.kind()).doesNotContain(clinic.provider().displayName(), clinic.department().name(),
                    clinic.visitType().name(), "Robin", "Vale", "Okafor", "Follow-up", appointment.id().toString(),
                    local.toLocalDate().toString(), local.toLocalTime().toString());
            assertThat(text).as(n.kind()).containsIgnoringCase("appointment");
        }
    }

    // ---------------------------------------------------------------- SC-7

    @Test
    @DisplayName("SC-7 a freed earlier slot is offered to the waiting patients of that visit type and provider; the first to accept gets it")
    void waitlistFirstToAccept() {
        Clinic clinic = clinic();
        Member early = member();
        Member firstWaiting = member();
        Member secondWaiting = member();
        Member notWaiting = member();
        Slot freed = slotInDays(clinic, 5, 9);
        Slot firstLater = slotInDays(clinic, 20, 9);
        Slot secondLater = slotInDays(clinic, 21, 9);
        Slot otherLater = slotInDays(clinic, 22, 9);
        Appointment earlyAppointment = book(early, freed, clinic);
        Appointment firstAppointment = book(firstWaiting, firstLater, clinic);
        Appointment secondAppointment = book(secondWaiting, secondLater, clinic);
        book(notWaiting, otherLater, clinic);
        WaitlistEntryView firstEntry = scheduling().joinWaitlist(firstWaiting.actor(), firstWaiting.patient(),
                firstAppointment.id());
        WaitlistEntryView secondEntry = scheduling().joinWaitlist(secondWaiting.actor(), secondWaiting.patient(),
                secondAppointment.id());
        assertThat(firstEntry.status()).isEqualTo(WaitlistStatus.WAITING);
        assertThat(firstEntry.id().value()).isLessThan(secondEntry.id().value());
        assertThat(scheduling().joinWaitlist(firstWaiting.actor(), firstWaiting.patient(), firstAppointment.id()).id())
                .as("joining twice gives the existing entry").isEqualTo(firstEntry.id());
        // the order they are offered in: the order they joined
        List<WaitlistEntry> order = storage.inTransaction(tx -> tx.waitlist().waiting(clinic.visitType().id(),
                clinic.provider().id(), null, 10));
        assertThat(order).extracting(WaitlistEntry::id).containsExactly(firstEntry.id(), secondEntry.id());
        dispatch();

        row(scheduling().cancel(early.actor(), early.patient(), new CancelAppointment(earlyAppointment.id(), null)));
        List<Notification> sent = dispatch();
        assertThat(kinds(to(firstWaiting, sent))).containsExactly(OFFER);
        assertThat(kinds(to(secondWaiting, sent))).containsExactly(OFFER);
        assertThat(to(notWaiting, sent)).isEmpty();
        assertThat(kinds(to(early, sent))).containsExactly(CANCELLED);

        // the second accepts first and gets the slot
        Appointment moved = row(scheduling().acceptOffer(secondWaiting.actor(), secondWaiting.patient(), secondEntry.id(),
                freed.id()));
        assertThat(moved.slotId()).isEqualTo(freed.id());
        assertThat(moved.status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(stored(secondAppointment).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
        assertThat(stored(secondLater).status()).isEqualTo(SlotStatus.OPEN);
        assertThat(waitlistOf(secondWaiting.patient())).singleElement().extracting(WaitlistEntry::status)
                .isEqualTo(WaitlistStatus.FULFILLED);

        // the first is too late: a conflict, and keeps their appointment and place
        Snapshot before = snapshot(clinic.provider(), firstWaiting.patient());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[] {firstWaiting.patient()},
                () -> row(scheduling().acceptOffer(firstWaiting.actor(), firstWaiting.patient(), firstEntry.id(), freed.id())));
        assertThat(stored(firstAppointment).status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(waitlistOf(firstWaiting.patient())).singleElement().extracting(WaitlistEntry::status)
                .isEqualTo(WaitlistStatus.WAITING);
    }

    @Test
    @DisplayName("SC-7 offers go only for an earlier slot, and not to a patient who left the list")
    void waitlistOnlyEarlierAndStillWaiting() {
        Clinic clinic = clinic();
        Member canceller = member();
        Member waitingEarlier = member();
        Member left = member();
        Slot freed = slotInDays(clinic, 10, 9);
        Slot before = slotInDays(clinic, 8, 9);
        Slot after = slotInDays(clinic, 20, 9);
        Appointment cancelled = book(canceller, freed, clinic);
        Appointment earlierThanFreed = book(waitingEarlier, before, clinic);
        Appointment leftAppointment = book(left, after, clinic);
        scheduling().joinWaitlist(waitingEarlier.actor(), waitingEarlier.patient(), earlierThanFreed.id());
        WaitlistEntryView leftEntry = scheduling().joinWaitlist(left.actor(), left.patient(), leftAppointment.id());
        scheduling().leaveWaitlist(left.actor(), left.patient(), leftEntry.id());
        scheduling().leaveWaitlist(left.actor(), left.patient(), leftEntry.id());
        assertThat(waitlistOf(left.patient())).singleElement().extracting(WaitlistEntry::status)
                .isEqualTo(WaitlistStatus.CANCELLED);
        dispatch();

        row(scheduling().cancel(canceller.actor(), canceller.patient(), new CancelAppointment(cancelled.id(), null)));
        List<Notification> sent = dispatch();
        assertThat(to(waitingEarlier, sent)).isEmpty();
        assertThat(to(left, sent)).isEmpty();
        assertThat(kinds(to(canceller, sent))).containsExactly(CANCELLED);
        assertThat(refused(RuleViolationException.class, () -> scheduling().joinWaitlist(canceller.actor(),
                canceller.patient(), cancelled.id())).reason()).isEqualTo("not_booked");
    }

    @Test
    @DisplayName("SC-7 an offer is only for an earlier slot of the same provider (not_an_offer); cancelling the appointment closes its entry")
    void offerRulesAndEntryClosedOnCancel() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot mine = slotInDays(clinic, 10, 9);
        Slot later = slotInDays(clinic, 12, 9);
        Clinic other = clinic();
        Slot otherProvider = slot(other, LocalDate.ofInstant(clock.instant(), NEW_YORK).plusDays(5).atTime(9, 0),
                Set.of(clinic.visitType().id()));
        Appointment appointment = book(patient, mine, clinic);
        WaitlistEntryView entry = scheduling().joinWaitlist(patient.actor(), patient.patient(), appointment.id());
        for (Slot notAnOffer : List.of(later, otherProvider)) {
            Snapshot before = snapshot(clinic.provider(), patient.patient());
            assertThat(refusedUnchanged(RuleViolationException.class, before, clinic.provider(),
                    new PatientId[] {patient.patient()}, () -> row(scheduling().acceptOffer(patient.actor(),
                            patient.patient(), entry.id(), notAnOffer.id()))).reason()).isEqualTo("not_an_offer");
        }
        row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(appointment.id(), null)));
        assertThat(waitlistOf(patient.patient())).singleElement().extracting(WaitlistEntry::status)
                .isEqualTo(WaitlistStatus.CANCELLED);
    }

    // ---------------------------------------------------------------- IN-1

    @Test
    @DisplayName("IN-1 book retried with the same key returns the first appointment and books once; the key with another slot is a conflict")
    void idempotentBook() {
        Clinic clinic = clinic();
        Member patient = member();
        Member other = member();
        Slot slot = slotInDays(clinic, 5, 9);
        Slot another = slotInDays(clinic, 5, 11);
        BookAppointment command = new BookAppointment(slot.id(), clinic.visitType().id(), "book-key-1");
        Appointment first = row(scheduling().book(patient.actor(), patient.patient(), command));
        Appointment retry = row(scheduling().book(patient.actor(), patient.patient(), command));
        assertThat(retry).isEqualTo(first);
        assertThat(appointmentsOf(patient.patient())).hasSize(1);
        assertThat(kinds(dispatchTo(patient))).containsExactly(BOOKED);

        Snapshot before = snapshot(clinic.provider(), patient.patient());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[] {patient.patient()},
                () -> row(scheduling().book(patient.actor(), patient.patient(),
                        new BookAppointment(another.id(), clinic.visitType().id(), "book-key-1"))));
        // the key belongs to the patient: another patient's same key is a new command
        assertThat(row(scheduling().book(other.actor(), other.patient(),
                new BookAppointment(another.id(), clinic.visitType().id(), "book-key-1"))).patientId())
                .isEqualTo(other.patient());
    }

    @Test
    @DisplayName("IN-1 cancel retried with the same key answers the first result, even after it was cancelled; the key on another appointment is a conflict")
    void idempotentCancel() {
        Clinic clinic = clinic();
        Member patient = member();
        Appointment one = book(patient, slotInDays(clinic, 5, 9), clinic);
        Appointment two = book(patient, slotInDays(clinic, 6, 9), clinic);
        CancelAppointment command = new CancelAppointment(one.id(), "cancel-key-1");
        Appointment first = row(scheduling().cancel(patient.actor(), patient.patient(), command));
        dispatchTo(patient);
        assertThat(row(scheduling().cancel(patient.actor(), patient.patient(), command))).isEqualTo(first);
        assertThat(dispatchTo(patient)).as("no second cancellation notice").isEmpty();
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[] {patient.patient()},
                () -> row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(two.id(), "cancel-key-1"))));
        assertThat(stored(two).status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    @DisplayName("IN-1 reschedule retried with the same key returns the first new appointment; the key with another slot is a conflict")
    void idempotentReschedule() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot oldSlot = slotInDays(clinic, 5, 9);
        Slot newSlot = slotInDays(clinic, 7, 9);
        Slot thirdSlot = slotInDays(clinic, 8, 9);
        Appointment old = book(patient, oldSlot, clinic);
        Reschedule command = new Reschedule(old.id(), newSlot.id(), "move-key-1");
        Appointment moved = row(scheduling().reschedule(patient.actor(), patient.patient(), command));
        assertThat(row(scheduling().reschedule(patient.actor(), patient.patient(), command))).isEqualTo(moved);
        assertThat(appointmentsOf(patient.patient())).hasSize(2);
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[] {patient.patient()},
                () -> row(scheduling().reschedule(patient.actor(), patient.patient(),
                        new Reschedule(old.id(), thirdSlot.id(), "move-key-1"))));
        assertThat(stored(thirdSlot).status()).isEqualTo(SlotStatus.OPEN);
    }

    // ---------------------------------------------------------------- helpers

    List<AppointmentView> allPages(Member patient, boolean upcoming, int pageSize) {
        List<AppointmentView> out = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 20; i++) {
            Page<AppointmentView> page = upcoming
                    ? scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(cursor, pageSize))
                    : scheduling().past(patient.actor(), patient.patient(), new PageRequest(cursor, pageSize));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            out.addAll(page.items());
            cursor = page.nextCursor();
            if (cursor == null) {
                return out;
            }
        }
        throw new AssertionError("paging did not end");
    }
}

package org.patientportal.core.medications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Portal;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.AuditAction;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.model.RefillStatus;
import org.patientportal.spi.notification.Notification;

/** RF-1 to RF-7 and IN-1 through the public API, with a test clock. Run on every adapter. */
@OnEveryStorage
@DisplayName("Medications rules (RF-1..RF-7, IN-1)")
class MedicationsRulesSuite extends MedicationsFixture {

    @Test
    @DisplayName("RF-1 the record system (INTEGRATION) or a clinician imports prescriptions with every field; front desk and the patient may not")
    void importsEveryField() {
        Member m = member();
        PharmacyView pharmacy = pharmacy();
        Rx rx = rx();
        rx.pharmacy = pharmacy.id();
        rx.schedule = ControlledSchedule.IV;
        assertThat(meds().importPrescriptions(FEED, m.patient(), new ImportPrescriptions(List.of(rx.build()))))
                .isEqualTo(new Imported(1, 1));
        MedicationView line = line(m, rx.medication);
        assertThat(line.rxNormCode()).isEqualTo("197361");
        assertThat(line.dose()).isEqualTo("25 mg");
        assertThat(line.instructions()).isEqualTo("one tablet by mouth daily");
        assertThat(line.quantity()).isEqualTo(30);
        assertThat(line.daysSupply()).isEqualTo(30);
        assertThat(line.refillsRemaining()).isEqualTo(3);
        assertThat(line.writtenOn()).isEqualTo(rx.written);
        assertThat(line.expiresOn()).isEqualTo(rx.expires);
        assertThat(line.prescriber()).isEqualTo("Dr. Imani Okafor");
        assertThat(line.schedule()).isEqualTo(ControlledSchedule.IV);
        assertThat(line.pharmacyId()).isEqualTo(pharmacy.id());
        assertThat(line.lastFilledOn()).isEqualTo(rx.lastFilled);
        assertThat(line.active()).isTrue();
        assertThat(meds().importPrescriptions(CLINICIAN, m.patient(), new ImportPrescriptions(List.of(rx().build())))
                .changed()).isEqualTo(1);
        refused(AccessDeniedException.class, () -> meds().importPrescriptions(DESK, m.patient(),
                new ImportPrescriptions(List.of(rx().build()))));
        refused(NotFoundException.class, () -> meds().importPrescriptions(m.actor(), m.patient(),
                new ImportPrescriptions(List.of(rx().build()))));
    }

    @Test
    @DisplayName("RF-2 / RF-6 each refusal reason shows on the list and refuses the request with that code, storing nothing: inactive, expired, no_refills_left, controlled_schedule_ii")
    void reasonCodes() {
        Member m = member();
        Rx inactive = rx();
        inactive.status = PrescriptionStatus.DISCONTINUED;
        Rx expired = rx();
        expired.expires = today().minusDays(1);
        Rx none = rx();
        none.refills = 0;
        Rx scheduleTwo = rx();
        scheduleTwo.schedule = ControlledSchedule.II;
        load(m, inactive.build(), expired.build(), none.build(), scheduleTwo.build());
        assertReason(m, inactive, "inactive");
        assertReason(m, expired, "expired");
        assertReason(m, none, "no_refills_left");
        assertReason(m, scheduleTwo, "controlled_schedule_ii");
        assertThat(requestsOf(m.patient())).isEmpty();
    }

    private void assertReason(Member m, Rx rx, String reason) {
        MedicationView line = line(m, rx.medication);
        assertThat(line.refillability()).isEqualTo(new Refillability(false, reason, null));
        RuleViolationException e = refused(RuleViolationException.class, () -> meds().requestRefill(m.actor(),
                m.patient(), new RequestRefill(line.id(), null, null)));
        assertThat(e.reason()).isEqualTo(reason);
    }

    @Test
    @DisplayName("RF-2 too early: refused with too_early and the date it becomes refillable (last fill + 75 % of the days of supply), accepted from that day")
    void tooEarly() {
        Member m = member();
        Rx rx = rx();
        rx.lastFilled = today().minusDays(10);
        MedicationView line = imported(m, rx);
        LocalDate when = rx.lastFilled.plusDays(23); // 75 % of 30 days = 22.5, rounded up
        assertThat(line.refillability()).isEqualTo(new Refillability(false, "too_early", when));
        assertThat(refused(RuleViolationException.class, () -> meds().requestRefill(m.actor(), m.patient(),
                new RequestRefill(line.id(), null, null))).reason()).isEqualTo("too_early");
        clock.set(when.minusDays(1).atStartOfDay(clock.getZone()).toInstant().plusSeconds(3600 * 23));
        assertThat(line(m, rx.medication).refillability().reason()).isEqualTo("too_early");
        clock.advance(Duration.ofHours(1));
        assertThat(line(m, rx.medication).refillability()).isEqualTo(Refillability.NOW);
        assertThat(meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null)).status())
                .isEqualTo(RefillStatus.REQUESTED);
    }

    @Test
    @DisplayName("RF-2 the too-early share is a builder setting: at 50 % the date moves earlier")
    void tooEarlyConfigurable() {
        Portal half = TestPortals.builder(storage, clock, sender).refillPolicy(new RefillPolicy(50)).build();
        Member m = member();
        Rx rx = rx();
        rx.lastFilled = today().minusDays(10);
        imported(m, rx);
        MedicationView line = half.medications().medications(m.actor(), m.patient(), PageRequest.first(10)).items()
                .get(0);
        assertThat(line.refillability()).isEqualTo(new Refillability(false, "too_early", rx.lastFilled.plusDays(15)));
    }

    @Test
    @DisplayName("RF-2 request_open: a second request for a prescription with an open one is refused and shown on the list")
    void requestOpen() {
        Member m = member();
        MedicationView line = imported(m, rx());
        RefillRequestView open = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null));
        assertThat(line(m, line.medication()).refillability().reason()).isEqualTo("request_open");
        assertThat(refused(RuleViolationException.class, () -> meds().requestRefill(m.actor(), m.patient(),
                new RequestRefill(line.id(), null, null))).reason()).isEqualTo("request_open");
        assertThat(meds().withdrawRefill(m.actor(), m.patient(), open.id()).status()).isEqualTo(RefillStatus.WITHDRAWN);
        assertThat(line(m, line.medication()).refillability()).isEqualTo(Refillability.NOW);
        refused(ConflictException.class, () -> meds().withdrawRefill(m.actor(), m.patient(), open.id()));
    }

    @Test
    @DisplayName("RF-3 a clinician approves: refills go down by one, the last fill is today, the patient sees APPROVED and gets the NT-3 notice without the drug name")
    void approve() {
        Member m = member();
        MedicationView line = imported(m, rx());
        RefillRequestView request = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null));
        dispatchTo(m);
        RefillRequestView approved = meds().approveRefill(CLINICIAN, m.patient(), request.id());
        assertThat(approved.status()).isEqualTo(RefillStatus.APPROVED);
        assertThat(approved.decidedAt()).isEqualTo(clock.instant());
        MedicationView after = line(m, line.medication());
        assertThat(after.refillsRemaining()).isEqualTo(2);
        assertThat(after.lastFilledOn()).isEqualTo(today());
        assertThat(after.refillability().reason()).isEqualTo("too_early");
        assertThat(all(r -> meds().refillRequests(m.actor(), m.patient(), r))).containsExactly(approved);
        List<Notification> sent = dispatchTo(m);
        assertThat(sent).extracting(Notification::kind).containsExactly(NotificationKinds.REFILL_DECIDED);
        assertThat(sent.get(0).body()).contains("Your refill request has an update. Log in to see it.")
                .doesNotContain(line.medication(), "25 mg");
        assertThat(sent.get(0).subject()).doesNotContain(line.medication());
    }

    @Test
    @DisplayName("RF-3 a clinician denies with a reason; the patient sees DENIED and the reason and is notified; only clinicians decide")
    void deny() {
        Member m = member();
        MedicationView line = imported(m, rx());
        RefillRequestView request = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null));
        refused(AccessDeniedException.class, () -> meds().denyRefill(DESK, m.patient(), request.id(), "needs_visit"));
        refused(NotFoundException.class, () -> meds().approveRefill(m.actor(), m.patient(), request.id()));
        RefillRequestView denied = meds().denyRefill(CLINICIAN, m.patient(), request.id(), "needs_visit");
        assertThat(denied.status()).isEqualTo(RefillStatus.DENIED);
        assertThat(denied.reason()).isEqualTo("needs_visit");
        assertThat(line(m, line.medication()).refillsRemaining()).isEqualTo(3);
        assertThat(dispatchTo(m)).extracting(Notification::kind).containsExactly(NotificationKinds.REFILL_DECIDED);
        assertThat(all(r -> meds().refillRequests(m.actor(), m.patient(), r))).containsExactly(denied);
    }

    @Test
    @DisplayName("RF-3 the refill queue lists open requests oldest first with prescription, last fill and refills left; decided ones leave it")
    void queue() {
        Member a = member();
        Member b = member();
        MedicationView first = imported(a, rx());
        MedicationView second = imported(b, rx());
        RefillRequestView r1 = meds().requestRefill(a.actor(), a.patient(), new RequestRefill(first.id(), null, null));
        RefillRequestView r2 = meds().requestRefill(b.actor(), b.patient(), new RequestRefill(second.id(), null, null));
        List<RefillQueueItem> queue = all(r -> meds().refillQueue(CLINICIAN, r));
        List<RefillQueueItem> ours = queue.stream().filter(i -> i.requestId().equals(r1.id())
                || i.requestId().equals(r2.id())).toList();
        assertThat(ours).extracting(RefillQueueItem::requestId).containsExactly(r1.id(), r2.id());
        assertThat(ours.get(0).prescriptionId()).isEqualTo(first.id());
        assertThat(ours.get(0).refillsRemaining()).isEqualTo(3);
        assertThat(ours.get(0).lastFilledOn()).isEqualTo(first.lastFilledOn());
        meds().approveRefill(CLINICIAN, a.patient(), r1.id());
        assertThat(all(r -> meds().refillQueue(CLINICIAN, r))).extracting(RefillQueueItem::requestId)
                .doesNotContain(r1.id()).contains(r2.id());
        refused(AccessDeniedException.class, () -> meds().refillQueue(DESK, PageRequest.first(5)));
    }

    @Test
    @DisplayName("RF-4 the patient picks a preferred pharmacy, or keeps the prescription's; a pharmacy not on their list is refused on pharmacyId")
    void pharmacies() {
        Member m = member();
        PharmacyView onRx = pharmacy();
        PharmacyView chosen = pharmacy();
        PharmacyView other = pharmacy();
        Rx rx1 = rx();
        rx1.pharmacy = onRx.id();
        Rx rx2 = rx();
        rx2.pharmacy = onRx.id();
        load(m, rx1.build(), rx2.build());
        meds().addPreferredPharmacy(m.actor(), m.patient(), chosen.id());
        meds().addPreferredPharmacy(m.actor(), m.patient(), chosen.id());
        assertThat(all(r -> meds().preferredPharmacies(m.actor(), m.patient(), r))).containsExactly(chosen);
        InvalidRequestException e = refused(InvalidRequestException.class, () -> meds().requestRefill(m.actor(),
                m.patient(), new RequestRefill(line(m, rx1.medication).id(), other.id(), null)));
        assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("pharmacyId");
        assertThat(meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line(m, rx1.medication).id(),
                chosen.id(), null)).pharmacyId()).isEqualTo(chosen.id());
        assertThat(meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line(m, rx2.medication).id(), null,
                null)).pharmacyId()).isEqualTo(onRx.id());
        meds().removePreferredPharmacy(m.actor(), m.patient(), chosen.id());
        assertThat(all(r -> meds().preferredPharmacies(m.actor(), m.patient(), r))).isEmpty();
        assertThat(all(r -> meds().pharmacies(m.actor(), r))).contains(onRx, chosen, other);
    }

    @Test
    @DisplayName("RF-5 re-sending a version changes nothing and writes no audit event; an older version never overwrites a newer one; a higher one does")
    void versionOrdered() {
        Member m = member();
        Rx rx = rx();
        rx.version = 5;
        load(m, rx.build());
        long before = updates(m);
        assertThat(load(m, rx.build())).isEqualTo(new Imported(1, 0));
        assertThat(updates(m)).isEqualTo(before);
        rx.version = 4;
        rx.refills = 9;
        assertThat(load(m, rx.build())).isEqualTo(new Imported(1, 0));
        assertThat(line(m, rx.medication).refillsRemaining()).isEqualTo(3);
        rx.version = 6;
        rx.refills = 1;
        assertThat(load(m, rx.build())).isEqualTo(new Imported(1, 1));
        assertThat(list(m)).hasSize(1);
        assertThat(line(m, rx.medication).refillsRemaining()).isEqualTo(1);
        assertThat(updates(m)).isEqualTo(before + 1);
    }

    private long updates(Member m) {
        return audit(m.patient()).stream().filter(e -> e.action() == AuditAction.UPDATE
                && e.category().equals("prescription")).count();
    }

    @Test
    @DisplayName("RF-5 a discontinued prescription becomes inactive and closes its open request with reason discontinued (the patient is notified); entered in error leaves the list")
    void discontinued() {
        Member m = member();
        Rx rx = rx();
        MedicationView line = imported(m, rx);
        RefillRequestView open = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null));
        dispatchTo(m);
        rx.version = 2;
        rx.status = PrescriptionStatus.DISCONTINUED;
        load(m, rx.build());
        assertThat(line(m, rx.medication).active()).isFalse();
        assertThat(line(m, rx.medication).refillability().reason()).isEqualTo("inactive");
        RefillRequestView closed = all(r -> meds().refillRequests(m.actor(), m.patient(), r)).get(0);
        assertThat(closed.id()).isEqualTo(open.id());
        assertThat(closed.status()).isEqualTo(RefillStatus.CLOSED);
        assertThat(closed.reason()).isEqualTo("discontinued");
        assertThat(dispatchTo(m)).extracting(Notification::kind).containsExactly(NotificationKinds.REFILL_DECIDED);
        rx.version = 3;
        rx.status = PrescriptionStatus.ENTERED_IN_ERROR;
        load(m, rx.build());
        assertThat(list(m)).isEmpty();
        refused(NotFoundException.class, () -> meds().requestRefill(m.actor(), m.patient(),
                new RequestRefill(line.id(), null, null)));
    }

    @Test
    @DisplayName("RF-6 the list shows active then inactive prescriptions across pages, each with refillable now or its reason")
    void listOrder() {
        Member m = member();
        Rx a1 = rx();
        Rx i1 = rx();
        i1.status = PrescriptionStatus.DISCONTINUED;
        Rx a2 = rx();
        Rx i2 = rx();
        i2.status = PrescriptionStatus.DISCONTINUED;
        Rx a3 = rx();
        a3.refills = 0;
        load(m, i1.build(), a1.build(), i2.build(), a2.build(), a3.build());
        List<MedicationView> lines = list(m);
        assertThat(lines).extracting(MedicationView::active).containsExactly(true, true, true, false, false);
        assertThat(lines).extracting(v -> v.refillability().reason())
                .containsExactly(null, null, "no_refills_left", "inactive", "inactive");
        // a page that ends exactly with the last active line continues with the inactive ones
        Page<MedicationView> actives = meds().medications(m.actor(), m.patient(), PageRequest.first(3));
        assertThat(actives.items()).extracting(MedicationView::active).containsExactly(true, true, true);
        Page<MedicationView> inactives = meds().medications(m.actor(), m.patient(), actives.nextRequest(3));
        assertThat(inactives.items()).extracting(MedicationView::active).containsExactly(false, false);
        assertThat(inactives.hasNext()).isFalse();
        refused(InvalidRequestException.class, () -> meds().medications(m.actor(), m.patient(),
                PageRequest.after("bm90LWEtY3Vyc29y", 2)));
    }

    @Test
    @DisplayName("RF-7 a request is decided once: a second decision is a ConflictException; an approval that would take refills below zero is refused and changes nothing")
    void decidedOnce() {
        Member m = member();
        Rx rx = rx();
        rx.refills = 1;
        MedicationView line = imported(m, rx);
        RefillRequestView request = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null));
        rx.version = 2;
        rx.refills = 0; // the clinic's record says no refill is left while the request is open
        load(m, rx.build());
        RuleViolationException e = refused(RuleViolationException.class,
                () -> meds().approveRefill(CLINICIAN, m.patient(), request.id()));
        assertThat(e.reason()).isEqualTo("no_refills_left");
        assertThat(requestsOf(m.patient()).get(0).status()).isEqualTo(RefillStatus.REQUESTED);
        assertThat(line(m, rx.medication).refillsRemaining()).isZero();
        meds().denyRefill(CLINICIAN, m.patient(), request.id(), "no_refills_left");
        refused(ConflictException.class, () -> meds().approveRefill(CLINICIAN, m.patient(), request.id()));
        refused(ConflictException.class, () -> meds().denyRefill(CLINICIAN, m.patient(), request.id(), "again"));
    }

    @Test
    @DisplayName("IN-1 a refill request retried with its idempotency key answers the first request; the same key for another prescription is a ConflictException")
    void idempotent() {
        Member m = member();
        MedicationView one = imported(m, rx());
        MedicationView two = imported(m, rx());
        RefillRequestView first = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(one.id(), null, "k-1"));
        assertThat(meds().requestRefill(m.actor(), m.patient(), new RequestRefill(one.id(), null, "k-1")))
                .isEqualTo(first);
        refused(ConflictException.class, () -> meds().requestRefill(m.actor(), m.patient(),
                new RequestRefill(two.id(), null, "k-1")));
        assertThat(requestsOf(m.patient())).hasSize(1);
    }

    @Test
    @DisplayName("IN-2 a prescription id of another patient answers as not found and stores nothing")
    void otherPatientsPrescription() {
        Member m = member();
        Member other = member();
        MedicationView theirs = imported(other, rx());
        refused(NotFoundException.class, () -> meds().requestRefill(m.actor(), m.patient(),
                new RequestRefill(theirs.id(), null, null)));
        assertThat(requestsOf(m.patient())).isEmpty();
        assertThat(requestsOf(other.patient())).isEmpty();
    }
}

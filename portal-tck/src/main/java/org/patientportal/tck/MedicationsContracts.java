package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.patientportal.tck.KitSupport.T0;
import static org.patientportal.tck.KitSupport.THREADS;
import static org.patientportal.tck.KitSupport.TODAY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pharmacy;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.Prescription;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.model.RefillRequest;
import org.patientportal.model.RefillRequestId;
import org.patientportal.model.RefillStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.tck.KitSupport.Outcome;

/**
 * Contracts of {@code Prescriptions}, {@code Pharmacies} and {@code RefillRequests} (RF-1..RF-7):
 * version-ordered upserts that hold when imports race, batches, one open request per prescription
 * under {@value KitSupport#THREADS} concurrent requests, one decision per request, fills that never
 * lose a decrement nor go below zero, and keyset pages. Run through {@link StorageCompatibilityKit}.
 */
public abstract class MedicationsContracts {
    /** For the kit's nested class. */
    protected MedicationsContracts() {
    }

    /** The storage of the current test (empty at its start). */
    protected abstract PortalStorage storage();

    private boolean check(Function<StorageTransaction, Boolean> work) {
        return storage().inTransaction(work::apply);
    }

    private <T> Optional<T> maybe(
            Function<StorageTransaction, Optional<T>> work) {
        return storage().inTransaction(work::apply);
    }

    private <T> List<T> rows(Function<StorageTransaction, List<T>> work) {
        return storage().inTransaction(work::apply);
    }

    // ---------------------------------------------------------------- helpers

    private PatientId patient() {
        return KitSupport.storedPatient(storage());
    }

    private static Prescription rx(PatientId patient, String sourceId, long version, int refills) {
        return new Prescription(PrescriptionId.newId(), patient, sourceId, version, "Lisinopril v" + version,
                "314076", "10 mg", "one tablet daily", 30, 30, refills, TODAY.minusDays(60), TODAY.plusDays(300),
                "Dr. Kit", ControlledSchedule.NONE, null, TODAY.minusDays(30), PrescriptionStatus.ACTIVE, T0);
    }

    private static Prescription withStatus(Prescription p, PrescriptionStatus status) {
        return new Prescription(p.id(), p.patientId(), p.sourceId(), p.sourceVersion(), p.medication(),
                p.medicationCode(), p.dose(), p.instructions(), p.quantity(), p.daysSupply(), p.refillsRemaining(),
                p.writtenOn(), p.expiresOn(), p.prescriber(), p.schedule(), p.pharmacyId(), p.lastFilledOn(), status,
                p.updatedAt());
    }

    private List<Boolean> upsert(Prescription... prescriptions) {
        return storage().inTransaction(tx -> tx.prescriptions().upsertAll(List.of(prescriptions)));
    }

    private Prescription stored(PrescriptionId id) {
        return storage().inTransaction(tx -> tx.prescriptions().find(id)).orElseThrow();
    }

    private Prescription imported(PatientId patient, int refills) {
        Prescription p = rx(patient, "rx-" + PrescriptionId.newId(), 1, refills);
        upsert(p);
        return p;
    }

    private Pharmacy pharmacy(String ncpdp) {
        Pharmacy p = new Pharmacy(PharmacyId.newId(), "Kit Pharmacy " + ncpdp, "1 Main St", "+15555550100", ncpdp);
        storage().inTransaction(tx -> {
            tx.pharmacies().insert(p);
            return null;
        });
        return p;
    }

    private boolean request(RefillRequest r) {
        return storage().inTransaction(tx -> tx.refillRequests().insertIfNoneOpen(r));
    }

    // ---------------------------------------------------------------- prescriptions (RF-1, RF-5)

    @Test
    @DisplayName("RF-1 an imported prescription reads back equal, by id and by (patient, source id)")
    void roundTrip() {
        PatientId patient = patient();
        Prescription p = rx(patient, "rx-1", 1, 3);
        assertThat(upsert(p)).containsExactly(true);
        assertThat(stored(p.id())).isEqualTo(p);
        assertThat(maybe(tx -> tx.prescriptions().findBySource(patient, "rx-1"))).contains(p);
        PatientId other = patient();
        assertThat(maybe(tx -> tx.prescriptions().findBySource(other, "rx-1"))).isEmpty();
    }

    @Test
    @DisplayName("RF-5 a higher version replaces the row and keeps its id; the same or an older version changes nothing")
    void versionOrdered() {
        PatientId patient = patient();
        Prescription v2 = rx(patient, "rx-1", 2, 3);
        upsert(v2);
        Prescription v1 = rx(patient, "rx-1", 1, 9);
        Prescription v2again = rx(patient, "rx-1", 2, 8);
        assertThat(upsert(v1, v2again)).containsExactly(false, false);
        assertThat(stored(v2.id())).isEqualTo(v2);
        Prescription v3 = rx(patient, "rx-1", 3, 1);
        assertThat(upsert(v3)).containsExactly(true);
        assertThat(stored(v2.id())).isEqualTo(v3.withId(v2.id()));
        assertThat(maybe(tx -> tx.prescriptions().find(v3.id()))).isEmpty();
    }

    @Test
    @DisplayName("RF-5 a batch of 500 is written in one call; re-sent, it changes nothing")
    void batchOf500() {
        PatientId patient = patient();
        List<Prescription> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(rx(patient, "batch-" + i, 1, i % 5));
        }
        assertThat(rows(tx -> tx.prescriptions().upsertAll(batch))).hasSize(500).containsOnly(true);
        assertThat(rows(tx -> tx.prescriptions().upsertAll(batch))).hasSize(500).containsOnly(false);
        assertThat(stored(batch.get(499).id())).isEqualTo(batch.get(499));
        assertThat(pagesOf(patient, true)).hasSize(500);
    }

    @Test
    @DisplayName("RF-5 when 32 imports of one prescription race with versions 1..32, version 32 is stored, whatever the order")
    void racingImports() throws InterruptedException {
        PatientId patient = patient();
        List<Outcome<Boolean>> outcomes = KitSupport.concurrently(THREADS, i -> KitSupport.retrying(storage(),
                tx -> tx.prescriptions().upsertAll(List.of(rx(patient, "rx-race", i + 1, i))).get(0)));
        assertThat(KitSupport.failures(outcomes)).isEmpty();
        Prescription stored = storage().inTransaction(tx -> tx.prescriptions().findBySource(patient, "rx-race"))
                .orElseThrow();
        assertThat(stored.sourceVersion()).isEqualTo(THREADS);
        assertThat(stored.refillsRemaining()).isEqualTo(THREADS - 1);
        assertThat(outcomes.stream().filter(o -> o.value()).count()).isBetween(1L, (long) THREADS);
    }

    @Test
    @DisplayName("RF-5 a new source key with a taken id is a duplicate key")
    void duplicateId() {
        PatientId patient = patient();
        Prescription p = rx(patient, "rx-a", 1, 1);
        upsert(p);
        Prescription clash = new Prescription(p.id(), patient, "rx-b", 1, "X", null, "1", "i", 1, 1, 0, TODAY,
                TODAY, "Dr", ControlledSchedule.NONE, null, null, PrescriptionStatus.ACTIVE, T0);
        assertThatThrownBy(() -> upsert(clash)).isInstanceOf(DuplicateKeyException.class);
    }

    private List<Prescription> pagesOf(PatientId patient, boolean active) {
        List<Prescription> all = new ArrayList<>();
        PrescriptionId after = null;
        while (true) {
            PrescriptionId from = after;
            List<Prescription> page = storage().inTransaction(tx -> tx.prescriptions().forPatient(patient, active, from, 7));
            assertThat(page.size()).isLessThanOrEqualTo(7);
            all.addAll(page);
            if (page.size() < 7) {
                return all;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    @Test
    @DisplayName("RF-6 active and discontinued prescriptions page apart in id order; entered in error and other patients' are never listed")
    void listsByStatus() {
        PatientId patient = patient();
        List<Prescription> active = new ArrayList<>();
        List<Prescription> stopped = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            active.add(rx(patient, "a" + i, 1, 1));
            stopped.add(withStatus(rx(patient, "d" + i, 1, 1), PrescriptionStatus.DISCONTINUED));
        }
        List<Prescription> all = new ArrayList<>(active);
        all.addAll(stopped);
        all.add(withStatus(rx(patient, "err", 1, 1), PrescriptionStatus.ENTERED_IN_ERROR));
        all.add(rx(patient(), "other", 1, 1));
        Collections.shuffle(all);
        storage().inTransaction(tx -> tx.prescriptions().upsertAll(all));
        assertThat(pagesOf(patient, true)).containsExactlyElementsOf(active);
        assertThat(pagesOf(patient, false)).containsExactlyElementsOf(stopped);
    }

    // ---------------------------------------------------------------- fills (RF-3, RF-7)

    @Test
    @DisplayName("RF-3 a fill takes one refill and sets the last fill date; at zero, or discontinued, it is refused")
    void fills() {
        PatientId patient = patient();
        Prescription p = imported(patient, 1);
        assertThat(check(tx -> tx.prescriptions().recordFill(p.id(), TODAY))).isTrue();
        Prescription after = stored(p.id());
        assertThat(after.refillsRemaining()).isZero();
        assertThat(after.lastFilledOn()).isEqualTo(TODAY);
        assertThat(check(tx -> tx.prescriptions().recordFill(p.id(), TODAY))).isFalse();
        assertThat(stored(p.id()).refillsRemaining()).isZero();
        Prescription stopped = withStatus(rx(patient, "stopped", 1, 5), PrescriptionStatus.DISCONTINUED);
        upsert(stopped);
        assertThat(check(tx -> tx.prescriptions().recordFill(stopped.id(), TODAY))).isFalse();
        assertThat(check(tx -> tx.prescriptions().recordFill(PrescriptionId.newId(), TODAY))).isFalse();
    }

    @Test
    @DisplayName("RF-7 32 concurrent fills of a prescription with 20 refills: exactly 20 succeed and it ends at zero (no lost decrement, never below zero)")
    void concurrentFills() throws InterruptedException {
        Prescription p = imported(patient(), 20);
        List<Outcome<Boolean>> outcomes = KitSupport.concurrently(THREADS, i -> KitSupport.retrying(storage(),
                tx -> tx.prescriptions().recordFill(p.id(), TODAY)));
        assertThat(KitSupport.failures(outcomes)).isEmpty();
        assertThat(outcomes.stream().filter(Outcome::value).count()).isEqualTo(20);
        assertThat(stored(p.id()).refillsRemaining()).isZero();
    }

    // ---------------------------------------------------------------- pharmacies (RF-4)

    @Test
    @DisplayName("RF-4 the directory reads back pharmacies, pages them in id order, and refuses a second NCPDP id")
    void directory() {
        List<Pharmacy> added = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            added.add(pharmacy("10000" + i + "0"));
        }
        assertThat(maybe(tx -> tx.pharmacies().find(added.get(3).id()))).contains(added.get(3));
        List<Pharmacy> first = storage().inTransaction(tx -> tx.pharmacies().list(null, 5));
        List<Pharmacy> second = storage().inTransaction(tx -> tx.pharmacies().list(first.get(4).id(), 5));
        List<Pharmacy> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).containsExactlyElementsOf(added);
        assertThatThrownBy(() -> pharmacy("1000030")).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    @DisplayName("RF-4 a patient's preferred pharmacies: added once, listed in id order, removed, per patient")
    void preferred() {
        PatientId patient = patient();
        PatientId other = patient();
        Pharmacy a = pharmacy("2000001");
        Pharmacy b = pharmacy("2000002");
        Pharmacy c = pharmacy("2000003");
        assertThat(check(tx -> tx.pharmacies().addPreferred(patient, c.id(), T0))).isTrue();
        assertThat(check(tx -> tx.pharmacies().addPreferred(patient, a.id(), T0))).isTrue();
        assertThat(check(tx -> tx.pharmacies().addPreferred(patient, a.id(), T0))).isFalse();
        assertThat(check(tx -> tx.pharmacies().addPreferred(other, b.id(), T0))).isTrue();
        assertThat(rows(tx -> tx.pharmacies().preferred(patient, null, 10))).containsExactly(a, c);
        assertThat(rows(tx -> tx.pharmacies().preferred(patient, a.id(), 10))).containsExactly(c);
        assertThat(check(tx -> tx.pharmacies().isPreferred(patient, b.id()))).isFalse();
        assertThat(check(tx -> tx.pharmacies().removePreferred(patient, a.id()))).isTrue();
        assertThat(check(tx -> tx.pharmacies().removePreferred(patient, a.id()))).isFalse();
        assertThat(check(tx -> tx.pharmacies().isPreferred(patient, a.id()))).isFalse();
        assertThat(rows(tx -> tx.pharmacies().preferred(patient, null, 10))).containsExactly(c);
        assertThat(check(tx -> tx.pharmacies().addPreferred(patient, a.id(), T0))).isTrue();
        assertThat(rows(tx -> tx.pharmacies().preferred(patient, null, 10))).containsExactly(a, c);
    }

    // ---------------------------------------------------------------- refill requests (RF-2, RF-3, RF-7)

    @Test
    @DisplayName("RF-2 a prescription has at most one open request; once it is closed, a new one is accepted")
    void oneOpenRequest() {
        PatientId patient = patient();
        Prescription p = imported(patient, 3);
        RefillRequest first = RefillRequest.open(patient, p.id(), null, T0, "acct-1");
        assertThat(request(first)).isTrue();
        assertThat(maybe(tx -> tx.refillRequests().find(first.id()))).contains(first);
        assertThat(maybe(tx -> tx.refillRequests().findOpen(p.id()))).contains(first);
        assertThat(request(RefillRequest.open(patient, p.id(), null, T0, "acct-1"))).isFalse();
        Optional<RefillRequest> withdrawn = storage().inTransaction(tx -> tx.refillRequests().close(first.id(),
                RefillStatus.WITHDRAWN, T0, "acct-1", null));
        assertThat(withdrawn).contains(first.close(RefillStatus.WITHDRAWN, T0, "acct-1", null));
        assertThat(maybe(tx -> tx.refillRequests().findOpen(p.id()))).isEmpty();
        RefillRequest second = RefillRequest.open(patient, p.id(), null, T0, "acct-1");
        assertThat(request(second)).isTrue();
        assertThatThrownBy(() -> request(second)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    @DisplayName("RF-2 32 concurrent requests for one prescription: exactly one is inserted (a storage constraint, never check-then-insert)")
    void concurrentRequests() throws InterruptedException {
        PatientId patient = patient();
        Prescription p = imported(patient, 3);
        List<Outcome<Boolean>> outcomes = KitSupport.concurrently(THREADS, i -> KitSupport.retrying(storage(),
                tx -> tx.refillRequests().insertIfNoneOpen(RefillRequest.open(patient, p.id(), null, T0, "acct"))));
        assertThat(KitSupport.failures(outcomes)).isEmpty();
        assertThat(outcomes.stream().filter(Outcome::value).count()).isEqualTo(1);
        assertThat(rows(tx -> tx.refillRequests().forPatient(patient, null, 100))).hasSize(1);
    }

    @Test
    @DisplayName("RF-7 32 clinicians closing one request concurrently: exactly one decision is stored")
    void decidedOnce() throws InterruptedException {
        PatientId patient = patient();
        Prescription p = imported(patient, 3);
        RefillRequest open = RefillRequest.open(patient, p.id(), null, T0, "acct");
        request(open);
        List<Outcome<Optional<RefillRequest>>> outcomes = KitSupport.concurrently(THREADS, i -> KitSupport.retrying(storage(),
                tx -> tx.refillRequests().close(open.id(), i % 2 == 0 ? RefillStatus.APPROVED : RefillStatus.DENIED,
                        T0, "doc-" + i, i % 2 == 0 ? null : "see_clinic")));
        assertThat(KitSupport.failures(outcomes)).isEmpty();
        List<RefillRequest> decided = outcomes.stream().map(Outcome::value).flatMap(Optional::stream).toList();
        assertThat(decided).hasSize(1);
        assertThat(maybe(tx -> tx.refillRequests().find(open.id()))).contains(decided.get(0));
        assertThat(maybe(tx -> tx.refillRequests().close(open.id(), RefillStatus.DENIED, T0, "x",
                "late"))).isEmpty();
        assertThatThrownBy(() -> storage().inTransaction(tx -> tx.refillRequests().close(open.id(),
                RefillStatus.REQUESTED, T0, "x", null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("RF-3 the clinicians' queue pages open requests of every patient oldest first; closed ones leave it; a patient's list pages all of theirs")
    void queue() {
        PatientId a = patient();
        PatientId b = patient();
        List<RefillRequest> open = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PatientId who = i % 2 == 0 ? a : b;
            RefillRequest r = RefillRequest.open(who, imported(who, 2).id(), null, T0, "acct");
            request(r);
            open.add(r);
        }
        storage().inTransaction(tx -> tx.refillRequests().close(open.get(2).id(), RefillStatus.DENIED, T0, "doc",
                "see_clinic"));
        List<RefillRequest> queue = new ArrayList<>();
        RefillRequestId after = null;
        while (true) {
            RefillRequestId from = after;
            List<RefillRequest> page = storage().inTransaction(tx -> tx.refillRequests().open(from, 3));
            queue.addAll(page);
            if (page.size() < 3) {
                break;
            }
            after = page.get(2).id();
        }
        List<RefillRequest> expected = new ArrayList<>(open);
        expected.remove(2);
        assertThat(queue).containsExactlyElementsOf(expected);
        List<RefillRequest> ofA = storage().inTransaction(tx -> tx.refillRequests().forPatient(a, null, 100));
        assertThat(ofA).extracting(RefillRequest::id).containsExactly(open.get(0).id(), open.get(2).id(),
                open.get(4).id(), open.get(6).id());
        assertThat(rows(tx -> tx.refillRequests().forPatient(a, open.get(2).id(), 1)))
                .extracting(RefillRequest::id).containsExactly(open.get(4).id());
    }
}

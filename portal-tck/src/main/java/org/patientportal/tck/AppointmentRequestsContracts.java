package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.RequestStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code AppointmentRequests} store (SC-1). */
abstract class AppointmentRequestsContracts extends KitSupport {
    private Clinic clinic;
    private Patient patient;

    @BeforeEach
    void createParties() {
        clinic = insertClinic();
        patient = insertPatient();
    }

    @Test
    @DisplayName("a request round-trips every field, with and without a provider and department, open and decided (SC-1)")
    void roundTrip() {
        AppointmentRequest full = new AppointmentRequest(AppointmentRequestId.newId(), patient.id(), clinic.physical().id(),
                clinic.provider().id(), clinic.department().id(), at(86_400), at(86_400 * 14), RequestStatus.OPEN, T0,
                null, null, null, null, 0);
        AppointmentRequest any = request(patient, clinic);
        run(tx -> {
            tx.appointmentRequests().insert(full);
            tx.appointmentRequests().insert(any);
        });
        check(tx -> assertThat(tx.appointmentRequests().find(full.id())).contains(full));
        check(tx -> assertThat(tx.appointmentRequests().find(any.id())).contains(any));
        check(tx -> assertThat(tx.appointmentRequests().find(AppointmentRequestId.newId())).isEmpty());

        Appointment made = insertBooked(clinic, patient, minutes(0), 60);
        AppointmentRequest scheduled = full.decide(RequestStatus.SCHEDULED, at(600), "staff-front-desk-3", made.id(), null);
        AppointmentRequest declined = any.decide(RequestStatus.DECLINED, at(700), "staff-front-desk-4", null, "no_capacity");
        AppointmentRequest storedScheduled = write(tx -> tx.appointmentRequests().update(scheduled));
        AppointmentRequest storedDeclined = write(tx -> tx.appointmentRequests().update(declined));
        assertThat(storedScheduled).isEqualTo(requestVersion(scheduled, 1));
        assertThat(storedDeclined).isEqualTo(requestVersion(declined, 1));
        check(tx -> assertThat(tx.appointmentRequests().find(full.id())).contains(storedScheduled));
        check(tx -> assertThat(tx.appointmentRequests().find(any.id())).contains(storedDeclined));
    }

    @Test
    @DisplayName("a taken request id is a duplicate key; a stale or missing request fails with an optimistic-lock exception")
    void duplicateAndStale() {
        AppointmentRequest request = request(patient, clinic);
        run(tx -> tx.appointmentRequests().insert(request));
        AppointmentRequest sameId = new AppointmentRequest(request.id(), patient.id(), clinic.physical().id(), null, null,
                at(1), at(2), RequestStatus.OPEN, at(1), null, null, null, null, 0);
        assertThatThrownBy(() -> run(tx -> tx.appointmentRequests().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.appointmentRequests().find(request.id())).contains(request));
        AppointmentRequest withdrawn = write(tx -> tx.appointmentRequests().update(
                request.decide(RequestStatus.WITHDRAWN, at(5), patient.id().toString(), null, null)));
        assertThatThrownBy(() -> write(tx -> tx.appointmentRequests().update(
                request.decide(RequestStatus.DECLINED, at(6), "staff-1", null, "duplicate"))))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.appointmentRequests().find(request.id())).contains(withdrawn));
        AppointmentRequest ghost = request(patient, clinic);
        assertThatThrownBy(() -> write(tx -> tx.appointmentRequests().update(ghost)))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.appointmentRequests().find(ghost.id())).isEmpty());
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent decisions from one version exactly one succeeds, the others fail as stale (SC-1)")
    void concurrentDecisions() throws Exception {
        AppointmentRequest request = request(patient, clinic);
        run(tx -> tx.appointmentRequests().insert(request));
        List<Outcome<AppointmentRequest>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.appointmentRequests().update(request.decide(RequestStatus.DECLINED, at(i), "staff-" + i, null, "reason-" + i))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
        check(tx -> assertThat(tx.appointmentRequests().find(request.id())).contains(successes(outcomes).get(0)));
        check(tx -> assertThat(tx.appointmentRequests().open(null, 10)).isEmpty());
    }

    @Test
    @DisplayName("open returns every OPEN request exactly once, in id (arrival) order, across pages of " + PAGE_SIZE + "; decided ones leave it (SC-1)")
    void openPaging() {
        Patient other = insertPatient();
        List<AppointmentRequest> requests = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS + 6; i++) {
            requests.add(request(i % 2 == 0 ? patient : other, clinic));
        }
        List<AppointmentRequest> shuffled = new ArrayList<>(requests);
        Collections.shuffle(shuffled, new Random(47));
        run(tx -> shuffled.forEach(tx.appointmentRequests()::insert));
        List<RequestStatus> closing = List.of(RequestStatus.DECLINED, RequestStatus.WITHDRAWN);
        run(tx -> {
            for (int i = 0; i < 6; i++) {
                AppointmentRequest r = requests.get(i * 5);
                tx.appointmentRequests().update(r.decide(closing.get(i % 2), at(i), "staff-1", null, "reason"));
            }
        });
        List<AppointmentRequest> expected = new ArrayList<>(requests);
        for (int i = 0; i < 6; i++) {
            expected.remove(requests.get(i * 5));
        }
        List<AppointmentRequest> paged = collectPages((after, limit) -> read(tx ->
                tx.appointmentRequests().open(after, limit)), AppointmentRequest::id);
        assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(sortedBy(expected, r -> r.id().value()));
    }

    @Test
    @DisplayName("forPatient returns every request of the patient, any status, exactly once, in id order, across pages of " + PAGE_SIZE + " (SC-1)")
    void forPatientPaging() {
        Patient other = insertPatient();
        List<AppointmentRequest> mine = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS; i++) {
            mine.add(request(patient, clinic));
        }
        List<AppointmentRequest> all = new ArrayList<>(mine);
        all.add(request(other, clinic));
        Collections.shuffle(all, new Random(53));
        run(tx -> all.forEach(tx.appointmentRequests()::insert));
        AppointmentRequest withdrawn = write(tx -> tx.appointmentRequests().update(
                mine.get(3).decide(RequestStatus.WITHDRAWN, at(9), patient.id().toString(), null, null)));
        List<AppointmentRequest> expected = new ArrayList<>(mine);
        expected.set(3, withdrawn);
        List<AppointmentRequest> paged = collectPages((after, limit) -> read(tx ->
                tx.appointmentRequests().forPatient(patient.id(), after, limit)), AppointmentRequest::id);
        assertThat(paged).containsExactlyElementsOf(sortedBy(expected, r -> r.id().value()));
        check(tx -> assertThat(tx.appointmentRequests().forPatient(PatientId.newId(), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("a work sees its own requests and decisions in open; rolled back, nothing of them is left (SC-1)")
    void ownWritesAndRollback() {
        AppointmentRequest kept = request(patient, clinic);
        run(tx -> tx.appointmentRequests().insert(kept));
        AppointmentRequest added = request(patient, clinic);
        assertThatThrownBy(() -> run(tx -> {
            tx.appointmentRequests().insert(added);
            tx.appointmentRequests().update(kept.decide(RequestStatus.DECLINED, at(1), "staff-1", null, "no"));
            assertThat(tx.appointmentRequests().open(null, 10)).containsExactly(added);
            assertThat(tx.appointmentRequests().forPatient(patient.id(), null, 10)).hasSize(2);
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.appointmentRequests().open(null, 10)).containsExactly(kept));
        check(tx -> assertThat(tx.appointmentRequests().forPatient(patient.id(), null, 10)).containsExactly(kept));
    }
}

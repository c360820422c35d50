package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.ContactChange;
import org.patientportal.model.ContactChangeId;
import org.patientportal.model.ContactKind;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;

/** The {@code ContactChanges} store (PR-2): one request per patient and kind, counted and confirmed once. */
abstract class ContactChangesContracts extends KitSupport {
    private Patient patient;

    @BeforeEach
    void createPatient() {
        patient = insertPatient();
    }

    private ContactChange request(ContactKind kind, String address) {
        return ContactChange.pending(patient.id(), kind, address, unique("hash"), T0, at(900));
    }

    private int attempt(PatientId who, ContactChangeId id) {
        Integer count = write(tx -> tx.contactChanges().recordFailedAttempt(who, id));
        return count;
    }

    private boolean confirm(PatientId who, ContactChangeId id, java.time.Instant at) {
        Boolean confirmed = write(tx -> tx.contactChanges().confirm(who, id, at));
        return confirmed;
    }

    @Test
    @DisplayName("a request round-trips exactly, one per kind; a patient without one has none (PR-2)")
    void roundTrip() {
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).isEmpty());
        ContactChange email = request(ContactKind.EMAIL, "new@example.org");
        ContactChange mobile = request(ContactKind.MOBILE, "+15555550188");
        run(tx -> {
            tx.contactChanges().put(email);
            tx.contactChanges().put(mobile);
        });
        check(tx -> {
            assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).contains(email);
            assertThat(tx.contactChanges().find(patient.id(), ContactKind.MOBILE)).contains(mobile);
            assertThat(tx.contactChanges().find(PatientId.newId(), ContactKind.EMAIL)).isEmpty();
        });
    }

    @Test
    @DisplayName("a newer request replaces the patient's request of that kind, pending or confirmed, and its count (PR-2)")
    void newerReplaces() {
        ContactChange first = request(ContactKind.EMAIL, "first@example.org");
        run(tx -> tx.contactChanges().put(first));
        attempt(patient.id(), first.id());
        ContactChange second = request(ContactKind.EMAIL, "second@example.org");
        run(tx -> tx.contactChanges().put(second));
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).contains(second));
        assertThat(attempt(patient.id(), first.id()))
                .as("the replaced request is gone").isEqualTo(-1);
        assertThat(confirm(patient.id(), first.id(), at(10))).isFalse();

        assertThat(confirm(patient.id(), second.id(), at(10))).isTrue();
        ContactChange third = request(ContactKind.EMAIL, "third@example.org");
        run(tx -> tx.contactChanges().put(third));
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).contains(third));
    }

    @Test
    @DisplayName("failed attempts are counted one by one; only the patient's own request is counted (PR-2)")
    void failedAttempts() {
        ContactChange change = request(ContactKind.MOBILE, "+15555550177");
        run(tx -> tx.contactChanges().put(change));
        assertThat(attempt(patient.id(), change.id())).isEqualTo(1);
        assertThat(attempt(patient.id(), change.id())).isEqualTo(2);
        assertThat(attempt(PatientId.newId(), change.id())).isEqualTo(-1);
        assertThat(attempt(patient.id(), ContactChangeId.newId()))
                .isEqualTo(-1);
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.MOBILE)).hasValueSatisfying(c -> {
            assertThat(c.failedAttempts()).isEqualTo(2);
            assertThat(c.isPending()).isTrue();
        }));
    }

    @Test
    @DisplayName("confirm marks a pending request once, keeping its count; a second confirm is refused (PR-2)")
    void confirmOnce() {
        ContactChange change = request(ContactKind.EMAIL, "new@example.org");
        run(tx -> tx.contactChanges().put(change));
        attempt(patient.id(), change.id());
        assertThat(confirm(PatientId.newId(), change.id(), at(60))).isFalse();
        assertThat(confirm(patient.id(), change.id(), at(60))).isTrue();
        assertThat(confirm(patient.id(), change.id(), at(61))).isFalse();
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).hasValueSatisfying(c -> {
            assertThat(c.confirmedAt()).isEqualTo(at(60));
            assertThat(c.failedAttempts()).isEqualTo(1);
            assertThat(c.isPending()).isFalse();
        }));
    }

    @Test
    @DisplayName("put refuses a request that is not new (counted or confirmed) (PR-2)")
    void putRefusesOldRequests() {
        ContactChange counted = new ContactChange(ContactChangeId.newId(), patient.id(), ContactKind.EMAIL,
                "a@example.org", unique("hash"), T0, at(900), 1, null);
        assertThatThrownBy(() -> run(tx -> tx.contactChanges().put(counted)))
                .isInstanceOf(IllegalArgumentException.class);
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).isEmpty());
    }

    @Test
    @DisplayName("a rolled-back work leaves no request behind (PR-2)")
    void rollback() {
        assertThatThrownBy(() -> run(tx -> {
            tx.contactChanges().put(request(ContactKind.EMAIL, "gone@example.org"));
            assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).isPresent();
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)).isEmpty());
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent failed attempts every one is counted (PR-2)")
    void concurrentAttempts() throws Exception {
        ContactChange change = request(ContactKind.EMAIL, "new@example.org");
        run(tx -> tx.contactChanges().put(change));
        List<Outcome<Integer>> outcomes = concurrently(THREADS,
                i -> writeRetrying(tx -> tx.contactChanges().recordFailedAttempt(patient.id(), change.id())));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.rangeClosed(1, THREADS).boxed().toList());
        check(tx -> assertThat(tx.contactChanges().find(patient.id(), ContactKind.EMAIL).orElseThrow()
                .failedAttempts()).isEqualTo(THREADS));
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent confirms of one request exactly one succeeds (PR-2)")
    void concurrentConfirms() throws Exception {
        ContactChange change = request(ContactKind.MOBILE, "+15555550166");
        run(tx -> tx.contactChanges().put(change));
        List<Outcome<Boolean>> outcomes = concurrently(THREADS,
                i -> writeRetrying(tx -> tx.contactChanges().confirm(patient.id(), change.id(), at(i))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).filteredOn(Boolean::booleanValue).hasSize(1);
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent requests of one kind exactly one is stored, whole (PR-2)")
    void concurrentRequests() throws Exception {
        List<ContactChange> requests = java.util.stream.IntStream.range(0, THREADS)
                .mapToObj(i -> request(ContactKind.EMAIL, "n" + i + "@example.org")).toList();
        List<Outcome<Object>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> {
            tx.contactChanges().put(requests.get(i));
            return null;
        }));
        assertThat(failures(outcomes)).isEmpty();
        check(tx -> assertThat(requests).contains(tx.contactChanges().find(patient.id(), ContactKind.EMAIL)
                .orElseThrow()));
    }
}

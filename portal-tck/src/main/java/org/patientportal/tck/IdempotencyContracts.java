package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;

/** The {@code IdempotencyRecords} store (IN-1). */
abstract class IdempotencyContracts extends KitSupport {
    @Test
    @DisplayName("a record round-trips every field; another scope or key finds nothing (IN-1)")
    void roundTrip() {
        IdempotencyRecord record = idempotency("scheduling.book", unique("key"));
        run(tx -> tx.idempotencyRecords().insert(record));
        check(tx -> assertThat(tx.idempotencyRecords().find(record.scope(), record.key())).contains(record));
        check(tx -> assertThat(tx.idempotencyRecords().find("scheduling.cancel", record.key())).isEmpty());
        check(tx -> assertThat(tx.idempotencyRecords().find(record.scope(), record.key() + "x")).isEmpty());
    }

    @Test
    @DisplayName("a taken scope and key is a duplicate key; the same key in another scope is not (IN-1)")
    void duplicate() {
        String key = unique("key");
        IdempotencyRecord record = idempotency("scheduling.book", key);
        run(tx -> tx.idempotencyRecords().insert(record));
        assertThatThrownBy(() -> run(tx -> tx.idempotencyRecords().insert(idempotency("scheduling.book", key))))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.idempotencyRecords().find(record.scope(), key)).contains(record));
        IdempotencyRecord otherScope = idempotency("refills.request", key);
        run(tx -> tx.idempotencyRecords().insert(otherScope));
        check(tx -> assertThat(tx.idempotencyRecords().find("refills.request", key)).contains(otherScope));
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent commands with one idempotency key exactly one commits its effects (IN-1)")
    void concurrentInserts() throws Exception {
        String key = unique("key");
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            patients.add(patient());
        }
        List<Outcome<PatientId>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> {
            tx.patients().insert(patients.get(i));
            tx.idempotencyRecords().insert(idempotency("patients.register", key));
            return patients.get(i).id();
        }));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
        check(tx -> assertThat(tx.patients().page(null, 1000)).extracting(Patient::id)
                .containsExactly(successes(outcomes).get(0)));
    }
}

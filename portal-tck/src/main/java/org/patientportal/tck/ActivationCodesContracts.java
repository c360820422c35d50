package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;

/** The {@code ActivationCodes} store (EN-1, EN-4, EN-6, EN-7). */
abstract class ActivationCodesContracts extends KitSupport {
    @Test
    @DisplayName("a code round-trips every field through find and findByHash")
    void roundTrip() {
        Patient patient = insertPatient();
        ActivationCodeRecord signUp = code(patient.id());
        ActivationCodeRecord reset = new ActivationCodeRecord(ActivationCodeId.newId(), patient.id(),
                CodePurpose.PASSWORD_RESET, unique("hash"), Delivery.SMS, at(1), at(601), "system",
                CodeStatus.ACTIVE, 2, null, 0);
        run(tx -> {
            tx.activationCodes().insert(signUp);
            tx.activationCodes().insert(reset);
        });
        for (ActivationCodeRecord c : List.of(signUp, reset)) {
            check(tx -> assertThat(tx.activationCodes().find(c.id())).contains(c));
            check(tx -> assertThat(tx.activationCodes().findByHash(c.codeHash())).contains(c));
        }
    }

    @Test
    @DisplayName("an unknown id, hash or patient finds nothing")
    void unknown() {
        Patient patient = insertPatient();
        run(tx -> tx.activationCodes().insert(code(patient.id())));
        check(tx -> assertThat(tx.activationCodes().find(ActivationCodeId.newId())).isEmpty());
        check(tx -> assertThat(tx.activationCodes().findByHash("no-such-hash")).isEmpty());
        check(tx -> assertThat(tx.activationCodes().findByPatient(PatientId.newId())).isEmpty());
    }

    @Test
    @DisplayName("a taken id or code hash is a duplicate key (EN-7)")
    void duplicates() {
        Patient patient = insertPatient();
        ActivationCodeRecord code = code(patient.id());
        run(tx -> tx.activationCodes().insert(code));
        ActivationCodeRecord sameId = new ActivationCodeRecord(code.id(), patient.id(), CodePurpose.SIGN_UP,
                unique("hash"), Delivery.LETTER, T0, at(60), "staff-1", CodeStatus.ACTIVE, 0, null, 0);
        ActivationCodeRecord sameHash = new ActivationCodeRecord(ActivationCodeId.newId(), patient.id(),
                CodePurpose.SIGN_UP, code.codeHash(), Delivery.LETTER, T0, at(60), "staff-1", CodeStatus.ACTIVE, 0,
                null, 0);
        assertThatThrownBy(() -> run(tx -> tx.activationCodes().insert(sameId)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> run(tx -> tx.activationCodes().insert(sameHash)))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.activationCodes().findByPatient(patient.id())).containsExactly(code));
    }

    @Test
    @DisplayName("findByPatient lists the patient's codes only, newest first")
    void findByPatient() {
        Patient patient = insertPatient();
        Patient other = insertPatient();
        List<ActivationCodeRecord> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(code(patient.id(), CodePurpose.values()[i % 2], at(i * 60L)));
        }
        List<ActivationCodeRecord> shuffled = new ArrayList<>(codes);
        Collections.shuffle(shuffled, new Random(3));
        run(tx -> {
            shuffled.forEach(tx.activationCodes()::insert);
            tx.activationCodes().insert(code(other.id()));
        });
        Collections.reverse(codes);
        check(tx -> assertThat(tx.activationCodes().findByPatient(patient.id())).containsExactlyElementsOf(codes));
    }

    @Test
    @DisplayName("recordFailedAttempt counts failures and answers -1 for an unknown code (EN-6)")
    void recordFailedAttempt() {
        Patient patient = insertPatient();
        ActivationCodeRecord code = code(patient.id());
        run(tx -> tx.activationCodes().insert(code));
        run(tx -> assertThat(tx.activationCodes().recordFailedAttempt(code.id())).isEqualTo(1));
        run(tx -> assertThat(tx.activationCodes().recordFailedAttempt(code.id())).isEqualTo(2));
        assertThat(read(tx -> tx.activationCodes().find(code.id())).orElseThrow().failedAttempts()).isEqualTo(2);
        run(tx -> assertThat(tx.activationCodes().recordFailedAttempt(ActivationCodeId.newId())).isEqualTo(-1));
    }

    @Test
    @DisplayName("recordFailedAttempt by " + THREADS + " concurrent threads counts exactly " + THREADS + " (EN-6)")
    void concurrentFailedAttempts() throws Exception {
        Patient patient = insertPatient();
        ActivationCodeRecord code = code(patient.id());
        run(tx -> tx.activationCodes().insert(code));
        List<Outcome<Integer>> outcomes = concurrently(THREADS,
                i -> writeRetrying(tx -> tx.activationCodes().recordFailedAttempt(code.id())));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).containsExactlyInAnyOrderElementsOf(oneTo(THREADS));
        assertThat(read(tx -> tx.activationCodes().find(code.id())).orElseThrow().failedAttempts()).isEqualTo(THREADS);
    }

    @Test
    @DisplayName("consume marks an ACTIVE code USED once; a used, revoked or unknown code is not consumed (EN-4)")
    void consume() {
        Patient patient = insertPatient();
        ActivationCodeRecord code = code(patient.id());
        ActivationCodeRecord revoked = code(patient.id());
        run(tx -> {
            tx.activationCodes().insert(code);
            tx.activationCodes().insert(revoked);
        });
        run(tx -> assertThat(tx.activationCodes().consume(code.id(), at(30))).isTrue());
        ActivationCodeRecord used = read(tx -> tx.activationCodes().find(code.id())).orElseThrow();
        assertThat(used.status()).isEqualTo(CodeStatus.USED);
        assertThat(used.closedAt()).isEqualTo(at(30));
        assertThat(used.codeHash()).isEqualTo(code.codeHash());
        run(tx -> assertThat(tx.activationCodes().consume(code.id(), at(40))).isFalse());
        check(tx -> assertThat(tx.activationCodes().find(code.id())).contains(used));

        run(tx -> assertThat(tx.activationCodes().revoke(revoked.id(), at(50))).isTrue());
        run(tx -> assertThat(tx.activationCodes().consume(revoked.id(), at(60))).isFalse());
        run(tx -> assertThat(tx.activationCodes().consume(ActivationCodeId.newId(), at(60))).isFalse());
    }

    @Test
    @DisplayName("an activation code is consumed exactly once by " + THREADS + " concurrent threads (EN-4)")
    void concurrentConsume() throws Exception {
        Patient patient = insertPatient();
        ActivationCodeRecord code = code(patient.id());
        run(tx -> tx.activationCodes().insert(code));
        List<Outcome<Boolean>> outcomes = concurrently(THREADS,
                i -> writeRetrying(tx -> tx.activationCodes().consume(code.id(), at(i))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).containsOnly(true, false).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(read(tx -> tx.activationCodes().find(code.id())).orElseThrow().status()).isEqualTo(CodeStatus.USED);
    }

    @Test
    @DisplayName("revoke marks an ACTIVE code REVOKED once; a used or unknown code is not revoked (EN-1)")
    void revoke() {
        Patient patient = insertPatient();
        ActivationCodeRecord code = code(patient.id());
        ActivationCodeRecord used = code(patient.id());
        run(tx -> {
            tx.activationCodes().insert(code);
            tx.activationCodes().insert(used);
            tx.activationCodes().consume(used.id(), at(1));
        });
        run(tx -> assertThat(tx.activationCodes().revoke(code.id(), at(10))).isTrue());
        ActivationCodeRecord revoked = read(tx -> tx.activationCodes().find(code.id())).orElseThrow();
        assertThat(revoked.status()).isEqualTo(CodeStatus.REVOKED);
        assertThat(revoked.closedAt()).isEqualTo(at(10));
        run(tx -> assertThat(tx.activationCodes().revoke(code.id(), at(20))).isFalse());
        run(tx -> assertThat(tx.activationCodes().revoke(used.id(), at(20))).isFalse());
        assertThat(read(tx -> tx.activationCodes().find(used.id())).orElseThrow().status()).isEqualTo(CodeStatus.USED);
        run(tx -> assertThat(tx.activationCodes().revoke(ActivationCodeId.newId(), at(20))).isFalse());
    }

    @Test
    @DisplayName("revokeActive revokes the patient's ACTIVE codes of that purpose only, and counts them (EN-1)")
    void revokeActive() {
        Patient patient = insertPatient();
        Patient other = insertPatient();
        ActivationCodeRecord active1 = code(patient.id(), CodePurpose.SIGN_UP, at(1));
        ActivationCodeRecord active2 = code(patient.id(), CodePurpose.SIGN_UP, at(2));
        ActivationCodeRecord used = code(patient.id(), CodePurpose.SIGN_UP, at(3));
        ActivationCodeRecord reset = code(patient.id(), CodePurpose.PASSWORD_RESET, at(4));
        ActivationCodeRecord othersCode = code(other.id(), CodePurpose.SIGN_UP, at(5));
        run(tx -> {
            for (ActivationCodeRecord c : List.of(active1, active2, used, reset, othersCode)) {
                tx.activationCodes().insert(c);
            }
            tx.activationCodes().consume(used.id(), at(6));
        });
        run(tx -> assertThat(tx.activationCodes().revokeActive(patient.id(), CodePurpose.SIGN_UP, at(10)))
                .isEqualTo(2));
        for (ActivationCodeRecord c : List.of(active1, active2)) {
            ActivationCodeRecord stored = read(tx -> tx.activationCodes().find(c.id())).orElseThrow();
            assertThat(stored.status()).isEqualTo(CodeStatus.REVOKED);
            assertThat(stored.closedAt()).isEqualTo(at(10));
        }
        assertThat(read(tx -> tx.activationCodes().find(used.id())).orElseThrow().status()).isEqualTo(CodeStatus.USED);
        check(tx -> assertThat(tx.activationCodes().find(reset.id())).contains(reset));
        check(tx -> assertThat(tx.activationCodes().find(othersCode.id())).contains(othersCode));
        run(tx -> assertThat(tx.activationCodes().revokeActive(patient.id(), CodePurpose.SIGN_UP, at(11)))
                .isZero());
    }
}

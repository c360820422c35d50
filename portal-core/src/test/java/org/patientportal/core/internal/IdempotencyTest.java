package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.ConflictException;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("IN-1 Idempotency")
class IdempotencyTest {
    private final Keys keys = new Keys(TestPortals.testKey());
    private final Idempotency idempotency = new Idempotency(keys, Clock.systemUTC());
    private final PortalStorage storage = TestStorages.inMemory();
    private final Transactions transactions = new Transactions(storage);

    @Test
    @DisplayName("IN-1 a command runs once per key; the stored result (JSON) reads back equal")
    void once() {
        AtomicInteger runs = new AtomicInteger();
        SignedUp result = new SignedUp(AccountId.newId(), PatientId.newId());
        String fingerprint = idempotency.fingerprint("a", 1, null);
        for (int i = 0; i < 3; i++) {
            SignedUp got = transactions.run(tx -> idempotency.once(tx, "scope", "key", fingerprint, SignedUp.class, () -> {
                runs.incrementAndGet();
                return result;
            }));
            assertThat(got).isEqualTo(result);
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    @DisplayName("IN-1 the same key with another fingerprint is a conflict; a null key always runs")
    void conflict() {
        SignedUp result = new SignedUp(AccountId.newId(), PatientId.newId());
        transactions.run(tx -> idempotency.once(tx, "scope", "k", idempotency.fingerprint("a"), SignedUp.class, () -> result));
        assertThatThrownBy(() -> transactions.run(tx -> idempotency.once(tx, "scope", "k", idempotency.fingerprint("b"),
                SignedUp.class, () -> result))).isExactlyInstanceOf(ConflictException.class);
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            transactions.run(tx -> idempotency.once(tx, "scope", null, null, SignedUp.class, () -> {
                runs.incrementAndGet();
                return result;
            }));
        }
        assertThat(runs).hasValue(2);
    }

    @Test
    @DisplayName("fingerprints are keyed and unambiguous")
    void fingerprints() {
        assertThat(idempotency.fingerprint("ab", "c")).isNotEqualTo(idempotency.fingerprint("a", "bc"));
        assertThat(idempotency.fingerprint((Object) null)).isNotEqualTo(idempotency.fingerprint("null"));
        assertThat(idempotency.fingerprint("x")).matches("[0-9a-f]{64}");
    }
}

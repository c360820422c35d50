package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.ConflictException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PortalStorageException;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

@DisplayName("Transactions")
class TransactionsTest {

    /** A storage whose transactions throw what the test says, a number of times. */
    private static final class Failing implements PortalStorage {
        final AtomicInteger calls = new AtomicInteger();
        final RuntimeException failure;
        final int failures;

        Failing(RuntimeException failure, int failures) {
            this.failure = failure;
            this.failures = failures;
        }

        @Override
        public <T> T inTransaction(TransactionalWork<T> work) {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return work.execute(null);
        }
    }

    @Test
    @DisplayName("transient failures are retried, 3 tries in all")
    void retriesTransient() {
        Failing twice = new Failing(new TransientStorageException("deadlock"), 2);
        String result = new Transactions(twice).run(tx -> "ok");
        assertThat(result).isEqualTo("ok");
        assertThat(twice.calls).hasValue(3);

        Failing always = new Failing(new TransientStorageException("deadlock"), 99);
        assertThatThrownBy(() -> new Transactions(always).run(tx -> "ok"))
                .isExactlyInstanceOf(PortalStorageException.class).hasMessage("storage failure");
        assertThat(always.calls).hasValue(3);
    }

    @Test
    @DisplayName("storage failures are mapped: duplicate and stale writes to conflicts, the rest to storage_failure")
    void mapping() {
        assertThatThrownBy(() -> new Transactions(new Failing(new DuplicateKeyException("dup"), 1)).run(tx -> 1))
                .isExactlyInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> new Transactions(new Failing(new DuplicateKeyException("dup"), 1))
                .run(tx -> 1, e -> new NotFoundException("thing"))).isExactlyInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> new Transactions(new Failing(new OptimisticLockException("stale"), 1)).run(tx -> 1))
                .isExactlyInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> new Transactions(new Failing(new StorageException("down"), 1)).run(tx -> 1))
                .isExactlyInstanceOf(PortalStorageException.class)
                .hasCauseExactlyInstanceOf(StorageException.class);
        assertThatThrownBy(() -> new Transactions(new Failing(new NotFoundException("x"), 1)).run(tx -> 1))
                .isExactlyInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("transactions do not nest")
    void noNesting() {
        Transactions transactions = new Transactions(new Failing(null, 0));
        assertThatThrownBy(() -> transactions.run(tx -> transactions.run(inner -> 1)))
                .isInstanceOf(IllegalStateException.class);
        int two = transactions.run(tx -> 2);
        assertThat(two).isEqualTo(2);
    }
}

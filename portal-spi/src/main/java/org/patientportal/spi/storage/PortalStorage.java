package org.patientportal.spi.storage;

/**
 * The storage port: one transaction boundary for every store.
 *
 * <p>All writes made through the {@link StorageTransaction} given to {@code work} commit together
 * when {@code work} returns, or not at all when it throws. Writes are invisible to other
 * transactions until the commit (read committed at least). Conditional writes (consume a code once,
 * revoke a session once, versioned updates) are decided by the store, so they hold under any
 * concurrency and across nodes sharing one database. The {@code StorageCompatibilityKit} in
 * {@code portal-tck} states every guarantee as a test.
 */
public interface PortalStorage extends AutoCloseable {

    /**
     * Runs {@code work} in one transaction and commits it.
     *
     * <p>Transactions do not nest: calling this method from inside {@code work} is an error
     * ({@link IllegalStateException}). After a store method throws, the transaction is spent
     * (PostgreSQL aborts it): {@code work} must let the exception propagate, not go on with more
     * store calls. Adapters never chain the driver's exception as a cause, since its message may
     * carry SQL text and values.
     *
     * @param work the work; any exception it throws rolls the transaction back and is rethrown as is
     * @param <T>  the result type
     * @return what {@code work} returned
     * @throws StorageException when the storage fails (the transaction is rolled back)
     */
    <T> T inTransaction(TransactionalWork<T> work);

    /** Releases what the adapter holds (never the host's {@code DataSource}). */
    @Override
    default void close() {
    }
}

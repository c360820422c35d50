package org.patientportal.spi.storage;

/**
 * Work run inside one storage transaction.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TransactionalWork<T> {
    /**
     * Does the work. Throwing anything rolls every write of the transaction back.
     *
     * @param tx the open transaction; not to be used after this method returns
     * @return the result handed back by {@link PortalStorage#inTransaction}
     */
    T execute(StorageTransaction tx);
}

package org.patientportal.inmemory;

import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.StorageCompatibilityKit;

/** The in-memory adapter keeps every contract of the storage SPI. */
class InMemoryStorageCompatibilityTest extends StorageCompatibilityKit {
    @Override
    protected PortalStorage createStorage() {
        return InMemoryStorage.create();
    }

    @Override
    protected void breakStorage(PortalStorage storage) {
        ((InMemoryStorage) storage).simulateFailure(true);
    }
}

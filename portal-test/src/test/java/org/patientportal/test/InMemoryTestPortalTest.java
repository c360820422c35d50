package org.patientportal.test;

import org.patientportal.inmemory.InMemoryStorage;
import org.patientportal.spi.storage.PortalStorage;

class InMemoryTestPortalTest extends TestPortalSuite {
    @Override
    protected PortalStorage storage() {
        return InMemoryStorage.create();
    }
}

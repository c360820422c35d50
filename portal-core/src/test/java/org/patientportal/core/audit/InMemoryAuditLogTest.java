package org.patientportal.core.audit;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.spi.storage.PortalStorage;

/**
 * The in-memory adapter has no way to edit its rows from outside, so the tampering happens as
 * events are read back (through the test's storage decorator): what verify() sees is the same.
 */
@DisplayName("Audit log (AD) on InMemory")
class InMemoryAuditLogTest extends AuditLogTest {
    @Override
    protected PortalStorage storage() {
        return TestStorages.inMemory();
    }

    @Override
    protected void editEvent(AuditChain chain, long sequence) {
        storage.editOnRead(chain, sequence, e -> new AuditEvent(e.id(), e.chain(), e.sequence(), e.occurredAt(),
                e.patientId(), e.actor(), e.action(), e.category(), e.recordId(), e.outcome(), "tampered",
                e.previousHash(), e.hash()));
    }

    @Override
    protected void deleteEvent(AuditChain chain, long sequence) {
        storage.hideOnRead(chain, sequence);
    }
}

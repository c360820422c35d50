package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * The storage compatibility kit: every guarantee of the storage SPI
 * ({@link PortalStorage} and its stores) stated as a test. An adapter proves itself by extending
 * this class in its own test sources and implementing one factory method:
 *
 * <pre>{@code
 * class JdbcStorageCompatibilityTest extends StorageCompatibilityKit {
 *     @Override
 *     protected PortalStorage createStorage() {
 *         return JdbcStorage.create(freshDatabase());
 *     }
 * }
 * }</pre>
 *
 * <p>Contracts are grouped in {@code @Nested} classes, one per store plus the cross-cutting ones
 * (transactions, pagination, failures); each composes one contract class of this package
 * ({@code PatientsContracts}, {@code OutboxContracts}, ...) that holds the tests of its store. {@link #createStorage()} is called before <em>each</em>
 * test and must return a storage whose stores are all empty; {@link #closeStorage} is called after
 * each test. {@link #breakStorage} is an optional hook that makes the storage fail like a lost
 * database; without it the failure contract is skipped (aborted), not failed.
 *
 * <p>Conventions the kit relies on:
 * <ul>
 *   <li>every {@link Instant} the kit writes is already truncated to microseconds (the precision
 *       of a PostgreSQL {@code timestamptz}), so a database adapter must round-trip it exactly;</li>
 *   <li>ids are real time-ordered ids from the model ({@code PatientId.newId()}, ...), except in the
 *       ordering contract, which also uses arbitrary UUIDs: pages are ordered by id as unsigned
 *       128-bit numbers, which is PostgreSQL's and H2's order of a {@code uuid} column and the
 *       lexicographic order of the canonical lower-case strings (not {@link UUID#compareTo});</li>
 *   <li>rows referenced by others (the patient of an account, the account of a session, the
 *       provider, department and visit types of a slot, the patient and slot of an appointment,
 *       the appointment of a visit summary or wait-list entry) are inserted first, so foreign keys
 *       in a schema are welcome;</li>
 *   <li>concurrency contracts run 32 threads released together by a latch; they
 *       retry a transaction that fails with a {@link TransientStorageException} (up to
 *       20 times), as core does; every wait is bounded by 10 seconds, and no
 *       contract sleeps for correctness (the two contracts that hold a booking's transaction open
 *       give a second booker up to 300 ms to answer wrongly before ending it: that bound
 *       decides only whether a check-then-write adapter is caught, never whether a correct one
 *       passes).</li>
 * </ul>
 */
public abstract class StorageCompatibilityKit {
    private PortalStorage storage;

    /** For subclasses. */
    protected StorageCompatibilityKit() {
    }

    /**
     * Creates the storage under test. Called before each test; the storage's stores must be empty.
     *
     * @return a fresh, empty storage
     */
    protected abstract PortalStorage createStorage();

    /**
     * Releases the storage after each test. Closes it by default.
     *
     * @param storage what {@link #createStorage()} returned
     */
    protected void closeStorage(PortalStorage storage) {
        storage.close();
    }

    /**
     * Makes the storage fail as if its database were lost (for instance, close or shut down the
     * {@code DataSource} under it), so that the next call of
     * {@link PortalStorage#inTransaction} fails. Override it to run the failure contract; by
     * default that contract is skipped.
     *
     * @param storage what {@link #createStorage()} returned
     */
    protected void breakStorage(PortalStorage storage) {
        Assumptions.abort("breakStorage(PortalStorage) is not overridden: the driver-failure contract is skipped");
    }

    /** The storage of the current test. */
    protected final PortalStorage storage() {
        return storage;
    }

    @BeforeEach
    final void openStorageUnderTest() {
        storage = createStorage();
        assertThat(storage).as("createStorage()").isNotNull();
    }

    @AfterEach
    final void closeStorageUnderTest() {
        if (storage != null) {
            closeStorage(storage);
            storage = null;
        }
    }

    @Nested
    @DisplayName("transactions")
    class Transactions extends TransactionContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("driver failures")
    class Failures extends FailuresContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }

        @Override
        protected void breakStorage() {
            StorageCompatibilityKit.this.breakStorage(StorageCompatibilityKit.this.storage());
        }
    }

    @Nested
    @DisplayName("patients")
    class PatientsContract extends PatientsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("accounts")
    class AccountsContract extends AccountsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("activation codes")
    class ActivationCodesContract extends ActivationCodesContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("sessions")
    class SessionsContract extends SessionsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("audit trail")
    class AuditTrailContract extends AuditTrailContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("outbox")
    class OutboxContract extends OutboxContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("idempotency records")
    class IdempotencyContract extends IdempotencyContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("proxy grants (PX-1, PX-2, PX-3)")
    class ProxyGrantsContract extends ProxyGrantsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("notification preferences (NT-1)")
    class PreferencesContract extends PreferencesContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("patients by mobile number (NT-1)")
    class PatientsByMobileContract extends PatientsByMobileContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("outbox counts (NT-2)")
    class OutboxCountsContract extends OutboxCountsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("departments, providers and visit types (SC-1)")
    class ClinicSetupContract extends ClinicSetupContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("slots (SC-1, SC-2, SC-3)")
    class SlotsContract extends SlotsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("slots without overlap: the store refuses overlapping slots of one provider (SC-1)")
    class SlotOverlapContract extends SlotOverlapContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("appointments (SC-3, SC-4, SC-5)")
    class AppointmentsContract extends AppointmentsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("visit summaries (SC-5)")
    class VisitSummariesContract extends VisitSummariesContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("appointment requests (SC-1)")
    class AppointmentRequestsContract extends AppointmentRequestsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("messaging (MS-1..MS-6)")
    class Messaging extends MessagingContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("wait list (SC-7)")
    class WaitlistContract extends WaitlistContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("pagination")
    class Pagination extends PaginationContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("Medications: prescriptions, pharmacies, refill requests (RF-1..RF-7)")
    class Medications extends MedicationsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("Health records: history entries (HH-1..HH-3)")
    class HealthRecords extends HealthRecordsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("test results (RS-1..RS-8)")
    class ResultsContract extends ResultsContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("a patient's own release delay of sensitive results (RS-2)")
    class ResultReleaseDelayContract extends ResultReleaseDelayContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("what audit verification reads besides the heads (AD-2)")
    class AuditVerificationContract extends AuditVerificationContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("Transactions: a commit is visible to readers all at once")
    class TransactionVisibility extends TransactionVisibilityContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("login throttling: one conditional write per failure (AU-5)")
    class LoginThrottling extends LoginThrottlingContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("requested contact changes (PR-2)")
    class ContactChangesContract extends ContactChangesContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("retention: purging delivered outbox entries and old idempotency records (NT-2)")
    class RetentionContract extends RetentionContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("Audit trail: a patient's access log (AD-4)")
    class AuditAccessLog extends AuditAccessLogContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("the read of a patient command and the writes behind it (IN-1, AD-2, NT-2)")
    class CommandReadContract extends CommandReadContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }

    @Nested
    @DisplayName("booking a slot and storing its appointment at once (SC-3)")
    class BookSlotContract extends BookSlotContracts {
        @Override
        protected PortalStorage storage() {
            return StorageCompatibilityKit.this.storage();
        }
    }
}

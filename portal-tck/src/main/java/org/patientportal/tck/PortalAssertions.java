package org.patientportal.tck;

import java.util.List;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;
import org.patientportal.spi.storage.StorageException;

/**
 * AssertJ entry points for adapter tests, next to {@code org.assertj.core.api.Assertions}.
 *
 * <pre>{@code
 * Throwable thrown = catchThrowable(() -> storage.inTransaction(tx -> tx.patients().find(id)));
 * PortalAssertions.assertThatStorageFailure(thrown).isStorageException().hasNoSqlText();
 * }</pre>
 */
public final class PortalAssertions {
    /** Words of SQL that never appear in a {@link StorageException}'s message (compared ignoring case). */
    public static final List<String> SQL_WORDS = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "FROM", "WHERE");

    private PortalAssertions() {
    }

    /**
     * Assertions on what a storage call threw.
     *
     * @param thrown the throwable, may be null (then every assertion fails)
     * @return the assertion object
     */
    public static StorageFailureAssert assertThatStorageFailure(Throwable thrown) {
        return new StorageFailureAssert(thrown);
    }

    /** Assertions on a storage failure. */
    public static final class StorageFailureAssert extends AbstractAssert<StorageFailureAssert, Throwable> {
        StorageFailureAssert(Throwable actual) {
            super(actual, StorageFailureAssert.class);
        }

        /**
         * Verifies that the failure is a {@link StorageException} (or a subclass).
         *
         * @return this
         */
        public StorageFailureAssert isStorageException() {
            isNotNull();
            if (!(actual instanceof StorageException)) {
                failWithMessage("Expected a StorageException but was <%s>", actual);
            }
            return this;
        }

        /**
         * Verifies that the failure's message carries no SQL text (no word of {@link #SQL_WORDS},
         * ignoring case): adapters describe the failure, never the statement.
         *
         * @return this
         */
        public StorageFailureAssert hasNoSqlText() {
            isNotNull();
            String message = String.valueOf(actual.getMessage()).toUpperCase(Locale.ROOT);
            for (String word : SQL_WORDS) {
                if (message.contains(word)) {
                    failWithMessage("Expected the message of <%s> to carry no SQL text but it contains <%s>",
                            actual.getClass().getName(), word);
                }
            }
            return this;
        }
    }
}

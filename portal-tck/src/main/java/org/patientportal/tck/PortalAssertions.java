package org.patientportal.tck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /**
     * Fragments of SQL (and of the drivers' error details) that never appear in a storage failure's
     * message, nor in any of its causes or suppressed exceptions (matched ignoring case). They look
     * for statements, not words: "Could not insert patient" or "update failed" are fine, while
     * {@code INSERT INTO patient}, {@code SELECT id FROM}, {@code UPDATE patient SET},
     * {@code DELETE FROM}, {@code WHERE id = ?}, a {@code = ?} or {@code = $1} placeholder,
     * {@code VALUES (} and PostgreSQL's {@code Key (mrn)=(...)} detail are not.
     */
    public static final List<Pattern> SQL_FRAGMENTS = List.of(
            sql("\\bINSERT\\s+INTO\\b"),
            sql("\\bSELECT\\b.*?\\bFROM\\b"),
            sql("\\bUPDATE\\s+[\\w.\"]+\\s+SET\\b"),
            sql("\\bDELETE\\s+FROM\\b"),
            sql("\\bMERGE\\s+INTO\\b"),
            sql("\\bWHERE\\s+[\\w.\"]+\\s*(?:=|<>|!=|<=|>=|<|>|\\bIN\\b|\\bIS\\b|\\bLIKE\\b)"),
            sql("(?:=|<>|!=|<=|>=|<|>)\\s*(?:\\?|\\$\\d+)|(?:\\?|\\$\\d+)\\s*(?:=|<>|!=|<=|>=|<|>)"),
            sql("\\bVALUES\\s*\\("),
            sql("\\bON\\s+CONFLICT\\b"),
            sql("\\bKey\\s*\\([^)]*\\)\\s*=\\s*\\("),
            sql("\\bSQL\\s+statement\\b"));

    private PortalAssertions() {
    }

    private static Pattern sql(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    /**
     * The first SQL fragment in {@code text}, if any.
     *
     * @param text a message, may be null
     * @return the fragment found, or null
     */
    public static String findSqlFragment(String text) {
        if (text == null) {
            return null;
        }
        for (Pattern pattern : SQL_FRAGMENTS) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return matcher.group();
            }
        }
        return null;
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
         * Verifies that no message in the failure's chain (the failure itself, its causes and the
         * suppressed exceptions of each) carries SQL text: no match of {@link #SQL_FRAGMENTS}.
         * Adapters describe the failure, never the statement or its values.
         *
         * @return this
         */
        public StorageFailureAssert hasNoSqlText() {
            isNotNull();
            for (Throwable t : chain(actual)) {
                String fragment = findSqlFragment(t.getMessage());
                if (fragment != null) {
                    failWithMessage("Expected no SQL text in the failure or its causes, but the message of <%s>%s"
                                    + " contains <%s>", t.getClass().getName(),
                            t == actual ? "" : " (in the chain of " + actual.getClass().getName() + ")", fragment);
                }
            }
            return this;
        }

        /** The failure, its causes and the suppressed exceptions of each, every one once. */
        private static List<Throwable> chain(Throwable root) {
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Throwable> ordered = new ArrayList<>();
            Deque<Throwable> todo = new ArrayDeque<>();
            todo.add(root);
            while (!todo.isEmpty()) {
                Throwable t = todo.poll();
                if (!seen.add(t)) {
                    continue;
                }
                ordered.add(t);
                if (t.getCause() != null) {
                    todo.add(t.getCause());
                }
                Collections.addAll(todo, t.getSuppressed());
            }
            return ordered;
        }
    }
}

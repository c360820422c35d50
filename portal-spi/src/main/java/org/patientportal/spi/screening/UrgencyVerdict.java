package org.patientportal.spi.screening;

import java.util.Objects;
import java.util.Set;

/**
 * What a screener decided about one text.
 *
 * @param urgent whether the text looks urgent
 * @param signs  machine words of the signs found ({@code "chest_pain"}, {@code "breathing"}, ...),
 *               empty when not urgent; never words of the text itself
 */
public record UrgencyVerdict(boolean urgent, Set<String> signs) {
    /** Copies the signs. */
    public UrgencyVerdict {
        signs = Set.copyOf(Objects.requireNonNull(signs, "signs"));
    }

    /** Not urgent. */
    public static UrgencyVerdict notUrgent() {
        return new UrgencyVerdict(false, Set.of());
    }

    /** Urgent, with the signs found. */
    public static UrgencyVerdict urgent(Set<String> signs) {
        return new UrgencyVerdict(true, signs);
    }
}

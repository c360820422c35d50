package org.patientportal.core.testing;

import java.util.regex.Pattern;

/**
 * Masks the random parts of a record's text (UUIDs and hex digests) before a test looks for PHI in
 * it. A digest or a random id is hex, so it holds a short run of digits such as an SSN4 or a birth
 * year by chance (a 64-digit hash holds a given 4-digit run about once in a thousand), and a test
 * that searched the unmasked text failed at random. Everything else, names, dates and free text,
 * stays as it was printed.
 */
public final class RandomTokens {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGEST = Pattern.compile("(?<![0-9a-fA-F])[0-9a-fA-F]{32,}(?![0-9a-fA-F])");

    private RandomTokens() {
    }

    /** {@code text} with each UUID replaced by {@code <uuid>} and each run of 32 or more hex digits by {@code <hex>}. */
    public static String masked(Object text) {
        String uuidsMasked = UUID.matcher(String.valueOf(text)).replaceAll("<uuid>");
        return DIGEST.matcher(uuidsMasked).replaceAll("<hex>");
    }
}

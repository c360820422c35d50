package org.patientportal.core.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Activation and reset codes (EN-2): 15 characters of the Crockford base32 alphabet
 * ({@code 0123456789ABCDEFGHJKMNPQRSTVWXYZ}: no I, L, O, U), 75 bits from {@code SecureRandom},
 * shown as {@code XXXXX-XXXXX-XXXXX}. Input is accepted with or without those two dashes, in any
 * case, with surrounding whitespace trimmed; anything else is refused (no look-alike mapping).
 */
public final class CodeFormat {
    /** The alphabet, in value order. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Characters in a code, without dashes. */
    public static final int LENGTH = 15;
    /** The message of a malformed code. */
    public static final String MALFORMED = "must be 15 characters of the activation-code alphabet, as XXXXX-XXXXX-XXXXX";

    private static final int GROUP = 5;

    private CodeFormat() {
    }

    /** A new random code, normalised (15 upper-case characters, no dashes). */
    public static String generate() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(Secrets.random().nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** The display form {@code XXXXX-XXXXX-XXXXX} of a normalised code. */
    public static String display(String normalized) {
        if (normalized.length() != LENGTH) {
            throw new IllegalArgumentException("not a normalised code");
        }
        return normalized.substring(0, GROUP) + '-' + normalized.substring(GROUP, 2 * GROUP) + '-'
                + normalized.substring(2 * GROUP);
    }

    /**
     * The normalised code (15 upper-case characters) of user input, or empty if it is not a code.
     *
     * @param input what the user typed, if anything
     */
    public static Optional<String> normalize(@Nullable String input) {
        if (input == null) {
            return Optional.empty();
        }
        String text = input.strip();
        String compact;
        if (text.length() == LENGTH) {
            compact = text;
        } else if (text.length() == LENGTH + 2 && text.charAt(GROUP) == '-' && text.charAt(2 * GROUP + 1) == '-') {
            compact = text.substring(0, GROUP) + text.substring(GROUP + 1, 2 * GROUP + 1) + text.substring(2 * GROUP + 2);
        } else {
            return Optional.empty();
        }
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = compact.charAt(i);
            // ASCII only: upper-casing first would map look-alikes such as U+0131 or U+017F into the alphabet.
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (upper > 'Z' || ALPHABET.indexOf(upper) < 0) {
                return Optional.empty();
            }
            out[i] = upper;
        }
        return Optional.of(new String(out));
    }
}

package org.patientportal.core.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Activation and reset codes (EN-2): 15 characters of the Crockford base32 alphabet
 * ({@code 0123456789ABCDEFGHJKMNPQRSTVWXYZ}: no I, L, O, U), 75 bits from {@code SecureRandom},
 * shown as {@code XXXXX-XXXXX-XXXXX}. Input is accepted in any case, with spaces and dashes
 * anywhere (ignored, as Crockford base32 ignores hyphens) and surrounding whitespace trimmed, when
 * exactly 15 alphabet characters remain; anything else is refused (no look-alike mapping).
 */
public final class CodeFormat {
    /** The alphabet, in value order. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Characters in a code, without dashes. */
    public static final int LENGTH = 15;
    /** The message of a malformed code. */
    public static final String MALFORMED = "must be 15 characters of the activation-code alphabet, as XXXXX-XXXXX-XXXXX";

    /** The longest input read, after trimming: 15 characters with a separator or two around each. */
    public static final int MAX_INPUT = 64;

    private static final int GROUP = 5;
    /** U+2212, what some keyboards and fonts turn a typed dash into. */
    private static final char MINUS_SIGN = '\u2212';

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
     * Separators are ignored wherever they are (Crockford base32 ignores hyphens, and people retype
     * printed codes in groups): spaces (any Unicode space separator, or a tab) and dashes (any
     * Unicode dash punctuation, or the minus sign U+2212). What remains must be exactly 15 alphabet characters in any case;
     * a look-alike ({@code I}, {@code L}, {@code O}, {@code U}, non-ASCII letters) is refused, never
     * mapped. Input longer than {@value #MAX_INPUT} characters after trimming is refused unread.
     *
     * @param input what the user typed, if anything
     */
    public static Optional<String> normalize(@Nullable String input) {
        if (input == null) {
            return Optional.empty();
        }
        String text = input.strip();
        if (text.length() > MAX_INPUT) {
            return Optional.empty();
        }
        char[] out = new char[LENGTH];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSeparator(c)) {
                continue;
            }
            // ASCII only: upper-casing first would map look-alikes such as U+0131 or U+017F into the alphabet.
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (upper > 'Z' || ALPHABET.indexOf(upper) < 0 || length == LENGTH) {
                return Optional.empty();
            }
            out[length++] = upper;
        }
        return length == LENGTH ? Optional.of(new String(out)) : Optional.empty();
    }

    /** Whether a character is a separator ignored inside a typed code: a space, a tab or a dash. */
    private static boolean isSeparator(char c) {
        int type = Character.getType(c);
        return c == '\t' || c == MINUS_SIGN || type == Character.SPACE_SEPARATOR || type == Character.DASH_PUNCTUATION;
    }
}

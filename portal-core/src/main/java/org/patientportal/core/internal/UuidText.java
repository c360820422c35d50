package org.patientportal.core.internal;

import java.util.UUID;

/**
 * A UUID's text ({@link UUID#toString}: 8-4-4-4-12 lowercase hex digits) written into a builder in
 * place, for the texts written on every call of a use case (stored results, audit hashes) without
 * a string per id.
 */
public final class UuidText {
    /** The length of every UUID's text. */
    public static final int LENGTH = 36;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Each thread's buffer of one id's text, appended at once. */
    private static final ThreadLocal<char[]> TEXT = ThreadLocal.withInitial(() -> new char[LENGTH]);

    private UuidText() {
    }

    /**
     * Appends {@code id.toString()}.
     *
     * @param out the builder
     * @param id  the id
     * @return {@code out}
     */
    public static StringBuilder append(StringBuilder out, UUID id) {
        char[] text = TEXT.get();
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        hex(text, 0, high >>> 32, 8);
        text[8] = '-';
        hex(text, 9, high >>> 16, 4);
        text[13] = '-';
        hex(text, 14, high, 4);
        text[18] = '-';
        hex(text, 19, low >>> 48, 4);
        text[23] = '-';
        hex(text, 24, low, 12);
        return out.append(text, 0, LENGTH);
    }

    private static void hex(char[] text, int at, long bits, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            text[i] = HEX[(int) bits & 0xF];
            bits >>>= 4;
        }
    }
}

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
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        hex(out, high >>> 32, 8).append('-');
        hex(out, high >>> 16, 4).append('-');
        hex(out, high, 4).append('-');
        hex(out, low >>> 48, 4).append('-');
        return hex(out, low, 12);
    }

    private static StringBuilder hex(StringBuilder out, long bits, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX[(int) (bits >>> shift) & 0xF]);
        }
        return out;
    }
}

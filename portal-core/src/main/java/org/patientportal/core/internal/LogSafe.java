package org.patientportal.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Makes text safe for one log line (LG-2): CR, LF, tab, backslash and every other control or
 * line-separator character are escaped, and the result is cut to at most 64 characters.
 */
public final class LogSafe {
    /** The longest result. */
    public static final int MAX_LENGTH = 64;

    private static final String CUT = "...";

    private LogSafe() {
    }

    /**
     * Escapes and truncates.
     *
     * @param text any text; absent gives {@code "null"}
     * @return a single-line string of at most 64 characters, ending with {@code "..."} when cut
     */
    public static String escape(@Nullable String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
        for (int i = 0; i < text.length() && out.length() <= MAX_LENGTH; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (out.length() > MAX_LENGTH) {
            out.setLength(MAX_LENGTH - CUT.length());
            if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
                out.setLength(out.length() - 1);
            }
            out.append(CUT);
        }
        return out.toString();
    }
}

package org.patientportal.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outbox payload (a flat map of strings) as a JSON object, without a JSON library. Writing
 * sorts the keys and escapes every quote, backslash and control character; reading accepts exactly
 * an object of string members (whitespace allowed between tokens) and nothing else.
 */
final class PayloadJson {
    private PayloadJson() {
    }

    static String write(Map<String, String> payload) {
        StringBuilder out = new StringBuilder(16 + payload.size() * 32).append('{');
        boolean first = true;
        for (Map.Entry<String, String> member : new TreeMap<>(payload).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, member.getKey());
            out.append(':');
            string(out, member.getValue());
        }
        return out.append('}').toString();
    }

    /**
     * Pairs of strings, in order, as a JSON array of two-string arrays: {@code [["a","b"],["c","d"]]}
     * (the diagnoses of a visit summary: code and description).
     */
    static String writePairs(List<Map.Entry<String, String>> pairs) {
        StringBuilder out = new StringBuilder(2 + pairs.size() * 48).append('[');
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('[');
            string(out, pairs.get(i).getKey());
            out.append(',');
            string(out, pairs.get(i).getValue());
            out.append(']');
        }
        return out.append(']').toString();
    }

    /**
     * Parses what {@link #writePairs} wrote.
     *
     * @throws IllegalArgumentException if the text is not a JSON array of two-string arrays (the
     *                                  message names the position, never the content)
     */
    static List<Map.Entry<String, String>> readPairs(String json) {
        return new Reader(json).pairs();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !pairedSurrogate(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A lone surrogate is escaped so that the text stays valid UTF-16 (PostgreSQL stores UTF-8). */
    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Parses what {@link #write} wrote.
     *
     * @throws IllegalArgumentException if the text is not a JSON object of strings (the message
     *                                  names the position, never the content)
     */
    static Map<String, String> read(String json) {
        return new Reader(json).object();
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Map<String, String> object() {
            Map<String, String> result = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    String name = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    String value = string();
                    if (result.put(name, value) != null) {
                        throw fail("duplicate member");
                    }
                    skipSpace();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw fail("expected ',' or '}'");
                    }
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw fail("trailing characters");
            }
            return result;
        }

        List<Map.Entry<String, String>> pairs() {
            List<Map.Entry<String, String>> result = new ArrayList<>();
            skipSpace();
            expect('[');
            skipSpace();
            if (peek() == ']') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    expect('[');
                    skipSpace();
                    String first = string();
                    skipSpace();
                    expect(',');
                    skipSpace();
                    String second = string();
                    skipSpace();
                    expect(']');
                    result.add(Map.entry(first, second));
                    skipSpace();
                    char c = next();
                    if (c == ']') {
                        break;
                    }
                    if (c != ',') {
                        throw fail("expected ',' or ']'");
                    }
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw fail("trailing characters");
            }
            return result;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw fail("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hex4());
                    default -> throw fail("bad escape");
                }
            }
        }

        private char hex4() {
            if (pos + 4 > text.length()) {
                throw fail("truncated escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(text.charAt(pos++), 16);
                if (digit < 0) {
                    throw fail("bad escape");
                }
                value = value << 4 | digit;
            }
            return (char) value;
        }

        private void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw fail("unexpected end");
            }
            return text.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw fail("expected '" + c + "'");
            }
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("Malformed payload JSON at position " + pos + ": " + what);
        }
    }
}

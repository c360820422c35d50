package org.patientportal.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.OutboxEntry;

/**
 * The template parameters of an outbox entry as the text the storage keeps: a JSON object of
 * strings, keys sorted, written and read by core only (a storage stores the text and never parses it).
 */
public final class OutboxPayloads {
    /** The payload of an entry without parameters. */
    public static final String NONE = "{}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };

    private OutboxPayloads() {
    }

    /**
     * The text of a payload.
     *
     * @param parameters the template parameters
     * @return a JSON object of strings, keys sorted
     */
    public static String write(Map<String, String> parameters) {
        return object(parameters.size() < 2 ? parameters : new TreeMap<>(parameters));
    }

    /**
     * A JSON object of strings (null values as {@code null}) in the map's iteration order, written
     * without a JSON library: the hot path's payloads and stored results are flat maps of strings,
     * for which this is what Jackson writes, at a fraction of the cost.
     */
    public static String object(Map<String, String> fields) {
        StringBuilder out = new StringBuilder(32 + 48 * fields.size()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey());
            out.append(':');
            if (field.getValue() == null) {
                out.append("null");
            } else {
                string(out, field.getValue());
            }
        }
        return out.append('}').toString();
    }

    /**
     * {@code text} as a JSON string literal, as Jackson writes it. Text of ISO-8859-1 characters
     * (a stored result: JSON of ids, instants and codes) is measured, then written byte by byte.
     */
    static String jsonString(String text) {
        int length = text.length();
        int escaped = length + 2;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                StringBuilder out = new StringBuilder(length + length / 8 + 16);
                string(out, text);
                return out.toString();
            }
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                escaped++;
            } else if (c < 0x20) {
                escaped += 5;
            }
        }
        byte[] out = new byte[escaped];
        int at = 0;
        out[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                out[at++] = (byte) c;
                continue;
            }
            out[at++] = '\\';
            switch (c) {
                case '"' -> out[at++] = '"';
                case '\\' -> out[at++] = '\\';
                case '\n' -> out[at++] = 'n';
                case '\r' -> out[at++] = 'r';
                case '\t' -> out[at++] = 't';
                case '\b' -> out[at++] = 'b';
                case '\f' -> out[at++] = 'f';
                default -> {
                    out[at++] = 'u';
                    out[at++] = '0';
                    out[at++] = '0';
                    out[at++] = (byte) Character.forDigit(c >> 4, 16);
                    out[at++] = (byte) Character.forDigit(c & 0xf, 16);
                }
            }
        }
        out[at] = '"';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Appends {@code "key":"value"} (or {@code "key":null}) to a JSON object being written, after a
     * comma unless it is the object's first member (the builder ends with its opening brace).
     *
     * @param out   the object written so far, from its opening brace
     * @param key   the member's name
     * @param value its value, or null
     * @return {@code out}
     */
    public static StringBuilder member(StringBuilder out, String key, @Nullable String value) {
        if (out.charAt(out.length() - 1) != '{') {
            out.append(',');
        }
        string(out, key);
        out.append(':');
        if (value == null) {
            return out.append("null");
        }
        string(out, value);
        return out;
    }

    /**
     * Appends a member as {@link #member} writes it, the way it reads inside a JSON string literal of
     * the whole object ({@link #jsonString} of the object's text): each quote and backslash escaped
     * once more. An object written so, after an opening quote and brace and up to a closing brace
     * and quote, is that literal, written in one pass.
     *
     * @param out   the literal written so far, from its opening quote and brace
     * @param key   the member's name
     * @param value its value, or null
     * @return {@code out}
     */
    public static StringBuilder quotedMember(StringBuilder out, String key, @Nullable String value) {
        if (out.charAt(out.length() - 1) != '{') {
            out.append(',');
        }
        out.append("\\\"");
        escapedTwice(out, key);
        out.append("\\\":");
        if (value == null) {
            return out.append("null");
        }
        out.append("\\\"");
        escapedTwice(out, value);
        return out.append("\\\"");
    }

    /** Appends {@code text} escaped as {@link #string} escapes it, then escaped again as {@link #jsonString} does. */
    private static void escapedTwice(StringBuilder out, String text) {
        escaped(out, text, true);
    }

    /** Appends {@code text} as a JSON string literal. */
    private static void string(StringBuilder out, String text) {
        out.append('"');
        escaped(out, text, false);
        out.append('"');
    }

    /**
     * Appends {@code text} with each character JSON escapes escaped ({@code twice}: that escape escaped
     * again), the runs between them at once.
     */
    private static void escaped(StringBuilder out, String text, boolean twice) {
        int run = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, run, i);
            run = i + 1;
            if (!twice) {
                escape(out, c);
                continue;
            }
            StringBuilder once = new StringBuilder(6);
            escape(once, c);
            for (int j = 0; j < once.length(); j++) {
                char e = once.charAt(j);
                if (e == '"' || e == '\\') {
                    out.append('\\');
                }
                out.append(e);
            }
        }
        if (run == 0) {
            out.append(text); // nothing escaped: the whole text at once, not char by char
        } else {
            out.append(text, run, length);
        }
    }

    /** Appends the JSON escape of {@code c}, a quote, a backslash or a control character. */
    private static void escape(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
        }
    }

    /**
     * The template parameters an entry carries.
     *
     * @param entry an entry core wrote
     * @return its parameters
     * @throws IllegalArgumentException if the stored text is not a JSON object of strings
     */
    public static Map<String, String> read(OutboxEntry entry) {
        try {
            Map<String, String> parameters = JSON.readValue(entry.payload(), STRINGS);
            if (parameters == null) {
                throw new IllegalArgumentException("the outbox payload is not a JSON object");
            }
            return Map.copyOf(parameters);
        } catch (JsonProcessingException | NullPointerException e) {
            throw new IllegalArgumentException("the outbox payload is not a JSON object of strings");
        }
    }
}

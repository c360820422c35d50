package org.patientportal.jdbc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two columns that hold a small structure as JSON text, written and read with Jackson: the
 * channels by event kind of notification preferences (an object of strings) and the diagnoses of
 * a visit summary (an array of [code, description] pairs). Everything outside ASCII is written as
 * {@code \}{@code uXXXX}, so any Java string (NUL and lone surrogates included) fits a database
 * text column and reads back unchanged. Reading is strict: anything else is an
 * {@link IllegalArgumentException} that does not echo the text.
 */
final class JsonColumns {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonColumns() {
    }

    /** An object of strings, keys sorted. */
    static String writeObject(Map<String, String> members) {
        return write(new TreeMap<>(members));
    }

    /** An array of [key, value] pairs, in order. */
    static String writePairs(List<Map.Entry<String, String>> pairs) {
        List<List<String>> rows = new ArrayList<>(pairs.size());
        for (Map.Entry<String, String> pair : pairs) {
            rows.add(List.of(pair.getKey(), pair.getValue()));
        }
        return write(rows);
    }

    /** The members of an object of strings, in stored order. */
    static Map<String, String> readObject(String json) {
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw malformed();
        }
        Map<String, String> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : root.properties()) {
            members.put(member.getKey(), text(member.getValue()));
        }
        return members;
    }

    /** The pairs of an array of [key, value] pairs, in order. */
    static List<Map.Entry<String, String>> readPairs(String json) {
        JsonNode root = parse(json);
        if (!root.isArray()) {
            throw malformed();
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>(root.size());
        for (JsonNode pair : root) {
            if (!pair.isArray() || pair.size() != 2) {
                throw malformed();
            }
            pairs.add(Map.entry(text(pair.get(0)), text(pair.get(1))));
        }
        return pairs;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("strings always serialise", e);
        }
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            throw malformed();
        }
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw malformed();
            }
            return root;
        } catch (JacksonException e) {
            throw malformed();
        }
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw malformed();
        }
        return node.textValue();
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("Malformed JSON column");
    }
}

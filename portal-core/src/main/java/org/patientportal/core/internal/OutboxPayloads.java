package org.patientportal.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
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
        try {
            return JSON.writeValueAsString(new TreeMap<>(parameters));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serialisable", e);
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

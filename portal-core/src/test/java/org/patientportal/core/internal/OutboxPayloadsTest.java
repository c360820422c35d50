package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OutboxPayloads")
class OutboxPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("NT-2 the hand-written JSON object reads back, with Jackson, as the map written: quotes, escapes, controls, non-ASCII, null")
    void objectReadsBack() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("plain", "appointment:3f2a");
        fields.put("quote\"key", "back\\slash / \"quoted\"");
        fields.put("controls", "a\nb\rc\td\be\ff\u0000g\u001fh");
        fields.put("unicode", "Zoë ✓ \uD83D\uDE00");
        fields.put("missing", null);
        String text = OutboxPayloads.object(fields);
        assertThat(JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { }))
                .containsExactlyEntriesOf(fields);
        assertThat(JSON.readValue(OutboxPayloads.jsonString(text), String.class)).isEqualTo(text);
        assertThat(OutboxPayloads.jsonString(text)).isEqualTo(JSON.writeValueAsString(text));
        assertThat(OutboxPayloads.write(Map.of("b", "2", "a", "1"))).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}")
                .isEqualTo(JSON.writeValueAsString(new TreeMap<>(Map.of("b", "2", "a", "1"))));
    }

    @Test
    @DisplayName("IN-1 an object written member by member is the object written from the map: escapes, controls, null")
    void membersWriteTheSameObject() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "3f2a");
        fields.put("by", "patient \"x\" \\ \u0001\u001f\u007f é ✓ \uD83D\uDE00");
        fields.put("closedAt", null);
        fields.put("", "");
        StringBuilder out = new StringBuilder().append('{');
        fields.forEach((key, value) -> OutboxPayloads.member(out, key, value));
        assertThat(out.append('}').toString()).isEqualTo(OutboxPayloads.object(fields));
    }

    @Test
    @DisplayName("IN-1 a stored result's string literal reads back with Jackson and is the literal of a payload, for every character up to U+00FF and beyond")
    void jsonStringReadsBack() throws Exception {
        StringBuilder latin1 = new StringBuilder("{\"id\":\"3f2a\"}");
        for (char c = 0; c <= 0xFF; c++) {
            latin1.append(c);
        }
        for (String text : new String[] {latin1.toString(), "", "plain", latin1 + "\u0100", "\u2028 \uD83D\uDE00 \"q\""}) {
            String literal = OutboxPayloads.jsonString(text);
            assertThat(JSON.readValue(literal, String.class)).isEqualTo(text);
            assertThat("{\"k\":" + literal + "}").isEqualTo(OutboxPayloads.object(Map.of("k", text)));
        }
    }
}

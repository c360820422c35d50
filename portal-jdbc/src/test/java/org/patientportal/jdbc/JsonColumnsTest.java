package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonColumnsTest {
    @Test
    @DisplayName("any map of strings round-trips, keys sorted, control characters and lone surrogates escaped")
    void roundTrips() {
        Map<String, String> tricky = Map.of("", "", "q\"uote", "back\\slash/", "ctl", "\u0000\u0001\n\r\t\b\f\u007f",
                "lone", "\uD800x\uDC00", "pair", "\uD83D\uDE00", "uni", "\u2028é中");
        String json = JsonColumns.writeObject(tricky);
        assertThat(json).startsWith("{\"\":\"\",\"ctl\":").doesNotContain("\u0000").doesNotContain("\n");
        assertThat(JsonColumns.readObject(json)).isEqualTo(tricky);
        assertThat(JsonColumns.writeObject(Map.of())).isEqualTo("{}");
        assertThat(JsonColumns.readObject(" { } ")).isEmpty();
        assertThat(JsonColumns.readObject("{ \"a\" : \"\\u0041\\/\" }")).isEqualTo(Map.of("a", "A/"));

        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            Map<String, String> map = new HashMap<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                map.put(randomString(random), randomString(random));
            }
            assertThat(JsonColumns.readObject(JsonColumns.writeObject(map))).isEqualTo(map);
        }
    }

    @Test
    @DisplayName("reading is strict: anything but an object of strings is refused, without echoing it")
    void strict() {
        for (String bad : new String[] {"", "[]", "{", "{\"a\"}", "{\"a\":1}", "{\"a\":null}", "{\"a\":\"b\",}",
                "{\"a\":\"b\"} x", "{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
                "{\"a\":\"\u0001\"}", "{'a':'b'}", "{\"a\":\"b\"\"c\":\"d\"}"}) {
            assertThatThrownBy(() -> JsonColumns.readObject(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Malformed JSON column");
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            s.append((char) random.nextInt(0x10000));
        }
        return s.toString();
    }

    @Test
    @DisplayName("pairs (a visit's diagnoses) round-trip in order, duplicates and any text included; reading them is strict")
    void pairs() {
        List<Map.Entry<String, String>> pairs = List.of(Map.entry("E11.9", "Type 2 \"diabetes\", [x]"),
                Map.entry("E11.9", "again"), Map.entry("", "\u0000\n\uD800\uD83D\uDE00"), Map.entry("Z00.0", ""));
        String json = JsonColumns.writePairs(pairs);
        assertThat(json).startsWith("[[\"E11.9\",").doesNotContain("\n");
        assertThat(JsonColumns.readPairs(json)).isEqualTo(pairs);
        assertThat(JsonColumns.writePairs(List.of())).isEqualTo("[]");
        assertThat(JsonColumns.readPairs(" [ [ \"a\" , \"b\" ] ] ")).containsExactly(Map.entry("a", "b"));
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Map.Entry<String, String>> list = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                list.add(Map.entry(randomString(random), randomString(random)));
            }
            assertThat(JsonColumns.readPairs(JsonColumns.writePairs(list))).isEqualTo(list);
        }
        for (String bad : new String[] {"", "{}", "[", "[[]]", "[[\"a\"]]", "[[\"a\",\"b\",\"c\"]]", "[[\"a\",1]]",
                "[[\"a\",\"b\"],]", "[[\"a\",\"b\"]] x", "[\"a\",\"b\"]"}) {
            assertThatThrownBy(() -> JsonColumns.readPairs(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Malformed JSON column");
        }
    }
}

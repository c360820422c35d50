package org.patientportal.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdMapTest {
    /** A key whose hash the test picks, so that probe runs collide and wrap around the table's end. */
    private record Key(int hash, int id) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    @DisplayName("puts, replacements and removes (backward shift) agree with a HashMap, colliding hashes and growth included")
    void agreesWithHashMap() {
        Random random = new Random(8);
        IdMap<Key, Integer> map = new IdMap<>();
        Map<Key, Integer> expected = new HashMap<>();
        List<Key> known = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || known.isEmpty()) {
                Key key = new Key(random.nextInt(64), random.nextInt(5_000));
                known.add(key);
                assertThat(map.put(key, step)).isEqualTo(expected.put(key, step));
            } else if (op < 8) {
                Key key = known.get(random.nextInt(known.size()));
                assertThat(map.remove(key)).isEqualTo(expected.remove(key));
            } else {
                Key key = known.get(random.nextInt(known.size()));
                assertThat(map.get(key)).isEqualTo(expected.get(key));
            }
            if (step % 10_000 == 0) {
                assertThat(map.consistent()).isTrue();
            }
        }
        assertThat(map.size()).isEqualTo(expected.size());
        assertThat(map.consistent()).isTrue();
        expected.forEach((key, value) -> assertThat(map.get(key)).isEqualTo(value));
    }

    @Test
    @DisplayName("random UUID keys: every one is found after growth, and removing them all empties the map")
    void uuids() {
        IdMap<UUID, UUID> map = new IdMap<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            assertThat(map.put(id, id)).isNull();
        }
        assertThat(map.get(UUID.randomUUID())).isNull();
        for (UUID id : ids) {
            assertThat(map.get(id)).isSameAs(id);
        }
        for (UUID id : ids) {
            assertThat(map.remove(id)).isSameAs(id);
        }
        assertThat(map.size()).isZero();
        assertThat(map.consistent()).isTrue();
    }

    @Test
    @DisplayName("removing most entries compacts the log: what is left is found, in a log no longer than twice the entries and the holes kept")
    void compaction() {
        IdMap<UUID, UUID> map = new IdMap<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            map.put(id, id);
        }
        for (UUID id : ids.subList(0, 19_000)) {
            assertThat(map.remove(id)).isSameAs(id);
        }
        assertThat(map.logLength()).isLessThanOrEqualTo(2 * map.size() + 1024 + 1);
        assertThat(map.consistent()).isTrue();
        for (UUID id : ids.subList(19_000, 20_000)) {
            assertThat(map.get(id)).isSameAs(id);
        }
        assertThat(map.get(ids.get(0))).isNull();
        UUID replaced = ids.get(19_500);
        UUID other = UUID.randomUUID();
        assertThat(map.put(replaced, other)).isSameAs(replaced);
        assertThat(map.get(replaced)).isSameAs(other);
    }
}

package org.patientportal.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StartIndexTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static StartKey<UUID> key(Random random) {
        UUID id = new UUID(random.nextInt(4) - 2, random.nextInt(8) - 4);
        return new StartKey<>(T0.plusSeconds(random.nextInt(300)).plusNanos(random.nextInt(3)), id, id);
    }

    private static <T> List<T> list(Iterable<T> keys) {
        List<T> out = new ArrayList<>();
        keys.forEach(out::add);
        return out;
    }

    @Test
    @DisplayName("adds, removes and ranges both ways agree with a TreeSet in (start, id) order, through splits and emptied leaves")
    void agreesWithTreeSet() {
        Random random = new Random(12);
        StartIndex<UUID> index = new StartIndex<>();
        NavigableSet<StartKey<UUID>> expected = new TreeSet<>(StartKey::compare);
        for (int step = 0; step < 60_000; step++) {
            StartKey<UUID> key = key(random);
            // phases that grow and shrink the tree, so that leaves and inner nodes empty out
            boolean adding = (step / 10_000) % 2 == 0 ? random.nextInt(10) < 7 : random.nextInt(10) < 3;
            if (adding) {
                assertThat(index.add(key)).isEqualTo(expected.add(key));
            } else {
                assertThat(index.remove(key)).isEqualTo(expected.remove(key));
            }
            assertThat(index.size()).isEqualTo(expected.size());
            if (step % 500 == 0) {
                assertThat(list(index)).containsExactlyElementsOf(expected);
                StartKey<UUID> from = key(random);
                StartKey<UUID> to = key(random);
                if (StartKey.compare(from, to) > 0) {
                    StartKey<UUID> swap = from;
                    from = to;
                    to = swap;
                }
                for (boolean fromIn : new boolean[] {true, false}) {
                    for (boolean toIn : new boolean[] {true, false}) {
                        if (StartKey.compare(from, to) == 0 && !(fromIn && toIn)) {
                            continue;
                        }
                        assertThat(list(index.range(from, fromIn, to, toIn, false)))
                                .containsExactlyElementsOf(expected.subSet(from, fromIn, to, toIn));
                        assertThat(list(index.range(from, fromIn, to, toIn, true)))
                                .containsExactlyElementsOf(expected.subSet(from, fromIn, to, toIn).descendingSet());
                    }
                }
                assertThat(list(index.range(from, false, null, false, false)))
                        .containsExactlyElementsOf(expected.tailSet(from, false));
                assertThat(list(index.range(null, false, to, false, true)))
                        .containsExactlyElementsOf(expected.headSet(to, false).descendingSet());
            }
        }
    }

    @Test
    @DisplayName("keys added in order (leaves split at their end) and then removed agree with a TreeSet, ids and keys both ways")
    void appendsInOrder() {
        Random random = new Random(3);
        StartIndex<UUID> index = new StartIndex<>();
        NavigableSet<StartKey<UUID>> expected = new TreeSet<>(StartKey::compare);
        List<StartKey<UUID>> added = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            StartKey<UUID> key = new StartKey<>(T0.plusMillis(i), id, id);
            added.add(key);
            assertThat(index.add(key)).isTrue();
            expected.add(key);
        }
        assertThat(list(index)).containsExactlyElementsOf(expected);
        for (int i = 0; i < added.size(); i += 1 + random.nextInt(3)) {
            assertThat(index.remove(added.get(i))).isTrue();
            expected.remove(added.get(i));
        }
        assertThat(index.size()).isEqualTo(expected.size());
        StartKey<UUID> from = added.get(5_000);
        StartKey<UUID> to = added.get(30_000);
        assertThat(list(index.range(from, true, to, false, true)))
                .containsExactlyElementsOf(expected.subSet(from, true, to, false).descendingSet());
        assertThat(list(index.ids(from, false, to, true, false)))
                .containsExactlyElementsOf(expected.subSet(from, false, to, true).stream().map(StartKey::id).toList());
        for (StartKey<UUID> key : added) {
            index.remove(key);
        }
        assertThat(index.isEmpty()).isTrue();
        assertThat(list(index)).isEmpty();
    }

    @Test
    @DisplayName("an iterator goes on after its last key when the index changes under it (as a skip list's would)")
    void iteratorAfterChange() {
        StartIndex<UUID> index = new StartIndex<>();
        List<StartKey<UUID>> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            UUID id = new UUID(0, i);
            StartKey<UUID> key = new StartKey<>(T0.plusSeconds(i), id, id);
            keys.add(key);
            index.add(key);
        }
        Iterator<StartKey<UUID>> walk = index.iterator();
        List<StartKey<UUID>> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            seen.add(walk.next());
        }
        for (int i = 0; i < 600; i++) {
            index.remove(keys.get(i)); // empties leaves behind and around the cursor
        }
        walk.forEachRemaining(seen::add);
        assertThat(seen.subList(0, 100)).containsExactlyElementsOf(keys.subList(0, 100));
        assertThat(seen.subList(100, seen.size())).containsExactlyElementsOf(keys.subList(600, 1000));
    }
}

package org.patientportal.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Uuids;

class TableTest {
    private record Row(UUID id, int value) {
    }

    @Test
    @DisplayName("a committed row is found whatever order the ids came in, and an id above every committed one is absent")
    void newestIdShortcut() {
        Table<UUID, Row> table = Table.unorderedIds("row", Row::id, Uuids.UNSIGNED_ORDER);
        assertThat(table.get(Uuids.timeOrdered())).isNull();
        Random random = new Random(16);
        List<UUID> committed = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // new ids of this JVM, others far below and above them, and top-bit ids (unsigned order)
            UUID id = switch (i % 4) {
                case 0 -> Uuids.timeOrdered();
                case 1 -> new UUID(random.nextLong() >>> 8, random.nextLong());
                case 2 -> new UUID(-1L - random.nextInt(1000), random.nextLong());
                default -> new UUID(0, i);
            };
            assertThat(table.get(id)).isNull();
            table.apply(id, new Row(id, i));
            committed.add(id);
            UUID probe = committed.get(random.nextInt(committed.size()));
            assertThat(table.get(probe)).extracting(Row::id).isEqualTo(probe);
        }
        for (int i = 0; i < committed.size(); i++) {
            assertThat(table.get(committed.get(i)).value()).isEqualTo(i);
        }
        UUID greatest = committed.stream().max(Uuids.UNSIGNED_ORDER).orElseThrow();
        table.apply(greatest, new Row(greatest, -1));
        assertThat(table.get(greatest).value()).as("a replaced row").isEqualTo(-1);
        assertThat(table.get(new UUID(-1L, -1L))).isNull();
    }
}

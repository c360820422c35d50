package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqlTest {
    private static final DateTimeFormatter POSTGRES_TEXT = DateTimeFormatter
            .ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Edges of the text form, then random instants from 1900 to 2200. */
    private static List<Instant> instants() {
        List<Instant> out = new ArrayList<>(List.of(Instant.EPOCH, Instant.EPOCH.minusNanos(1_000),
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("1900-02-28T12:34:56.000001Z"), Instant.parse("2024-02-29T23:59:59.5Z"),
                Fixtures.T0));
        SplittableRandom random = new SplittableRandom(8);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 1_000; i++) {
            out.add(Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000) * 1_000L));
        }
        return out;
    }

    @Test
    @DisplayName("an instant's timestamptz text is its UTC date and time to the microsecond; years outside 1-9999 have none")
    void timestamptzText() {
        for (Instant instant : instants()) {
            assertThat(Sql.timestamptz(instant)).isEqualTo(POSTGRES_TEXT.format(instant));
        }
        assertThat(Sql.timestamptz(Instant.parse("0001-01-01T00:00:00Z").minusNanos(1_000))).isNull();
        assertThat(Sql.timestamptz(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
    }

    @Test
    @DisplayName("PostgreSQL reads back every instant bound as it was written (microseconds), whatever the session's time zone")
    void postgresRoundTrip() throws Exception {
        List<Instant> written = new ArrayList<>(instants());
        written.add(Instant.parse("+10000-01-01T00:00:00Z"));   // bound as an OffsetDateTime
        written.add(Instant.parse("2026-03-01T09:00:00.123456789Z"));   // truncated to microseconds
        try (TestDatabases.TestDatabase database = TestDatabases.postgres();
             Connection connection = database.dataSource().getConnection()) {
            try (Statement setUp = connection.createStatement()) {
                setUp.execute("SET TIME ZONE 'America/New_York'");
                setUp.execute("CREATE TEMPORARY TABLE instants (n integer PRIMARY KEY, at timestamptz)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO instants (n, at) VALUES (?, ?)")) {
                for (int n = 0; n < written.size(); n++) {
                    new Sql.Params(insert, true).integer(n).instant(written.get(n));
                    insert.addBatch();
                }
                new Sql.Params(insert, true).integer(-1).instant(null);
                insert.addBatch();
                insert.executeBatch();
            }
            List<Instant> read = new ArrayList<>();
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT at FROM instants WHERE n >= 0 ORDER BY n")) {
                while (rows.next()) {
                    read.add(Sql.instant(rows, "at"));
                }
            }
            assertThat(read).containsExactlyElementsOf(written.stream().map(Sql::micros).toList());
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT count(*) FROM instants WHERE n = -1 AND at IS NULL")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }
}
